import { and, arrayContains, asc, count, eq, gt, gte, inArray, isNull, lt, sql, type SQL } from "drizzle-orm";
import { activities, activityRoles, categories, districts, hubs, occurrences, roleSlotFills } from "#db/schema";
import type { ActivitySearch, TimeOfDay } from "~/lib/activity-search";
import { rangeBounds } from "~/lib/dates";
import type { Db } from "~/lib/db.server";
import { preparedQuery } from "~/lib/prepared.server";
import { chordToMetres, EARTH_RADIUS_M, toUnitSphere, WALKING_METRES_PER_MINUTE, type LatLng } from "~/lib/geo";
import { scheduleOf } from "./occurrences.server";

export const ACTIVITY_PAGE_SIZE = 20;
/** How far ahead the search looks when no date range is chosen. */
const SEARCH_AHEAD_DAYS = 190;

export type ActivityFilters = Omit<ActivitySearch, "near" | "withinMinutes" | "page" | "notices">;

function earthOf(p: LatLng): SQL {
  const [x, y, z] = toUnitSphere(p);
  return sql`cube(array[${x}::float8, ${y}::float8, ${z}::float8])`;
}

/** The chord (unit sphere) for a walking distance, comparable with `hubs.earth <-> point`. */
function chordForMinutes(minutes: number): number {
  return 2 * Math.sin((minutes * WALKING_METRES_PER_MINUTE) / EARTH_RADIUS_M / 2);
}

const tokyoStart = sql`(${occurrences.startsAt} at time zone 'Asia/Tokyo')`;

function timeOfDayWhere(time: TimeOfDay | undefined): SQL | undefined {
  if (!time) return undefined;
  const hour = sql`extract(hour from ${tokyoStart})`;
  if (time === "morning") return sql`${hour} < 12`;
  if (time === "afternoon") return sql`${hour} >= 12 and ${hour} < 17`;
  return sql`${hour} >= 17`;
}

/** Conditions on a session: in the window, not over yet, on the chosen weekdays and time of day. */
function occurrenceWhere(filters: ActivityFilters, now: Date): SQL | undefined {
  // Without a range: from now on, including a session under way (started up to 12 hours ago).
  const window = filters.range
    ? rangeBounds(filters.range, now)
    : { from: new Date(+now - 12 * 3_600_000), to: new Date(+now + SEARCH_AHEAD_DAYS * 86_400_000) };
  return and(
    eq(occurrences.activityId, activities.id),
    // A range on the (activity_id, starts_at) index.
    gte(occurrences.startsAt, window.from),
    lt(occurrences.startsAt, window.to),
    gt(occurrences.endsAt, now),
    filters.weekdays.length > 0
      ? sql`extract(isodow from ${tokyoStart}) in (${sql.join(
          filters.weekdays.map((d) => sql`${d}`),
          sql`, `,
        )})`
      : undefined,
    timeOfDayWhere(filters.timeOfDay),
  );
}

function activityWhere(filters: ActivityFilters, near?: LatLng, withinMinutes?: number): SQL | undefined {
  return and(
    eq(activities.status, "active"),
    eq(hubs.status, "public"),
    filters.category ? eq(categories.code, filters.category) : undefined,
    filters.audience ? eq(activities.audience, filters.audience) : undefined,
    filters.free ? eq(activities.feeYen, 0) : undefined,
    filters.features.length > 0 ? arrayContains(hubs.accessibility, filters.features) : undefined,
    // Within walking distance: a cube around the point, answered by the GiST index on hubs.earth.
    near && withinMinutes ? sql`cube_enlarge(${earthOf(near)}, ${chordForMinutes(withinMinutes)}::float8, 3) @> ${hubs.earth}` : undefined,
  );
}

/** The next session of each activity that matches the filters: a LATERAL probe of occurrences(activity_id, starts_at). */
function nextSession(db: Db, filters: ActivityFilters, now: Date) {
  return db
    .select({
      occurrenceId: sql<number>`${occurrences.id}`.as("occurrence_id"),
      startsAt: sql<Date>`${occurrences.startsAt}`.mapWith(occurrences.startsAt).as("next_starts_at"),
      endsAt: sql<Date>`${occurrences.endsAt}`.mapWith(occurrences.endsAt).as("next_ends_at"),
      occurrenceStatus: sql<"scheduled" | "cancelled">`${occurrences.status}`.as("next_status"),
      cancelReason: sql<string | null>`${occurrences.cancelReason}`.as("next_cancel_reason"),
    })
    .from(occurrences)
    .where(occurrenceWhere(filters, now))
    .orderBy(asc(occurrences.startsAt))
    .limit(1)
    .as("next");
}

