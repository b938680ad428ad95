import { and, asc, count, eq, sql } from "drizzle-orm";
import ICAL from "ical.js";
import { describe, expect, test } from "vitest";
import { activities, occurrences } from "#db/schema";
import { tokyoInstant } from "~/lib/dates";
import { explain } from "~/lib/db.server";
import { getPublicActivity, listHubSessions, searchActivities, selectActivityPage, type ActivityFilters } from "~/services/activities.server";
import { activityCalendar, hubCalendar } from "~/services/calendar.server";
import { syncFutureOccurrences, topUpOccurrences } from "~/services/occurrences.server";
import { getServerTranslate } from "~/lib/i18n/all-messages.server";
import { createActivity } from "../factories/activities";
import { createHub } from "../factories/places";
import { useTestDatabase } from "../setup/database";
import { rowsOf } from "~/lib/db-rows.server";

const database = useTestDatabase();
// Sunday 22 November 2026, 09:00 in Tokyo.
const now = new Date("2026-11-22T00:00:00Z");
const noFilters: ActivityFilters = { weekdays: [], features: [], free: false };

async function sessionsOf(activityId: number) {
  return database.db.select().from(occurrences).where(eq(occurrences.activityId, activityId)).orderBy(asc(occurrences.startsAt));
}

describe("materialising occurrences", () => {
  test("a new series gets at least six months of sessions ahead, in Tokyo time, and a top-up adds nothing twice", async () => {
    const activity = await createActivity(database.db, { now });
    const sessions = await sessionsOf(activity.id);
    expect(sessions[0]?.originalDate).toBe("2026-11-25");
    expect(sessions[0]?.startsAt.toISOString()).toBe("2026-11-25T01:00:00.000Z");
    expect((sessions.at(-1)?.originalDate ?? "") >= "2027-05-22").toBe(true);
    const [row] = await database.db.select().from(activities).where(eq(activities.id, activity.id));
    expect(row?.materialisedThrough).toBe("2027-06-22");
    expect(await topUpOccurrences(database.db, { now })).toBe(0);
    // A month later the horizon moves on: only the new dates are added, and again only once.
    const later = new Date("2026-12-24T00:00:00Z");
    const added = await topUpOccurrences(database.db, { now: later });
    expect(added).toBeGreaterThan(0);
    expect(await topUpOccurrences(database.db, { now: later })).toBe(0);
    const after = await sessionsOf(activity.id);
    expect(after).toHaveLength(sessions.length + (await countSince(activity.id, "2027-06-23")));
    expect(new Set(after.map((s) => s.originalDate)).size).toBe(after.length);
  });

  test("editing the series changes future sessions only; moved and past sessions stay", async () => {
    const activity = await createActivity(database.db, { now: new Date("2026-11-01T00:00:00Z") });
    const before = await sessionsOf(activity.id);
    const past = before.filter((s) => s.startsAt < now);
    expect(past.length).toBeGreaterThan(0);
    const toMove = before.find((s) => s.originalDate === "2026-12-09");
    if (!toMove) throw new Error("no session on 12-09");
    await database.db
      .update(occurrences)
      .set({ moved: true, startsAt: tokyoInstant("2026-12-10", "13:00"), endsAt: tokyoInstant("2026-12-10", "14:00") })
      .where(eq(occurrences.id, toMove.id));
    // From Wednesdays 10:00 to Thursdays 14:00.
    await database.db.update(activities).set({ weekdays: [4], startTime: "14:00", endTime: "15:00" }).where(eq(activities.id, activity.id));
    await syncFutureOccurrences(database.db, activity.id, now);
    const after = await sessionsOf(activity.id);
    for (const p of past) expect(after.find((s) => s.id === p.id)).toEqual(p);
    expect(after.find((s) => s.id === toMove.id)?.startsAt).toEqual(tokyoInstant("2026-12-10", "13:00"));
    const future = after.filter((s) => s.startsAt > now && !s.moved);
    expect(future.every((s) => s.startsAt.toISOString().endsWith("T05:00:00.000Z"))).toBe(true);
    expect(future[0]?.originalDate).toBe("2026-11-26");
  });
});

describe("sessions other records refer to", () => {
  test("are cancelled with 日程変更, not deleted, when the series drops their date, even under ON DELETE CASCADE", async () => {
    const db = database.db;
    // Stands in for another module's table (sign-ups): it cascades, which must not lose its rows.
    await db.execute(sql`create table test_signups (id serial primary key, occurrence_id integer not null references occurrences(id) on delete cascade)`);
    const activity = await createActivity(db, { now });
    const [first, second] = await sessionsOf(activity.id);
    await db.execute(sql`insert into test_signups (occurrence_id) values (${first?.id ?? 0})`);
    // Wednesdays become Thursdays: both Wednesday sessions leave the series.
    await db.update(activities).set({ weekdays: [4] }).where(eq(activities.id, activity.id));
    await syncFutureOccurrences(db, activity.id, now);
    const after = await sessionsOf(activity.id);
    expect(after.find((s) => s.id === first?.id)).toMatchObject({ status: "cancelled", cancelReason: "日程変更" });
    expect(after.find((s) => s.id === second?.id)).toBeUndefined();
    const result: unknown = await db.execute(sql`select count(*)::int as n from test_signups`);
    expect(Number(rowsOf(result)[0]?.n)).toBe(1);
  });
});

