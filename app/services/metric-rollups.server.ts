// Keeping the metric rollups current on write (ADR 008). Every write that can change what an
// occurrence contributes (attendance, roster ticks, cancelling or restoring a session) reads the
// occurrence's contribution before and after the change, in the write's transaction, and moves
// the rollups by the difference. Re-saving the same thing is a zero difference: idempotent.
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "~/lib/db.server";
import { rowsOf } from "~/lib/db-rows.server";
import { fiscalYearOf, fiscalYearPeriod, monthIndex, monthKey } from "~/lib/metrics/periods";

/** What one occurrence adds to its hub × category × month (zero unless it is held). */
export interface Contribution {
  occurrenceId: number;
  hubId: number;
  categoryId: number;
  month: string;
  fiscalYear: number;
  sessions: number;
  participants: number;
  firstTimers: number;
  supportedParticipants: number;
  volunteerHours: number;
}

/**
 * The occurrences' contributions now. Held = not cancelled and with an attendance record
 * (INDICATORS.md); hours = attended role sign-ups × the session's length in hours.
 */
export async function readContributions(tx: Db, occurrenceIds: number[]): Promise<Contribution[]> {
  if (occurrenceIds.length === 0) return [];
  const rows = rowsOf<{
    id: number;
    hub_id: number;
    category_id: number;
    starts_at: string | Date;
    hours: number;
    held: boolean;
    participants: number | null;
    first_timers: number | null;
    supported_participants: number | null;
    attended: number;
  }>(
    await tx.execute(sql`select o.id, a.hub_id, a.category_id, o.starts_at,
        extract(epoch from (o.ends_at - o.starts_at))::float8 / 3600 as hours,
        (o.status = 'scheduled' and r.id is not null) as held,
        r.participants, r.first_timers, r.supported_participants,
        (select count(*) from signups s where s.occurrence_id = o.id and s.status = 'attended')::int as attended
      from occurrences o join activities a on a.id = o.activity_id
      left join attendance_records r on r.occurrence_id = o.id
      where o.id in (${sql.join(occurrenceIds.map((id) => sql`${id}`), sql`, `)})`),
  );
  return rows.map((row) => {
    const startsAt = new Date(row.starts_at);
    const held = row.held === true || String(row.held) === "t";
    return {
      occurrenceId: Number(row.id),
      hubId: Number(row.hub_id),
      categoryId: Number(row.category_id),
      month: monthKey(startsAt),
      fiscalYear: fiscalYearOf(startsAt),
      sessions: held ? 1 : 0,
      participants: held ? Number(row.participants ?? 0) : 0,
      firstTimers: held ? Number(row.first_timers ?? 0) : 0,
      supportedParticipants: held ? Number(row.supported_participants ?? 0) : 0,
      // Rounded to the minute so repeated deltas of floats cannot drift.
      volunteerHours: held ? Math.round(Number(row.attended) * Number(row.hours) * 60) / 60 : 0,
    };
  });
}

const additive = ["sessions", "participants", "firstTimers", "supportedParticipants", "volunteerHours"] as const;

/**
 * Moves the rollups from `before` to the occurrences' contributions now, refreshes the 担い手
 * sets of each hub-month touched and each hub's first held month. Call inside the transaction
 * that changed them, after the change.
 */
