// The 通いの場 return (介護予防・日常生活支援総合事業の実施状況調査, issue 16): per hub that held
// sessions in a 年度, what it does, who runs it, where, how often, and how many named people came.
// The rules are written once: the category table, the defaults and the frequency rule in
// app/lib/kayoi.ts, the published attendance in migration 0025 (`published_count`, ADR 023),
// and the choices of this return in docs/decisions/026-kayoi-return.md.
import { and, asc, eq, sql } from "drizzle-orm";
import { categories, hubKinds, hubs } from "#db/schema";
import type { Db } from "~/lib/db.server";
import { rowsOf } from "~/lib/db-rows.server";
import { Forbidden, NotFound } from "~/lib/domain-errors";
import {
  classifyFrequency,
  kayoiActivities,
  kayoiActivityOf,
  operatorOf,
  venueOf,
  type FrequencyVerdict,
  type KayoiActivity,
  type KayoiOperator,
  type KayoiVenue,
  type Setting,
} from "~/lib/kayoi";
import { fiscalYearOf, fiscalYearPeriod, monthIndex, type Period } from "~/lib/metrics/periods";
import { showPeople, type ShownFigure } from "~/lib/metrics/suppression";
import { recordAudit } from "./audit.server";
import { listRoles, type Actor } from "./permissions.server";

/** Staff read and set the return (STAFF_ROLES); the route checks too, the service on its own. */
async function requireStaff(db: Db, actor: Actor): Promise<void> {
  const roles = await listRoles(db, actor.userId);
  if (!roles.includes("staff") && !roles.includes("admin")) throw new Forbidden("the 通いの場 return is for city staff");
}

export interface KayoiCategory {
  code: string;
  labelJa: string;
  labelEn: string;
  /** The 主な活動内容 it counts as; null: not a 通いの場 activity. */
  activity: KayoiActivity | null;
  /** False when the table has no row for it (counted as その他). */
  mapped: boolean;
}

export interface KayoiPlace {
  hubId: number;
  name: string;
  address: string;
  /** Contents of its 通いの場 activities, most sessions first (the first is 主な活動内容). */
  contents: { activity: KayoiActivity; sessions: number }[];
  operator: Setting<KayoiOperator>;
  venue: Setting<KayoiVenue>;
  /** Days with at least one held session of a 通いの場 activity. */
  meetingDays: number;
  /** Months from the first to the last meeting month, both included. */
  activeMonths: number;
  verdict: FrequencyVerdict;
  /** Distinct named people who came; null when no one's name was recorded. */
  people: number | null;
  /** 延べ参加者数 as published (ADR 023). */
  visits: ShownFigure;
  /** Held sessions (of 通いの場 activities) without an attendance record. */
  unrecorded: number;
  /** Category codes held here that the table has no row for (counted as その他). */
  unmapped: string[];
  /** Categories held here that are no 通いの場 activity (shown with the reason when nothing else is). */
  excluded: string[];
}

export interface KayoiReturn {
  fiscalYear: number;
  period: Period;
  /** The 年度 is not over: counted up to `cutoff`. */
  interim: boolean;
  cutoff: Date;
  qualifying: KayoiPlace[];
  notQualifying: KayoiPlace[];
  categories: KayoiCategory[];
}

/** Every category with what it counts as: the mapping sheet, and the page's table. */
export async function listKayoiCategories(db: Db): Promise<KayoiCategory[]> {
  const rows = await db
    .select({ code: categories.code, labelJa: categories.labelJa, labelEn: categories.labelEn })
    .from(categories)
    .orderBy(asc(categories.sortOrder), asc(categories.id));
  return rows.map((row) => ({ ...row, ...kayoiActivityOf(row.code) }));
}

/** The 年度 a return can be asked for: from the first held session's to the current one (newest first). */
export async function kayoiYears(db: Db, now: Date = new Date()): Promise<{ years: number[]; defaultYear: number }> {
  const [row] = rowsOf<{ first: string | Date | null }>(
    await db.execute(sql`select min(starts_at) as first from occurrences where status = 'scheduled' and starts_at < ${now.toISOString()}::timestamptz`),
  );
  const current = fiscalYearOf(now);
  const first = row?.first ? fiscalYearOf(new Date(row.first)) : current;
  const years: number[] = [];
  for (let y = current; y >= Math.min(first, current); y--) years.push(y);
  // The return is filed for a finished 年度: the last complete one, when there is one.
  return { years, defaultYear: years.length > 1 ? current - 1 : current };
}

interface DayRow {
  hub_id: number;
  code: string;
  day: string;
  sessions: number;
  unrecorded: number;
}

interface HubRow {
  id: number;
  name: string;
  address: string;
  kind_code: string;
  kayoi_operator: KayoiOperator | null;
  kayoi_venue: KayoiVenue | null;
  serves_association: boolean;
}

/**
 * The return for 年度 `fiscalYear` as of `now`: held sessions are those not cancelled that
 * started before `now` (a session still to come in the current 年度 does not count). Places
 * are ordered by name.
 */
