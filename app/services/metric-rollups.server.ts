// Keeping the metric rollups current on write (ADR 008). Every write that can change what an
// occurrence contributes (attendance, roster ticks, cancelling or restoring a session) reads the
// occurrence's contribution before and after the change, in the write's transaction, and moves
// the rollups by the difference. Re-saving the same thing is a zero difference: idempotent.
import { sql } from "drizzle-orm";
import type { Db } from "~/lib/db.server";
import { fiscalYearOf, fiscalYearPeriod, monthKey } from "~/lib/metrics/periods";

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

function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  const rows = (result as { rows?: unknown }).rows;
  return Array.isArray(rows) ? (rows as T[]) : [];
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
    }
  }
  for (const key of touched.values()) await refreshOperators(tx, key);
  for (const hubId of new Set([...touched.values()].map((k) => k.hubId))) await refreshFirstHeld(tx, hubId);
}

async function moveRollups(
  tx: Db,
  key: { hubId: number; categoryId: number; month: string; fiscalYear: number },
  delta: Record<(typeof additive)[number], number>,
): Promise<void> {
  const set = sql`sessions = sessions + ${delta.sessions}, participants = participants + ${delta.participants},
    first_timers = first_timers + ${delta.firstTimers}, supported_participants = supported_participants + ${delta.supportedParticipants},
    volunteer_hours = round((volunteer_hours + ${delta.volunteerHours})::numeric, 6)::float8`;
  // Make sure the rows exist (a negative delta would fail the CHECK as an insert), then add the
  // difference: the UPDATE's row lock queues concurrent writes of one hub-month.
  await tx.execute(sql`insert into metric_hub_months (hub_id, category_id, month) values (${key.hubId}, ${key.categoryId}, ${key.month}::date) on conflict do nothing`);
  await tx.execute(sql`update metric_hub_months set ${set} where hub_id = ${key.hubId} and category_id = ${key.categoryId} and month = ${key.month}::date`);
  await tx.execute(sql`insert into metric_hub_years (hub_id, category_id, fiscal_year) values (${key.hubId}, ${key.categoryId}, ${key.fiscalYear}) on conflict do nothing`);
  await tx.execute(sql`update metric_hub_years set ${set} where hub_id = ${key.hubId} and category_id = ${key.categoryId} and fiscal_year = ${key.fiscalYear}`);
}

/**
 * The people who ran this hub's sessions of this category in this month (担い手), recomputed from
 * the sessions themselves: whoever recorded attendance, and everyone ticked attended in a role, of
 * held sessions only. A 参加支援 guest is one person across bookings (`support:<person>`); another
 * guest, who has no account, is one person per sign-up (`guest:<sign-up>`); a deleted account's
 * sign-up still counts as `signup:<id>`.
 */
async function refreshOperators(tx: Db, key: { hubId: number; categoryId: number; month: string; fiscalYear: number }): Promise<void> {
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
  if (added.length > 0) {
    await tx.execute(sql`insert into metric_operator_months (hub_id, category_id, month, person)
      select ${key.hubId}, ${key.categoryId}, ${key.month}::date, p from unnest(array[${list(added)}]::text[]) p on conflict do nothing`);
    // DO UPDATE (not NOTHING) takes the row lock, so a concurrent removal below waits for us.
    await tx.execute(sql`insert into metric_operator_years (fiscal_year, person)
      select ${key.fiscalYear}, p from unnest(array[${list(added)}]::text[]) p
      on conflict (fiscal_year, person) do update set person = excluded.person`);
  }
  if (removed.length > 0) {
    await tx.execute(sql`delete from metric_operator_months where hub_id = ${key.hubId} and category_id = ${key.categoryId}
      and month = ${key.month}::date and person in (${list(removed)})`);
    const fy = fiscalYearPeriod(key.fiscalYear);
    await tx.execute(sql`select 1 from metric_operator_years where fiscal_year = ${key.fiscalYear} and person in (${list(removed)}) for update`);
    await tx.execute(sql`delete from metric_operator_years y where y.fiscal_year = ${key.fiscalYear} and y.person in (${list(removed)})
      and not exists (select 1 from metric_operator_months m where m.person = y.person and m.month >= ${fy.from}::date and m.month < ${fy.to}::date)`);
  }
}

/** The month of the hub's first held session, from its month rollup (gone when nothing is held). */
async function refreshFirstHeld(tx: Db, hubId: number): Promise<void> {
  const [row] = rowsOf<{ first: string | null }>(
    await tx.execute(sql`select to_char(min(month), 'YYYY-MM-DD') as first from metric_hub_months where hub_id = ${hubId} and sessions > 0`),
  );
  if (!row?.first) {
    await tx.execute(sql`delete from metric_hub_first_held where hub_id = ${hubId}`);
    return;
  }
  await tx.execute(sql`insert into metric_hub_first_held (hub_id, first_month) values (${hubId}, ${row.first}::date)
    on conflict (hub_id) do update set first_month = excluded.first_month`);
}

/** Runs `change` and moves the rollups of these occurrences by what it changed, in `tx`. */
export async function withRollups<T>(tx: Db, occurrenceIds: number[], change: () => Promise<T>): Promise<T> {
  const before = await readContributions(tx, occurrenceIds);
  const result = await change();
  await applyContributionChanges(tx, before);
  return result;
}