const activityListColumns = {
  id: activities.id,
  title: activities.title,
  audience: activities.audience,
  feeYen: activities.feeYen,
  feeNote: activities.feeNote,
  registrationRequired: activities.registrationRequired,
  welcomesSupported: activities.welcomesSupported,
  categoryCode: categories.code,
  categoryLabelJa: categories.labelJa,
  categoryLabelEn: categories.labelEn,
  hubId: hubs.id,
  hubName: hubs.name,
  hubAddress: hubs.address,
  hubLat: hubs.lat,
  hubLng: hubs.lng,
};

/** Counting stops here: "1000件以上" is all a resident needs, and it keeps the count cheap. */
export const ACTIVITY_COUNT_CAP = 1000;

/**
 * The query for one page of activities near a point, each with its next matching session.
 * With a walking limit, the GiST index on hubs.earth gives the hubs in reach (a cube around the
 * point), then activities by hub_id, then one probe of occurrences(activity_id, starts_at) per
 * activity; sorted by distance, then date. Without a limit, distance alone is the sort key so
 * PostgreSQL walks the same index nearest-first (KNN) and stops after a page. Exported for EXPLAIN.
 */
export function selectActivityPage(
  db: Db,
  options: { filters: ActivityFilters; near?: LatLng; withinMinutes?: number; now: Date; limit: number; offset: number },
) {
  const { filters, near, withinMinutes, now } = options;
  const next = nextSession(db, filters, now);
  const chord = near ? sql<number>`${hubs.earth} <-> ${earthOf(near)}` : sql<null>`null`;
  return db
    .select({
      ...activityListColumns,
      chord,
      next: {
        occurrenceId: next.occurrenceId,
        startsAt: next.startsAt,
        endsAt: next.endsAt,
        status: next.occurrenceStatus,
        cancelReason: next.cancelReason,
      },
    })
    .from(activities)
    .innerJoin(hubs, eq(hubs.id, activities.hubId))
    .innerJoin(categories, eq(categories.id, activities.categoryId))
    .innerJoinLateral(next, sql`true`)
    .where(activityWhere(filters, near, withinMinutes))
    .orderBy(...(near ? (withinMinutes ? [chord, next.startsAt] : [chord]) : [next.startsAt, asc(activities.id)]))
    .limit(options.limit)
    .offset(options.offset);
}

/**
 * Without a point: sessions soonest first from the occurrences(starts_at) index, joined to their
 * activity and hub and filtered, `limit` rows; the caller keeps each activity's first row. The
 * scan stops after `limit` rows, so it never visits every activity. Exported for EXPLAIN.
 */
export function selectSoonestSessions(db: Db, options: { filters: ActivityFilters; now: Date; limit: number }) {
  return db
    .select({
      ...activityListColumns,
      next: {
        occurrenceId: occurrences.id,
        startsAt: occurrences.startsAt,
        endsAt: occurrences.endsAt,
        status: occurrences.status,
        cancelReason: occurrences.cancelReason,
      },
    })
    .from(occurrences)
    .innerJoin(activities, eq(activities.id, occurrences.activityId))
    .innerJoin(hubs, eq(hubs.id, activities.hubId))
    .innerJoin(categories, eq(categories.id, activities.categoryId))
    .where(and(occurrenceWhere(options.filters, options.now), activityWhere(options.filters)))
    // starts_at alone, so the index order is the sort and LIMIT stops the scan: many sessions
    // share a start (10:00 百歳体操 everywhere) and a tie-breaker would make PostgreSQL sort each group.
    .orderBy(asc(occurrences.startsAt))
    .limit(options.limit);
}

type PageRow = Awaited<ReturnType<typeof selectActivityPage>>[number];

/** Activities in order of their next session, `offset`…`offset + limit`, scanning sessions soonest first. */
async function soonestActivities(db: Db, filters: ActivityFilters, now: Date, offset: number, limit: number): Promise<PageRow[]> {
  const wanted = offset + limit;
  // Most activities repeat weekly, so a few rows per wanted activity usually suffice; scan more if not.
  for (let scan = Math.max(200, wanted * 8); ; scan *= 4) {
    const rows = await selectSoonestSessions(db, { filters, now, limit: scan });
    const firstPerActivity = new Map<number, PageRow>();
    for (const row of rows) if (!firstPerActivity.has(row.id)) firstPerActivity.set(row.id, { ...row, chord: null });
    if (firstPerActivity.size >= wanted || rows.length < scan || scan >= 200_000) {
      return [...firstPerActivity.values()].slice(offset, offset + limit);
    }
  }
}