export async function getKayoiReturn(db: Db, actor: Actor, fiscalYear: number, now: Date = new Date()): Promise<KayoiReturn> {
  await requireStaff(db, actor);
  const period = fiscalYearPeriod(fiscalYear);
  const cutoff = new Date(Math.min(+period.end, +now));
  const categoryList = await listKayoiCategories(db);
  if (+cutoff <= +period.start) {
    return { fiscalYear, period, interim: +now < +period.end, cutoff, qualifying: [], notQualifying: [], categories: categoryList };
  }
  const start = period.start.toISOString();
  const end = cutoff.toISOString();
  const held = sql`
    select o.id, a.hub_id, c.code, o.starts_at, o.attendance_recorded
    from occurrences o join activities a on a.id = o.activity_id join categories c on c.id = a.category_id
    where o.status = 'scheduled' and o.starts_at >= ${start}::timestamptz and o.starts_at < ${end}::timestamptz`;
  const days = rowsOf<DayRow>(
    await db.execute(sql`
      select h.hub_id, h.code, to_char(h.starts_at at time zone 'Asia/Tokyo', 'YYYY-MM-DD') as day,
             count(*)::int as sessions, count(*) filter (where not h.attendance_recorded)::int as unrecorded
      from (${held}) h group by 1, 2, 3`),
  );
  if (days.length === 0) return { fiscalYear, period, interim: +now < +period.end, cutoff, qualifying: [], notQualifying: [], categories: categoryList };

  // The categories that count as 通いの場 activities (their ids, for the people and attendance queries).
  const counted = categoryList.filter((c) => c.activity !== null).map((c) => c.code);
  const countedSql = counted.length > 0 ? sql.join(counted.map((code) => sql`${code}`), sql`, `) : sql`null`;
  const hubIds = [...new Set(days.map((d) => Number(d.hub_id)))];
  const hubIdsSql = sql.join(hubIds.map((id) => sql`${id}`), sql`, `);

  const [hubRows, peopleRows, visitRows] = await Promise.all([
    db.execute(sql`
      select h.id, h.name, h.address, k.code as kind_code, h.kayoi_operator, h.kayoi_venue,
             exists (select 1 from hub_associations ha where ha.hub_id = h.id) as serves_association
      from hubs h join hub_kinds k on k.id = h.kind_id where h.id in (${hubIdsSql})`),
    // Distinct named people (docs/decisions/026): checked-in applicants (an account once, an
    // application without one once) and helpers who attended (an account once, a guest once per
    // hub and name). 参加支援 bookings are left out; their sign-ups say only 「参加支援のゲスト」.
    db.execute(sql`
      with held as (${held} and c.code in (${countedSql})),
      people as (
        select h.hub_id, coalesce('user:' || ap.user_id, 'applicant:' || ap.id) as person
        from applications x join applicants ap on ap.id = x.applicant_id join held h on h.id = x.occurrence_id
        where x.checked_in_at is not null and x.status = 'confirmed'
        union
        select h.hub_id, coalesce('user:' || s.user_id, 'guest:' || lower(btrim(s.guest_name))) as person
        from signups s join held h on h.id = s.occurrence_id
        where s.status = 'attended' and (s.user_id is not null or s.guest_name is not null)
          and not exists (select 1 from support_bookings b where b.signup_id = s.id)
      )
      select hub_id, count(distinct person)::int as n from people group by hub_id`),
    // 延べ: the hub's month rollups of the 通いの場 categories, each cell as published (ADR 023).
    db.execute(sql`
      select r.hub_id, coalesce(sum(r.participants), 0)::int as exact,
             coalesce(sum(published_count(r.participants, r.hub_id, r.category_id, r.month, 'participants') - r.participants)
               filter (where r.participants between 1 and 2), 0)::int as adjustment,
             count(*) filter (where r.participants between 1 and 2)::int as small,
             coalesce(sum(r.participants) filter (where r.participants between 1 and 2), 0)::int as small_sum
      from metric_hub_months r join categories c on c.id = r.category_id
      where r.hub_id in (${hubIdsSql}) and c.code in (${countedSql})
        and r.month >= ${period.from}::date and r.month < ${period.to}::date
      group by r.hub_id`),
  ]);
  const people = new Map(rowsOf<{ hub_id: number; n: number }>(peopleRows).map((r) => [Number(r.hub_id), Number(r.n)]));
  const visits = new Map(
    rowsOf<{ hub_id: number; exact: number; adjustment: number; small: number; small_sum: number }>(visitRows).map((r) => [
      Number(r.hub_id),
      showPeople({ exact: Number(r.exact), adjustment: Number(r.adjustment), smallCells: Number(r.small), smallSum: Number(r.small_sum) }),
    ]),
  );

  const places = rowsOf<HubRow>(hubRows).map((hub): KayoiPlace => {
    const mine = days.filter((d) => Number(d.hub_id) === Number(hub.id));
    const contentSessions = new Map<KayoiActivity, number>();
    const meetingDays = new Set<string>();
    const unmapped = new Set<string>();
    const excluded = new Set<string>();
    let unrecorded = 0;
    for (const d of mine) {
      const { activity, mapped } = kayoiActivityOf(d.code);
      if (!mapped) unmapped.add(d.code);
      if (activity === null) {
        excluded.add(d.code);
        continue;
      }
      contentSessions.set(activity, (contentSessions.get(activity) ?? 0) + Number(d.sessions));
      meetingDays.add(d.day);
      unrecorded += Number(d.unrecorded);
    }
    const months = [...meetingDays].map((day) => monthIndex(day));
    const activeMonths = months.length === 0 ? 0 : Math.max(...months) - Math.min(...months) + 1;
    const contents = [...contentSessions]
      .map(([activity, sessions]) => ({ activity, sessions }))
      .sort((a, b) => b.sessions - a.sessions || kayoiActivities.indexOf(a.activity) - kayoiActivities.indexOf(b.activity));
    return {
      hubId: Number(hub.id),
      name: hub.name,
      address: hub.address,
      contents,
      operator: operatorOf({ kayoiOperator: hub.kayoi_operator, servesAssociation: Boolean(hub.serves_association) }),
      venue: venueOf({ kayoiVenue: hub.kayoi_venue, kindCode: hub.kind_code }),
      meetingDays: meetingDays.size,
      activeMonths,
      verdict: classifyFrequency(meetingDays.size, activeMonths),
      people: people.get(Number(hub.id)) || null,
      visits: visits.get(Number(hub.id)) ?? showPeople({ exact: 0, adjustment: 0, smallCells: 0, smallSum: 0 }),
      unrecorded,
      unmapped: [...unmapped],
      excluded: [...excluded],
    };
  });
  places.sort((a, b) => a.name.localeCompare(b.name, "ja") || a.hubId - b.hubId);
  return {
    fiscalYear,
    period,
    interim: +now < +period.end,
    cutoff,
    qualifying: places.filter((p) => p.verdict.qualifies),
    notQualifying: places.filter((p) => !p.verdict.qualifies),
    categories: categoryList,
  };
}