export async function applyContributionChanges(tx: Db, before: Contribution[]): Promise<void> {
  if (before.length === 0) return;
  const after = await readContributions(tx, before.map((b) => b.occurrenceId));
  const touched = new Map<string, { hubId: number; categoryId: number; month: string; fiscalYear: number }>();
  const city = new Map<number, CityDelta>();
  const cityOf = (year: number) => {
    let entry = city.get(year);
    if (!entry) city.set(year, (entry = emptyCityDelta()));
    return entry;
  };
  // Additive figures per scope and month ('city', 'kind:<id>', 'category:<id>'; db/schema-metrics.ts).
  const scopeMonths = new Map<string, CityDelta>();
  const hubIds = [...new Set([...before, ...after].map((c) => c.hubId))].sort((x, y) => x - y);
  const years = [...new Set([...before, ...after].map((c) => c.fiscalYear))];
  // One writer per hub at a time, taken in hub order before anything is read: whether a hub's
  // 年度 or month flips (active, new, continuing) is decided from its state before and after this
  // write, which a concurrent write of the same hub must not change in between.
  for (const hubId of hubIds) {
    await tx.execute(sql`insert into metric_hub_activity (hub_id, scope) values (${hubId}, 'city') on conflict (hub_id, scope) do update set scope = excluded.scope`);
  }
  const statesBefore = await hubYearStates(tx, hubIds, years);
  const scopesOf = (key: { hubId: number; categoryId: number }) => ["city", `kind:${statesBefore.get(key.hubId)?.kindId}`, `category:${key.categoryId}`];

  for (const old of before) {
    const now = after.find((a) => a.occurrenceId === old.occurrenceId);
    // An occurrence deleted in the change contributes nothing now.
    const parts = [...(now ? [{ key: now, sign: 1 }] : []), { key: old, sign: -1 }];
    for (const part of parts) touched.set(`${part.key.hubId}|${part.key.categoryId}|${part.key.month}`, part.key);
    const deltas = new Map<string, { key: Contribution; delta: Record<(typeof additive)[number], number> }>();
    for (const { key, sign } of parts) {
      const id = `${key.hubId}|${key.categoryId}|${key.month}`;
      const entry = deltas.get(id) ?? { key, delta: { sessions: 0, participants: 0, firstTimers: 0, supportedParticipants: 0, volunteerHours: 0 } };
      for (const field of additive) entry.delta[field] += sign * key[field];
      deltas.set(id, entry);
    }
    for (const { key, delta } of deltas.values()) {
      if (additive.every((field) => delta[field] === 0)) continue;
      await moveRollups(tx, key, delta);
      const summaries = [cityOf(key.fiscalYear)];
      for (const scope of scopesOf(key)) {
        const id = `${scope}|${key.month}`;
        if (!scopeMonths.has(id)) scopeMonths.set(id, emptyCityDelta());
        summaries.push(scopeMonths.get(id) ?? emptyCityDelta());
      }
      for (const summary of summaries) for (const field of additive) summary[field] += delta[field];
    }
  }
  // The month sets, then the month pairs of each scope: hubs (their 'city' set also counts for
  // their kind), 自治会 and people, each locked and recomputed in one order.
  const people = new Set<string>();
  for (const key of touched.values()) {
    const changed = await refreshOperators(tx, key);
    cityOf(key.fiscalYear).operators += changed.yearRows;
    for (const person of changed.people) for (const scope of scopesOf(key)) people.add(`${scope}|${person}`);
  }
  const pairs = new Map<string, number>();
  const associations = new Set<string>();
  for (const hubId of hubIds) {
    const state = statesBefore.get(hubId);
    const categories = [...new Set([...touched.values()].filter((k) => k.hubId === hubId).map((k) => k.categoryId))];
    for (const [scope, change] of await refreshHubActivity(tx, hubId, categories)) {
      const counted = scope === "city" ? ["city", `kind:${state?.kindId}`] : [scope];
      for (const s of counted) {
        if (countMonthPairs(pairs, s, "hub", change)) for (const id of state?.associations ?? []) associations.add(`${s}|${id}`);
      }
    }
  }
  for (const key of [...associations].sort()) {
    const [scope = "city", id] = key.split("|");
    await refreshAssociationActivity(tx, scope, Number(id));
  }
  for (const key of [...people].sort()) {
    const [scope = "city", ...rest] = key.split("|");
    countMonthPairs(pairs, scope, "person", await refreshPersonActivity(tx, scope, rest.join("|")));
  }

  // Hub-level figures (active, new, continuing, 自治会) move only when a hub's 年度 flips.
  const statesAfter = await hubYearStates(tx, hubIds, years);
  for (const hubId of hubIds) {
    const b = statesBefore.get(hubId);
    const a = statesAfter.get(hubId);
    if (!a || !b) continue;
    for (const year of years) {
      const was = b.active.has(year);
      const is = a.active.has(year);
      if (was !== is) {
        cityOf(year).activeHubs += is ? 1 : -1;
        for (const associationId of a.associations) {
          const flipped = await moveAssociationYear(tx, year, associationId, is ? 1 : -1);
          if (flipped) cityOf(year).activeAssociations += is ? 1 : -1;
        }
      }
    }
    // 継続: active this year and the one before; a change in one 年度 also moves the next one's.
    for (const y of new Set(years.flatMap((year) => [year, year + 1]))) {
      const wasContinuing = b.active.has(y) && b.active.has(y - 1);
      const isContinuing = a.active.has(y) && a.active.has(y - 1);
      if (wasContinuing !== isContinuing) cityOf(y).continuingHubs += isContinuing ? 1 : -1;
    }
    if (b.firstYear !== a.firstYear) {
      if (b.firstYear !== null) cityOf(b.firstYear).newHubs -= 1;
      if (a.firstYear !== null) cityOf(a.firstYear).newHubs += 1;
    }
  }
  // Last and in year (then month) order, so concurrent writes take the city rows' locks in one order.
  for (const year of [...city.keys()].sort((x, y) => x - y)) await moveCityYear(tx, year, city.get(year) ?? emptyCityDelta());
  for (const key of [...scopeMonths.keys()].sort()) await moveScopeMonth(tx, key, scopeMonths.get(key) ?? emptyCityDelta());
  await moveMonthPairs(tx, pairs);
}