/** One page of activities matching the search, each with its next session (cancelled ones included, marked). */
export async function searchActivities(
  db: Db,
  options: { filters: ActivityFilters; near?: LatLng; withinMinutes?: number; page: number; now?: Date; pageSize?: number },
) {
  const now = options.now ?? new Date();
  const pageSize = options.pageSize ?? ACTIVITY_PAGE_SIZE;
  const next = nextSession(db, options.filters, now);
  const matching = db
    .select({ one: sql`1` })
    .from(activities)
    .innerJoin(hubs, eq(hubs.id, activities.hubId))
    .innerJoin(categories, eq(categories.id, activities.categoryId))
    .innerJoinLateral(next, sql`true`)
    .where(activityWhere(options.filters, options.near, options.withinMinutes))
    .limit(ACTIVITY_COUNT_CAP + 1)
    .as("matching");
  const [totalRow] = await db.select({ total: count() }).from(matching);
  const counted = totalRow?.total ?? 0;
  const total = Math.min(counted, ACTIVITY_COUNT_CAP);
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, options.page), pageCount);
  const offset = (page - 1) * pageSize;
  const rows = options.near
    ? await selectActivityPage(db, { filters: options.filters, near: options.near, withinMinutes: options.withinMinutes, now, limit: pageSize, offset })
    : await soonestActivities(db, options.filters, now, offset, pageSize);
  const items = rows.map(({ chord, next, ...row }) => ({
    ...row,
    next: { ...next, startsAt: new Date(next.startsAt).toISOString(), endsAt: new Date(next.endsAt).toISOString() },
    distanceMetres: chord === null ? null : Math.round(chordToMetres(Number(chord))),
  }));
  return { items, total, totalIsCapped: counted > ACTIVITY_COUNT_CAP, page, pageCount, pageSize };
}
export type ActivityListItem = Awaited<ReturnType<typeof searchActivities>>["items"][number];

export async function listCategories(db: Db) {
  return db
    .select({ id: categories.id, code: categories.code, labelJa: categories.labelJa, labelEn: categories.labelEn })
    .from(categories)
    .orderBy(asc(categories.sortOrder), asc(categories.code));
}

const sessionColumns = {
  id: occurrences.id,
  activityId: occurrences.activityId,
  startsAt: occurrences.startsAt,
  endsAt: occurrences.endsAt,
  status: occurrences.status,
  cancelReason: occurrences.cancelReason,
  note: occurrences.note,
  moved: occurrences.moved,
  originalDate: occurrences.originalDate,
  /** The series' start time: with originalDate, where a moved session was before it moved. */
  scheduledStartTime: activities.startTime,
  updatedAt: occurrences.updatedAt,
};

const hubSessionsQuery = preparedQuery((db) =>
  db
    .select({
      ...sessionColumns,
      title: activities.title,
      feeYen: activities.feeYen,
      description: activities.description,
      activityUpdatedAt: activities.updatedAt,
    })
    .from(occurrences)
    .innerJoin(activities, eq(activities.id, occurrences.activityId))
    .where(
      and(
        eq(activities.hubId, sql.placeholder("hubId")),
        eq(activities.status, "active"),
        gte(occurrences.startsAt, sql.placeholder("from")),
        lt(occurrences.startsAt, sql.placeholder("to")),
      ),
    )
    .orderBy(asc(occurrences.startsAt), asc(activities.title))
    .prepare("hub_sessions"),
);

/** Sessions of a hub's public activities between two instants, in time order (hub page, print, feed). */
export async function listHubSessions(db: Db, hubId: number, window: { from: Date; to: Date }) {
  // A placeholder has no column to encode it: timestamps go as ISO text, as drizzle sends them.
  return hubSessionsQuery(db).execute({ hubId, from: window.from.toISOString(), to: window.to.toISOString() });
}
export type HubSession = Awaited<ReturnType<typeof listHubSessions>>[number];

const hubActivitiesQuery = preparedQuery((db) =>
  db
    .select({ activity: activities, categoryLabelJa: categories.labelJa, categoryLabelEn: categories.labelEn })
    .from(activities)
    .innerJoin(categories, eq(categories.id, activities.categoryId))
    .where(and(eq(activities.hubId, sql.placeholder("hubId")), eq(activities.status, "active")))
    .orderBy(asc(activities.title))
    .prepare("hub_activities"),
);