export interface KayoiHubSettings {
  id: number;
  name: string;
  kindLabelJa: string;
  kindLabelEn: string;
  kayoiOperator: KayoiOperator | null;
  kayoiVenue: KayoiVenue | null;
  /** What the return uses when the field is left unset. */
  defaultOperator: KayoiOperator | null;
  defaultVenue: KayoiVenue | null;
}

/** A hub's 運営主体 and 場所 as set, with the defaults the return would use; NotFound if there is none. */
export async function getKayoiHubSettings(db: Db, actor: Actor, hubId: number): Promise<KayoiHubSettings> {
  await requireStaff(db, actor);
  const [hub] = await db
    .select({
      id: hubs.id,
      name: hubs.name,
      kindCode: hubKinds.code,
      kindLabelJa: hubKinds.labelJa,
      kindLabelEn: hubKinds.labelEn,
      kayoiOperator: hubs.kayoiOperator,
      kayoiVenue: hubs.kayoiVenue,
      servesAssociation: sql<boolean>`exists (select 1 from hub_associations ha where ha.hub_id = ${hubs.id})`,
    })
    .from(hubs)
    .innerJoin(hubKinds, eq(hubKinds.id, hubs.kindId))
    .where(eq(hubs.id, hubId));
  if (!hub) throw new NotFound("hub not found");
  return {
    id: hub.id,
    name: hub.name,
    kindLabelJa: hub.kindLabelJa,
    kindLabelEn: hub.kindLabelEn,
    kayoiOperator: hub.kayoiOperator,
    kayoiVenue: hub.kayoiVenue,
    defaultOperator: operatorOf({ kayoiOperator: null, servesAssociation: Boolean(hub.servesAssociation) }).code,
    defaultVenue: venueOf({ kayoiVenue: null, kindCode: hub.kindCode }).code,
  };
}

/**
 * Sets (or clears, with null: back to the default) a hub's 運営主体 and 場所, audited with before
 * and after. The codes are checked by the form and again by the database (migration 0026).
 */
export async function setKayoiHubSettings(
  db: Db,
  actor: Actor,
  input: { hubId: number; kayoiOperator: KayoiOperator | null; kayoiVenue: KayoiVenue | null },
): Promise<void> {
  await requireStaff(db, actor);
  await db.transaction(async (tx) => {
    const [before] = await tx
      .select({ kayoiOperator: hubs.kayoiOperator, kayoiVenue: hubs.kayoiVenue })
      .from(hubs)
      .where(eq(hubs.id, input.hubId))
      .for("update");
    if (!before) throw new NotFound("hub not found");
    await tx
      .update(hubs)
      .set({ kayoiOperator: input.kayoiOperator, kayoiVenue: input.kayoiVenue, updatedAt: sql`now()` })
      .where(and(eq(hubs.id, input.hubId)));
    await recordAudit(tx, {
      actorUserId: actor.userId,
      action: "hub.updated",
      targetType: "hub",
      targetId: input.hubId,
      ip: actor.ip ?? null,
      details: { kayoi: { before, after: { kayoiOperator: input.kayoiOperator, kayoiVenue: input.kayoiVenue } } },
    });
  });
}