/** A set of months before and after a write, oldest first. */
interface MonthSetChange {
  before: number[];
  after: number[];
}

/**
 * Counts the change of one hub's or person's (month, previous month) pairs in a scope into
 * `pairs` (db/schema-metrics.ts: metric_month_pairs); true when the set of months changed at all.
 */
function countMonthPairs(pairs: Map<string, number>, scope: string, subject: "hub" | "person", change: MonthSetChange): boolean {
  const keys = (months: number[]) => months.map((m, i) => `${scope}|${subject}|${m}|${i === 0 ? -1 : months[i - 1]}`);
  for (const key of keys(change.before)) pairs.set(key, (pairs.get(key) ?? 0) - 1);
  for (const key of keys(change.after)) pairs.set(key, (pairs.get(key) ?? 0) + 1);
  return change.before.join() !== change.after.join();
}

/** Moves the city's month-pair counts, in key order (city rows: last, one order for every write). */
async function moveMonthPairs(tx: Db, pairs: Map<string, number>): Promise<void> {
  const moves = [...pairs.entries()]
    .filter(([, n]) => n !== 0)
    .map(([key, n]) => {
      const [scope = "city", subject = "hub", month, prev] = key.split("|");
      return { scope, subject, month: Number(month), prev: Number(prev), n };
    })
    .sort((x, y) => x.scope.localeCompare(y.scope) || x.subject.localeCompare(y.subject) || x.month - y.month || x.prev - y.prev);
  for (const { scope, subject, month, prev, n } of moves) {
    const row = sql`scope = ${scope} and subject = ${subject} and month = ${month} and prev_month = ${prev}`;
    await tx.execute(sql`insert into metric_month_pairs (scope, subject, month, prev_month) values (${scope}, ${subject}, ${month}, ${prev}) on conflict do nothing`);
    await tx.execute(sql`update metric_month_pairs set n = n + ${n} where ${row}`);
  }
}

function monthsOf(row: { months?: unknown } | undefined): number[] {
  return Array.isArray(row?.months) ? row.months.map(Number) : [];
}

/** The rows of `metric_operator_activity` (o) and `metric_hub_activity` (a) that count for a scope. */
function scopeRows(scope: string, table: "o" | "a"): SQL {
  const [kind, id] = scope.split(":");
  if (kind === "kind") return sql`${sql.raw(table)}.hub_id in (select h.id from hubs h where h.kind_id = ${Number(id)})`;
  if (kind === "category") return table === "o" ? sql`o.category_id = ${Number(id)}` : sql`a.scope = ${scope}`;
  return table === "a" ? sql`a.scope = 'city'` : sql`true`;
}

/**
 * A person's months in a scope, recomputed from their per-hub rows. Their row is locked first,
 * so a concurrent write for the same person recomputes after this one commits and sees it.
 */
async function refreshPersonActivity(tx: Db, scope: string, person: string): Promise<MonthSetChange> {
  const [locked] = rowsOf<{ months: unknown }>(
    await tx.execute(sql`insert into metric_operator_people (scope, person) values (${scope}, ${person})
      on conflict (scope, person) do update set person = excluded.person returning months`),
  );
  const [row] = rowsOf<{ months: unknown }>(
    await tx.execute(sql`update metric_operator_people set months = coalesce((
        select array_agg(distinct m order by m) from metric_operator_activity o, unnest(o.months) m where o.person = ${person} and ${scopeRows(scope, "o")}
      ), '{}') where scope = ${scope} and person = ${person} returning months`),
  );
  return { before: monthsOf(locked), after: monthsOf(row) };
}