async function countSince(activityId: number, date: string) {
  const rows = await sessionsOf(activityId);
  return rows.filter((s) => s.originalDate >= date).length;
}

describe("searchActivities", () => {
  test("filters by category, weekday, time of day, audience, free, accessibility, date range and walking distance", async () => {
    const db = database.db;
    // Two hubs: one beside Ikoma station, one ~3 km north.
    const near = await createHub(db, { lat: 34.6925, lng: 135.7008, accessibility: ["step_free", "chairs"] });
    const far = await createHub(db, { lat: 34.72, lng: 135.7165 });
    const exercise = await createActivity(db, { hubId: near.id, title: "近くの体操", audience: "seniors", now });
    const evening = await createActivity(db, { hubId: near.id, title: "夜の書道", category: "hobby", weekdays: [5], startTime: "19:00", endTime: "20:30", feeYen: 500, now });
    const cafe = await createActivity(db, { hubId: far.id, title: "遠くのカフェ", category: "salon", scheduleKind: "monthly", weekdays: [6], monthWeeks: [2], startTime: "10:00", endTime: "14:30", feeYen: 300, now });
    const ids = (result: Awaited<ReturnType<typeof searchActivities>>) => result.items.map((i) => i.id).filter((id) => [exercise.id, evening.id, cafe.id].includes(id));
    const search = (filters: Partial<ActivityFilters>, extra: { now?: Date; near?: { lat: number; lng: number }; withinMinutes?: number } = {}) =>
      searchActivities(db, { filters: { ...noFilters, ...filters }, page: 1, now, pageSize: 100, ...extra });

    expect(ids(await search({ category: "hobby" }))).toEqual([evening.id]);
    expect(ids(await search({ weekdays: [6] }))).toEqual([cafe.id]);
    expect(ids(await search({ timeOfDay: "evening" }))).toEqual([evening.id]);
    expect(ids(await search({ timeOfDay: "morning" })).sort()).toEqual([exercise.id, cafe.id].sort());
    expect(ids(await search({ audience: "seniors" }))).toEqual([exercise.id]);
    expect(ids(await search({ free: true }))).toEqual([exercise.id]);
    expect(ids(await search({ features: ["step_free"] })).sort()).toEqual([exercise.id, evening.id].sort());
    // Seen on Tuesday 24 Nov, 今週 runs to Sunday 29 Nov: Wednesday and Friday, but the 2nd Saturday (12 Dec) is later.
    const tuesday = new Date("2026-11-24T00:00:00Z");
    expect(ids(await search({ range: "week" }, { now: tuesday })).sort()).toEqual([exercise.id, evening.id].sort());
    expect(ids(await search({ range: "today" }, { now: tuesday }))).toEqual([]);
    expect(ids(await search({ range: "today" }, { now: new Date("2026-11-25T00:30:00Z") }))).toEqual([exercise.id]);
    // On a Sunday, 今週 is that Sunday only.
    expect(ids(await search({ range: "week" }))).toEqual([]);
    // Within 10 minutes' walk of Ikoma station: the near hub only; nearest first with distances.
    const walk = await search({}, { near: { lat: 34.6917, lng: 135.7006 }, withinMinutes: 10 });
    expect(ids(walk).sort()).toEqual([exercise.id, evening.id].sort());
    expect(walk.items[0]?.distanceMetres).toBeLessThan(200);
    const all = await search({}, { near: { lat: 34.6917, lng: 135.7006 } });
    expect(all.items.findIndex((i) => i.id === cafe.id)).toBeGreaterThan(all.items.findIndex((i) => i.id === exercise.id));
    // The next date is the earliest session that matches.
    const first = (await search({ category: "exercise" })).items.find((i) => i.id === exercise.id);
    expect(first?.next.startsAt).toBe("2026-11-25T01:00:00.000Z");
  });

  test("a cancelled next session is shown, marked, with its reason", async () => {
    const activity = await createActivity(database.db, { title: "雨の日の散歩", category: "watch", now });
    const [next] = await sessionsOf(activity.id);
    await database.db.update(occurrences).set({ status: "cancelled", cancelReason: "雨天中止" }).where(eq(occurrences.id, next?.id ?? 0));
    const result = await searchActivities(database.db, { filters: { ...noFilters, category: "watch" }, page: 1, now, pageSize: 100 });
    const item = result.items.find((i) => i.id === activity.id);
    expect(item?.next).toMatchObject({ status: "cancelled", cancelReason: "雨天中止", startsAt: next?.startsAt.toISOString() });
  });

  test("ended activities and non-public hubs are not listed", async () => {
    const hidden = await createHub(database.db, { status: "draft" });
    const a = await createActivity(database.db, { hubId: hidden.id, category: "disaster", now });
    const b = await createActivity(database.db, { category: "disaster", now });
    await database.db.update(activities).set({ status: "ended", endedAt: now }).where(eq(activities.id, b.id));
    const result = await searchActivities(database.db, { filters: { ...noFilters, category: "disaster" }, page: 1, now });
    expect(result.items.map((i) => i.id)).not.toContain(a.id);
    expect(result.items.map((i) => i.id)).not.toContain(b.id);
  });

  test("the near-a-point query walks the hubs' GiST index and the occurrences index", async () => {
    const query = selectActivityPage(database.db, {
      filters: { ...noFilters, category: "exercise" },
      near: { lat: 34.69, lng: 135.7 },
      withinMinutes: 15,
      now,
      limit: 20,
      offset: 0,
    }).toSQL();
    const plan = await explain(database.handle, query);
    expect(plan).toMatch(/occurrences_activity_starts_at/);
  });
});