/** The active activities at a hub (what runs there), with their schedules. */
export async function listHubActivities(db: Db, hubId: number) {
  const rows = await hubActivitiesQuery(db).execute({ hubId });
  return rows.map(({ activity, ...labels }) => ({
    id: activity.id,
    title: activity.title,
    schedule: scheduleOf(activity),
    ...labels,
  }));
}

/** An activity at a public hub with its category, hub and current roles; undefined when none. */
const publicActivityQuery = preparedQuery((db) =>
  db
    .select({
      activity: activities,
      categoryCode: categories.code,
      categoryLabelJa: categories.labelJa,
      categoryLabelEn: categories.labelEn,
      hub: { id: hubs.id, name: hubs.name, address: hubs.address, lat: hubs.lat, lng: hubs.lng, accessibility: hubs.accessibility, districtName: districts.name },
    })
    .from(activities)
    .innerJoin(hubs, eq(hubs.id, activities.hubId))
    .innerJoin(districts, eq(districts.id, hubs.districtId))
    .innerJoin(categories, eq(categories.id, activities.categoryId))
    .where(and(eq(activities.id, sql.placeholder("activityId")), eq(hubs.status, "public")))
    .prepare("public_activity"),
);

export async function getPublicActivity(db: Db, activityId: number) {
  const [row] = await publicActivityQuery(db).execute({ activityId });
  if (!row) return undefined;
  const roles = await listActivityRoles(db, activityId);
  const { activity, ...rest } = row;
  return {
    ...rest,
    id: activity.id,
    title: activity.title,
    description: activity.description,
    audience: activity.audience,
    feeYen: activity.feeYen,
    feeNote: activity.feeNote,
    registrationRequired: activity.registrationRequired,
    capacity: activity.capacity,
    maxPartySize: activity.maxPartySize,
    applicationPhone: activity.applicationPhone,
    applicationMethod: activity.applicationMethod,
    welcomesSupported: activity.welcomesSupported,
    accessibilityNotes: activity.accessibilityNotes,
    status: activity.status,
    updatedAt: activity.updatedAt,
    schedule: scheduleOf(activity),
    roles,
  };
}
export type PublicActivity = NonNullable<Awaited<ReturnType<typeof getPublicActivity>>>;

/** The roles an activity currently needs, in the organiser's order. */
export async function listActivityRoles(db: Db, activityId: number) {
  return db
    .select({
      id: activityRoles.id,
      name: activityRoles.name,
      description: activityRoles.description,
      slots: activityRoles.slots,
      skills: activityRoles.skills,
      loadTags: activityRoles.loadTags,
    })
    .from(activityRoles)
    .where(and(eq(activityRoles.activityId, activityId), isNull(activityRoles.archivedAt)))
    .orderBy(asc(activityRoles.sortOrder), asc(activityRoles.id));
}

/** An activity's sessions from `from` on (cancelled ones included), soonest first. */
export async function listActivitySessions(db: Db, activityId: number, options: { from: Date; to?: Date; limit?: number }) {
  return db
    .select(sessionColumns)
    .from(occurrences)
    .innerJoin(activities, eq(activities.id, occurrences.activityId))
    .where(
      and(
        eq(occurrences.activityId, activityId),
        gte(occurrences.startsAt, options.from),
        options.to ? lt(occurrences.startsAt, options.to) : undefined,
      ),
    )
    .orderBy(asc(occurrences.startsAt))
    .limit(options.limit ?? 1000);
}
export type ActivitySession = Awaited<ReturnType<typeof listActivitySessions>>[number];

/** Free slots per role for each session: the role's slots less those confirmed (role_slot_fills). */
export async function freeSlotsBySession(
  db: Db,
  roles: { id: number; slots: number }[],
  sessionIds: number[],
): Promise<Map<number, Map<number, number>>> {
  const bySession = new Map<number, Map<number, number>>();
  for (const sessionId of sessionIds) bySession.set(sessionId, new Map(roles.map((role) => [role.id, role.slots])));
  if (sessionIds.length === 0 || roles.length === 0) return bySession;
  const fills = await db.select().from(roleSlotFills).where(inArray(roleSlotFills.occurrenceId, sessionIds));
  for (const fill of fills) {
    const free = bySession.get(fill.occurrenceId);
    const slots = free?.get(fill.roleId);
    if (free && slots !== undefined) free.set(fill.roleId, Math.max(0, slots - fill.confirmed));
  }
  return bySession;
}