/** A 自治会's months in a scope: the union of the months of its hubs there (its row locked first, as above). */
async function refreshAssociationActivity(tx: Db, scope: string, associationId: number): Promise<void> {
  await tx.execute(sql`insert into metric_association_activity (scope, association_id) values (${scope}, ${associationId})
    on conflict (scope, association_id) do update set scope = excluded.scope`);
  await tx.execute(sql`update metric_association_activity set months = coalesce((
      select array_agg(distinct m order by m) from metric_hub_activity a join hub_associations ha on ha.hub_id = a.hub_id, unnest(a.months) m
      where ha.association_id = ${associationId} and ${scopeRows(scope, "a")}
    ), '{}') where scope = ${scope} and association_id = ${associationId}`);
}

interface CityDelta {
  activeHubs: number;
  newHubs: number;
  continuingHubs: number;
  activeAssociations: number;
  operators: number;
  sessions: number;
  participants: number;
  firstTimers: number;
  supportedParticipants: number;
  volunteerHours: number;
}

function emptyCityDelta(): CityDelta {
  return { activeHubs: 0, newHubs: 0, continuingHubs: 0, activeAssociations: 0, operators: 0, sessions: 0, participants: 0, firstTimers: 0, supportedParticipants: 0, volunteerHours: 0 };
}

/** Per hub: the 年度s (of `years` ± 1) with a held session, its first held 年度, its 自治会, its kind. */
async function hubYearStates(tx: Db, hubIds: number[], years: number[]) {
  const states = new Map<number, { active: Set<number>; firstYear: number | null; associations: number[]; kindId: number }>();
  if (hubIds.length === 0) return states;
  const ids = sql.join(hubIds.map((id) => sql`${id}`), sql`, `);
  const low = Math.min(...years) - 1;
  const high = Math.max(...years) + 1;
  const active = rowsOf<{ hub_id: number; fiscal_year: number }>(
    await tx.execute(sql`select hub_id, fiscal_year from metric_hub_years where hub_id in (${ids})
      and fiscal_year between ${low} and ${high} group by hub_id, fiscal_year having sum(sessions) > 0`),
  );
  const first = rowsOf<{ hub_id: number; first: string }>(
    await tx.execute(sql`select hub_id, to_char(first_month, 'YYYY-MM-DD') as first from metric_hub_first_held where hub_id in (${ids})`),
  );
  const served = rowsOf<{ hub_id: number; association_id: number }>(
    await tx.execute(sql`select hub_id, association_id from hub_associations where hub_id in (${ids}) order by association_id`),
  );
  const kinds = rowsOf<{ id: number; kind_id: number }>(await tx.execute(sql`select id, kind_id from hubs where id in (${ids})`));
  for (const hubId of hubIds) {
    const f = first.find((r) => Number(r.hub_id) === hubId)?.first;
    states.set(hubId, {
      active: new Set(active.filter((r) => Number(r.hub_id) === hubId).map((r) => Number(r.fiscal_year))),
      firstYear: f ? fiscalYearOf(new Date(`${f}T12:00:00+09:00`)) : null,
      associations: served.filter((r) => Number(r.hub_id) === hubId).map((r) => Number(r.association_id)),
      kindId: Number(kinds.find((r) => Number(r.id) === hubId)?.kind_id),
    });
  }
  return states;
}

/** Moves a 自治会's active-hub count for a 年度; true when it went from 0 to 1 or from 1 to 0. */
async function moveAssociationYear(tx: Db, year: number, associationId: number, delta: 1 | -1): Promise<boolean> {
  await tx.execute(sql`insert into metric_association_years (fiscal_year, association_id) values (${year}, ${associationId}) on conflict do nothing`);
  const [row] = rowsOf<{ active_hubs: number }>(
    await tx.execute(sql`update metric_association_years set active_hubs = active_hubs + ${delta}
      where fiscal_year = ${year} and association_id = ${associationId} returning active_hubs`),
  );
  const now = Number(row?.active_hubs ?? 0);
  return delta === 1 ? now === 1 : now === 0;
}