describe("calendar feeds", () => {
  test("are valid iCalendar with one stable UID per session, Tokyo times and STATUS:CANCELLED", async () => {
    const hub = await createHub(database.db, { name: "テスト集会所", address: "生駒市元町1-1" });
    const activity = await createActivity(database.db, { hubId: hub.id, title: "百歳体操", now, endDate: "2026-12-31" });
    const sessions = await sessionsOf(activity.id);
    await database.db.update(occurrences).set({ status: "cancelled", cancelReason: "会場点検" }).where(eq(occurrences.id, sessions[1]?.id ?? 0));
    const t = getServerTranslate("ja");
    const text = await hubCalendar(database.db, hub.id, { origin: "https://machinaeki.example.jp", t, now });
    if (!text) throw new Error("no feed");
    expect(text.split("\r\n").every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
    const calendar = new ICAL.Component(ICAL.parse(text));
    const events = calendar.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));
    expect(events).toHaveLength(sessions.length);
    expect(events.map((e) => e.uid)).toEqual(sessions.map((s) => `occurrence-${s.id}@machinaeki.example.jp`));
    expect(events[0]?.startDate.toJSDate().toISOString()).toBe("2026-11-25T01:00:00.000Z");
    expect(events[0]?.endDate.toJSDate().toISOString()).toBe("2026-11-25T02:00:00.000Z");
    expect(events[0]?.summary).toBe("百歳体操");
    expect(events[0]?.location).toContain("テスト集会所");
    expect(events[1]?.component.getFirstPropertyValue("status")).toBe("CANCELLED");
    expect(events[1]?.summary).toBe("【中止】百歳体操");
    expect(events[1]?.description).toContain("会場点検");
    // Reading the feed again gives the same UIDs (calendar apps update rather than duplicate).
    const again = await activityCalendar(database.db, activity.id, { origin: "https://machinaeki.example.jp", t, now });
    const againUids = new ICAL.Component(ICAL.parse(again ?? "")).getAllSubcomponents("vevent").map((v) => new ICAL.Event(v).uid);
    expect(againUids).toEqual(events.map((e) => e.uid));
  });
});

describe("public pages' data", () => {
  test("a hub's sessions and an activity with its roles", async () => {
    const activity = await createActivity(database.db, { now, roles: [{ name: "受付", slots: 2, loadTags: ["seated"] }] });
    const sessions = await listHubSessions(database.db, activity.hubId, { from: now, to: new Date(+now + 28 * 86_400_000) });
    expect(sessions.map((s) => s.originalDate)).toEqual(["2026-11-25", "2026-12-02", "2026-12-09", "2026-12-16"]);
    const page = await getPublicActivity(database.db, activity.id);
    expect(page?.roles).toEqual([expect.objectContaining({ name: "受付", slots: 2, loadTags: ["seated"] })]);
    expect(page?.schedule).toMatchObject({ kind: "weekly", weekdays: [3], startTime: "10:00", endTime: "11:00" });
  });

  test("database constraints refuse impossible values", async () => {
    const hub = await createHub(database.db);
    const base = { hubId: hub.id, categoryId: 1, title: "x", scheduleKind: "weekly" as const, weekdays: [3], startDate: "2026-11-01", startTime: "10:00", endTime: "11:00" };
    await expect(database.db.insert(activities).values({ ...base, capacity: 0 })).rejects.toThrow();
    await expect(database.db.insert(activities).values({ ...base, endTime: "09:00" })).rejects.toThrow();
    await expect(database.db.insert(activities).values({ ...base, endDate: "2026-10-01" })).rejects.toThrow();
    await expect(database.db.insert(activities).values({ ...base, scheduleKind: "monthly", monthWeeks: [5] })).rejects.toThrow();
    await expect(database.db.insert(activities).values({ ...base, weekdays: [] })).rejects.toThrow();
    const activity = await createActivity(database.db, { hubId: hub.id, now });
    const [first] = await sessionsOf(activity.id);
    await expect(
      database.db.insert(occurrences).values({ activityId: activity.id, originalDate: first?.originalDate ?? "", startsAt: now, endsAt: new Date(+now + 1000) }),
    ).rejects.toThrow();
    const [{ n } = { n: 0 }] = await database.db.select({ n: count() }).from(occurrences).where(and(eq(occurrences.activityId, activity.id)));
    expect(n).toBe((await sessionsOf(activity.id)).length);
  });
});