async function moveCityYear(tx: Db, year: number, d: CityDelta): Promise<void> {
  if (Object.values(d).every((v) => v === 0)) return;
  await tx.execute(sql`insert into metric_city_years (fiscal_year) values (${year}) on conflict do nothing`);
  await tx.execute(sql`update metric_city_years set
      active_hubs = active_hubs + ${d.activeHubs}, new_hubs = new_hubs + ${d.newHubs},
      continuing_hubs = continuing_hubs + ${d.continuingHubs}, active_associations = active_associations + ${d.activeAssociations},
      operators = operators + ${d.operators}, sessions = sessions + ${d.sessions}, participants = participants + ${d.participants},
      first_timers = first_timers + ${d.firstTimers}, supported_participants = supported_participants + ${d.supportedParticipants},
      volunteer_hours = round((volunteer_hours + ${d.volunteerHours})::numeric, 6)::float8
    where fiscal_year = ${year}`);
}

/** `key` is "<scope>|<month>". */
async function moveScopeMonth(tx: Db, key: string, d: CityDelta): Promise<void> {
  if (additive.every((field) => d[field] === 0)) return;
  const [scope = "city", month = ""] = key.split("|");
  await tx.execute(sql`insert into metric_scope_months (scope, month) values (${scope}, ${month}::date) on conflict do nothing`);
  await tx.execute(sql`update metric_scope_months set ${additiveSet(d)} where scope = ${scope} and month = ${month}::date`);
}

/** `sessions = sessions + …` for the five additive columns a rollup row shares. */
function additiveSet(d: Record<(typeof additive)[number], number>) {
  return sql`sessions = sessions + ${d.sessions}, participants = participants + ${d.participants},
    first_timers = first_timers + ${d.firstTimers}, supported_participants = supported_participants + ${d.supportedParticipants},
    volunteer_hours = round((volunteer_hours + ${d.volunteerHours})::numeric, 6)::float8`;
}

async function moveRollups(
  tx: Db,
  key: { hubId: number; categoryId: number; month: string; fiscalYear: number },
  delta: Record<(typeof additive)[number], number>,
): Promise<void> {
  const set = additiveSet(delta);
  // Make sure the rows exist (a negative delta would fail the CHECK as an insert), then add the
  // difference: the UPDATE's row lock queues concurrent writes of one hub-month.
  await tx.execute(sql`insert into metric_hub_months (hub_id, category_id, month) values (${key.hubId}, ${key.categoryId}, ${key.month}::date) on conflict do nothing`);
  await tx.execute(sql`update metric_hub_months set ${set} where hub_id = ${key.hubId} and category_id = ${key.categoryId} and month = ${key.month}::date`);
  await tx.execute(sql`insert into metric_hub_years (hub_id, category_id, fiscal_year) values (${key.hubId}, ${key.categoryId}, ${key.fiscalYear}) on conflict do nothing`);
  await tx.execute(sql`update metric_hub_years set ${set} where hub_id = ${key.hubId} and category_id = ${key.categoryId} and fiscal_year = ${key.fiscalYear}`);
  if (delta.sessions === 0 && delta.participants === 0) return;
  await tx.execute(sql`insert into metric_hub_year_totals (fiscal_year, hub_id) values (${key.fiscalYear}, ${key.hubId}) on conflict do nothing`);
  await tx.execute(sql`update metric_hub_year_totals set sessions = sessions + ${delta.sessions}, participants = participants + ${delta.participants}
    where fiscal_year = ${key.fiscalYear} and hub_id = ${key.hubId}`);
}

/**
 * The people who ran this hub's sessions of this category in this month (担い手), recomputed from
 * the sessions themselves: whoever recorded attendance, and everyone ticked attended in a role, of
 * held sessions only. A 参加支援 guest is one person across bookings (`support:<person>`); another
 * guest, who has no account, is one person per sign-up (`guest:<sign-up>`); a deleted account's
 * sign-up still counts as `signup:<id>`.
 */
async function refreshOperators(
  tx: Db,
  key: { hubId: number; categoryId: number; month: string; fiscalYear: number },
): Promise<{ yearRows: number; people: string[] }> {
  const monthStart = sql`(${key.month}::date::timestamp at time zone 'Asia/Tokyo')`;
  const monthEnd = sql`((${key.month}::date + interval '1 month')::timestamp at time zone 'Asia/Tokyo')`;
  const heldHere = sql`o.status = 'scheduled' and a.hub_id = ${key.hubId} and a.category_id = ${key.categoryId}
    and o.starts_at >= ${monthStart} and o.starts_at < ${monthEnd}
    and exists (select 1 from attendance_records r0 where r0.occurrence_id = o.id)`;
  const current = rowsOf<{ person: string }>(
    await tx.execute(sql`select 'user:' || r.recorded_by_user_id as person
        from attendance_records r join occurrences o on o.id = r.occurrence_id join activities a on a.id = o.activity_id
        where ${heldHere} and r.recorded_by_user_id is not null
      union
      select case when b.person_id is not null then 'support:' || b.person_id
                  when s.user_id is not null then 'user:' || s.user_id
                  when s.guest_name is not null then 'guest:' || s.id
                  else 'signup:' || s.id end
        from signups s join occurrences o on o.id = s.occurrence_id join activities a on a.id = o.activity_id
        left join support_bookings b on b.signup_id = s.id
        where ${heldHere} and s.status = 'attended'`),
  ).map((r) => r.person);
  const stored = rowsOf<{ person: string }>(
    await tx.execute(sql`select person from metric_operator_months where hub_id = ${key.hubId} and category_id = ${key.categoryId} and month = ${key.month}::date`),
  ).map((r) => r.person);
  const added = current.filter((p) => !stored.includes(p));
  const removed = stored.filter((p) => !current.includes(p));
  const list = (people: string[]) => sql.join(people.map((p) => sql`${p}`), sql`, `);
  const month = monthIndex(key.month);
  const activity = sql`hub_id = ${key.hubId} and category_id = ${key.categoryId}`;
  let yearRows = 0;
  if (added.length > 0) {
    // Each row's UPDATE works on the row's latest version, so concurrent moves of one person add up.
    await tx.execute(sql`insert into metric_operator_activity (hub_id, category_id, person, months)
      select ${key.hubId}, ${key.categoryId}, p, array[${month}::int] from unnest(array[${list(added)}]::text[]) p
      on conflict (hub_id, category_id, person) do update
      set months = (select array_agg(distinct m order by m) from unnest(metric_operator_activity.months || excluded.months) m)`);
    await tx.execute(sql`insert into metric_operator_months (hub_id, category_id, month, person)
      select ${key.hubId}, ${key.categoryId}, ${key.month}::date, p from unnest(array[${list(added)}]::text[]) p on conflict do nothing`);
    // DO UPDATE (not NOTHING) takes the row lock, so a concurrent removal below waits for us;
    // xmax = 0 tells a new row from an existing one (for the city's count of people).
    const inserted = rowsOf<{ fresh: boolean }>(
      await tx.execute(sql`insert into metric_operator_years (fiscal_year, person)
        select ${key.fiscalYear}, p from unnest(array[${list(added)}]::text[]) p
        on conflict (fiscal_year, person) do update set person = excluded.person
        returning (xmax = 0) as fresh`),
    );
    yearRows += inserted.filter((r) => r.fresh === true || String(r.fresh) === "t").length;
  }
  if (removed.length > 0) {
    await tx.execute(sql`update metric_operator_activity set months = array_remove(months, ${month}::int) where ${activity} and person in (${list(removed)})`);
    await tx.execute(sql`delete from metric_operator_activity where ${activity} and person in (${list(removed)}) and months = '{}'`);
    await tx.execute(sql`delete from metric_operator_months where hub_id = ${key.hubId} and category_id = ${key.categoryId}
      and month = ${key.month}::date and person in (${list(removed)})`);
    const fy = fiscalYearPeriod(key.fiscalYear);
    await tx.execute(sql`select 1 from metric_operator_years where fiscal_year = ${key.fiscalYear} and person in (${list(removed)}) for update`);
    const deleted = rowsOf<{ person: string }>(
      await tx.execute(sql`delete from metric_operator_years y where y.fiscal_year = ${key.fiscalYear} and y.person in (${list(removed)})
        and not exists (select 1 from metric_operator_months m where m.person = y.person and m.month >= ${fy.from}::date and m.month < ${fy.to}::date)
        returning y.person`),
    );
    yearRows -= deleted.length;
  }
  return { yearRows, people: [...added, ...removed] };
}

/**
 * The months in which the hub held a session ('city', and each category given), and the month of
 * its first, from its month rollup (the caller holds the hub's 'city' row, so no other write of
 * this hub is in between).
 */
async function refreshHubActivity(tx: Db, hubId: number, categoryIds: number[]): Promise<Map<string, MonthSetChange>> {
  const changes = new Map<string, MonthSetChange>();
  for (const categoryId of [null, ...categoryIds.sort((x, y) => x - y)]) {
    const scope = categoryId === null ? "city" : `category:${categoryId}`;
    const ofCategory = categoryId === null ? sql`true` : sql`category_id = ${categoryId}`;
    const [old] = rowsOf<{ months: unknown }>(
      await tx.execute(sql`insert into metric_hub_activity (hub_id, scope) values (${hubId}, ${scope})
        on conflict (hub_id, scope) do update set scope = excluded.scope returning months`),
    );
    const [now] = rowsOf<{ months: unknown }>(
      await tx.execute(sql`update metric_hub_activity set months = coalesce((
          select array_agg(distinct metric_month_index(month) order by metric_month_index(month)) from metric_hub_months
          where hub_id = ${hubId} and ${ofCategory} and sessions > 0
        ), '{}') where hub_id = ${hubId} and scope = ${scope} returning months`),
    );
    changes.set(scope, { before: monthsOf(old), after: monthsOf(now) });
  }
  const [row] = rowsOf<{ first: string | null }>(
    await tx.execute(sql`select to_char(min(month), 'YYYY-MM-DD') as first from metric_hub_months where hub_id = ${hubId} and sessions > 0`),
  );
  if (!row?.first) {
    await tx.execute(sql`delete from metric_hub_first_held where hub_id = ${hubId}`);
    return changes;
  }
  await tx.execute(sql`insert into metric_hub_first_held (hub_id, first_month) values (${hubId}, ${row.first}::date)
    on conflict (hub_id) do update set first_month = excluded.first_month`);
  return changes;
}

/** Runs `change` and moves the rollups of these occurrences by what it changed, in `tx`. */
export async function withRollups<T>(tx: Db, occurrenceIds: number[], change: () => Promise<T>): Promise<T> {
  const before = await readContributions(tx, occurrenceIds);
  const result = await change();
  await applyContributionChanges(tx, before);
  return result;
}

/** What a hub's figures are filed under besides the hub: its kind (scope `kind:<id>`) and its 自治会. */
interface HubPlacement {
  kindId: number;
  associations: number[];
}

async function readPlacement(tx: Db, hubId: number): Promise<HubPlacement | undefined> {
  const [hub] = rowsOf<{ kind_id: number }>(await tx.execute(sql`select kind_id from hubs where id = ${hubId}`));
  if (!hub) return undefined;
  const served = rowsOf<{ association_id: number }>(
    await tx.execute(sql`select association_id from hub_associations where hub_id = ${hubId} order by association_id`),
  );
  return { kindId: Number(hub.kind_id), associations: served.map((r) => Number(r.association_id)) };
}

/**
 * Runs `change`, an edit of the hub that may change its kind or the 自治会 it serves, and moves the
 * summaries filed under them from the old kind and 自治会 to the new ones, in `tx`: the result is
 * what a full rebuild would make, without one. Takes the hub's lock first, as every rollup write
 * does, so no write of the hub's sessions runs between reading the old placement and moving it.
 */
export async function withHubPlacement<T>(tx: Db, hubId: number, change: () => Promise<T>): Promise<T> {
  if (!(await readPlacement(tx, hubId))) return change();
  await tx.execute(sql`insert into metric_hub_activity (hub_id, scope) values (${hubId}, 'city') on conflict (hub_id, scope) do update set scope = excluded.scope`);
  const before = await readPlacement(tx, hubId);
  const result = await change();
  const after = await readPlacement(tx, hubId);
  if (before && after) await moveHubPlacement(tx, hubId, before, after);
  return result;
}

/**
 * The summaries that depend on a hub's kind or 自治会, moved by what the hub holds (its month
 * rollups, its month sets, its 担い手), each recomputed or moved by the same steps and in the same
 * lock order as `applyContributionChanges`: 自治会 and people rows, then the city rows, in key order.
 */
async function moveHubPlacement(tx: Db, hubId: number, before: HubPlacement, after: HubPlacement): Promise<void> {
  const kindChanged = before.kindId !== after.kindId;
  const removed = before.associations.filter((id) => !after.associations.includes(id));
  const added = after.associations.filter((id) => !before.associations.includes(id));
  if (!kindChanged && removed.length === 0 && added.length === 0) return;
  const activity = rowsOf<{ scope: string; months: unknown }>(
    await tx.execute(sql`select scope, months from metric_hub_activity where hub_id = ${hubId} order by scope`),
  );
  const cityMonths = monthsOf(activity.find((row) => row.scope === "city"));
  // A hub that holds no session now counts in no summary: nothing to move.
  if (cityMonths.length === 0) return;
  const oldKind = `kind:${before.kindId}`;
  const newKind = `kind:${after.kindId}`;
  const kindScopes = kindChanged ? [oldKind, newKind] : [];
  const pairs = new Map<string, number>();
  const scopeMonths = new Map<string, CityDelta>();
  const city = new Map<number, CityDelta>();

  if (kindChanged) {
    // The kinds' additive month figures and hub month pairs move by the hub's own.
    const months = rowsOf<{ month: string; sessions: number; participants: number; first_timers: number; supported_participants: number; volunteer_hours: number }>(
      await tx.execute(sql`select to_char(month, 'YYYY-MM-DD') as month, sum(sessions)::int as sessions, sum(participants)::int as participants,
          sum(first_timers)::int as first_timers, sum(supported_participants)::int as supported_participants, sum(volunteer_hours)::float8 as volunteer_hours
        from metric_hub_months where hub_id = ${hubId} group by month`),
    );
    for (const row of months) {
      for (const [scope, sign] of [[oldKind, -1], [newKind, 1]] as const) {
        const delta = emptyCityDelta();
        delta.sessions = sign * Number(row.sessions);
        delta.participants = sign * Number(row.participants);
        delta.firstTimers = sign * Number(row.first_timers);
        delta.supportedParticipants = sign * Number(row.supported_participants);
        delta.volunteerHours = sign * Number(row.volunteer_hours);
        scopeMonths.set(`${scope}|${row.month}`, delta);
      }
    }
    countMonthPairs(pairs, oldKind, "hub", { before: cityMonths, after: [] });
    countMonthPairs(pairs, newKind, "hub", { before: [], after: cityMonths });
  }

  // 自治会 month sets: a 自治会 the hub joined or left, in every scope the hub has months in; the
  // others, in the old and new kind only.
  const associationKeys = new Set<string>();
  for (const id of new Set([...before.associations, ...after.associations])) {
    const moved = removed.includes(id) || added.includes(id);
    const scopes = moved ? [...activity.map((row) => row.scope), oldKind, newKind] : kindScopes;
    for (const scope of scopes) associationKeys.add(`${scope}|${id}`);
  }
  for (const key of [...associationKeys].sort()) {
    const [scope = "city", id] = key.split("|");
    await refreshAssociationActivity(tx, scope, Number(id));
  }

  // The hub's 担い手, in the old and new kind.
  if (kindChanged) {
    const people = rowsOf<{ person: string }>(await tx.execute(sql`select distinct person from metric_operator_activity where hub_id = ${hubId}`));
    const keys = people.flatMap((row) => kindScopes.map((scope) => `${scope}|${row.person}`)).sort();
    for (const key of keys) {
      const [scope = "city", ...rest] = key.split("|");
      countMonthPairs(pairs, scope, "person", await refreshPersonActivity(tx, scope, rest.join("|")));
    }
  }

  // 参加自治会数: the hub's active 年度s now count for the 自治会 it joined, no longer for those it left.
  if (removed.length > 0 || added.length > 0) {
    const years = rowsOf<{ fiscal_year: number }>(
      await tx.execute(sql`select fiscal_year from metric_hub_years where hub_id = ${hubId} group by fiscal_year having sum(sessions) > 0 order by fiscal_year`),
    ).map((row) => Number(row.fiscal_year));
    for (const year of years) {
      for (const id of [...removed, ...added].sort((x, y) => x - y)) {
        const delta = added.includes(id) ? 1 : -1;
        if (await moveAssociationYear(tx, year, id, delta)) {
          const entry = city.get(year) ?? emptyCityDelta();
          entry.activeAssociations += delta;
          city.set(year, entry);
        }
      }
    }
  }

  for (const year of [...city.keys()].sort((x, y) => x - y)) await moveCityYear(tx, year, city.get(year) ?? emptyCityDelta());
  for (const key of [...scopeMonths.keys()].sort()) await moveScopeMonth(tx, key, scopeMonths.get(key) ?? emptyCityDelta());
  await moveMonthPairs(tx, pairs);
}

/**
 * Rebuilds every summary kept on write from the per-hub month rollups, set-based (the SQL function
 * of migration 0018): for the benchmark's full refresh, for the tests that compare it with what the
 * writes kept, and as a repair (`npm run metrics:rebuild`). Writes, a hub's kind or 自治会 included
 * (`withHubPlacement`), keep the summaries current without it.
 */
export async function rebuildSummaries(db: Db): Promise<void> {
  await db.execute(sql`select metric_rebuild_summaries()`);
}
