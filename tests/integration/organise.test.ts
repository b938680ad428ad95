import { asc, count, eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { activities, activityRoles, auditEvents, occurrences } from "#db/schema";
import { auditActions } from "~/lib/audit-actions";
import { movedText } from "~/components/session-list";
import { formatSessionStart, tokyoDate } from "~/lib/dates";
import { getServerTranslate } from "~/lib/i18n/all-messages.server";
import { loader as activityLoader } from "~/routes/activities.$activityId";
import { action as editAction, loader as editLoader } from "~/routes/organise.activities.$activityId";
import { action as newAction, loader as newLoader } from "~/routes/organise.hubs.$hubId_.activities.new";
import { loader as organiseLoader } from "~/routes/organise._index";
import { createActivity } from "../factories/activities";
import { createHub } from "../factories/places";
import { createUser, sessionCookie } from "../factories/users";
import { useTestDatabase } from "../setup/database";
import { context, get, post, run } from "../setup/requests";

const database = useTestDatabase({ asAppDatabase: true });

async function organiserOf(hubId: number) {
  const user = await createUser(database.db, { roles: ["organiser"], hubIds: [hubId] });
  return { user, cookie: await sessionCookie(user.id) };
}

/** A valid "毎週水曜 10:00〜11:30" form, starting next week. */
function weeklyForm(overrides: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  const start = tokyoDate(new Date(Date.now() + 7 * 86_400_000));
  return {
    intent: "save",
    title: "ふれあい体操",
    description: "椅子でできる体操です。",
    category: "exercise",
    audience: "seniors",
    feeYen: "0",
    feeNote: "",
    capacity: "20",
    accessibilityNotes: "",
    scheduleKind: "weekly",
    interval: "1",
    weekdays: ["3"],
    startDate: start,
    endDate: "",
    startTime: "10:00",
    endTime: "11:30",
    exceptionDates: "",
    ...overrides,
  };
}

async function activityCount() {
  const [row] = await database.db.select({ n: count() }).from(activities);
  return row?.n ?? 0;
}

describe("access", () => {
  test("an organiser sees only their hubs; another hub is not found (404) whatever id is posted", async () => {
    const mine = await createHub(database.db, { name: "わたしの集会所" });
    const other = await createHub(database.db, { name: "よその集会所" });
    const otherActivity = await createActivity(database.db, { hubId: other.id });
    const { cookie } = await organiserOf(mine.id);

    const home = await run(() => organiseLoader({ request: get("/organise", cookie), context, params: {} }));
    const data = await home.json();
    expect(data.hubs.map((h: { name: string }) => h.name)).toEqual(["わたしの集会所"]);

    const params = { hubId: String(other.id) };
    expect((await run(() => newLoader({ request: get(`/organise/hubs/${other.id}/activities/new`, cookie), context, params }))).status).toBe(404);
    const before = await activityCount();
    expect((await run(() => newAction({ request: post(`/organise/hubs/${other.id}/activities/new`, weeklyForm(), cookie), context, params }))).status).toBe(404);
    const editParams = { activityId: String(otherActivity.id) };
    expect((await run(() => editLoader({ request: get(`/organise/activities/${otherActivity.id}`, cookie), context, params: editParams }))).status).toBe(404);
    expect((await run(() => editAction({ request: post(`/organise/activities/${otherActivity.id}`, { intent: "end" }, cookie), context, params: editParams }))).status).toBe(404);
    expect(await activityCount()).toBe(before);
    const [still] = await database.db.select().from(activities).where(eq(activities.id, otherActivity.id));
    expect(still?.status).toBe("active");

    // A session of the other hub's activity, posted to my own activity's page, changes nothing.
    const myActivity = await createActivity(database.db, { hubId: mine.id });
    const [foreignSession] = await database.db.select().from(occurrences).where(eq(occurrences.activityId, otherActivity.id)).limit(1);
    const response = await run(() =>
      editAction({
        request: post(`/organise/activities/${myActivity.id}`, { intent: "cancel", targetId: String(foreignSession?.id), reason: "いたずら" }, cookie),
        context,
        params: { activityId: String(myActivity.id) },
      }),
    );
    expect(response.status).toBe(404);
    const [untouched] = await database.db.select().from(occurrences).where(eq(occurrences.id, foreignSession?.id ?? 0));
    expect(untouched?.status).toBe("scheduled");
  });

  test("without a login the organiser pages redirect to /login; a volunteer gets 403", async () => {
    const hub = await createHub(database.db);
    const anonymous = await run(() => organiseLoader({ request: get("/organise"), context, params: {} }));
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toMatch(/^\/login\?redirectTo=%2Forganise/);
    const volunteer = await createUser(database.db);
    const cookie = await sessionCookie(volunteer.id);
    expect((await run(() => organiseLoader({ request: get("/organise", cookie), context, params: {} }))).status).toBe(403);
    expect((await run(() => newAction({ request: post(`/organise/hubs/${hub.id}/activities/new`, weeklyForm(), cookie), context, params: { hubId: String(hub.id) } }))).status).toBe(403);
  });
});

describe("creating and editing", () => {
  test("creates a weekly activity with seven months of sessions", async () => {
    const hub = await createHub(database.db);
    const { cookie } = await organiserOf(hub.id);
    const response = await run(() => newAction({ request: post(`/organise/hubs/${hub.id}/activities/new`, weeklyForm(), cookie), context, params: { hubId: String(hub.id) } }));
    expect(response.status).toBe(302);
    const id = Number(/\/organise\/activities\/(\d+)/.exec(response.headers.get("Location") ?? "")?.[1]);
    const sessions = await database.db.select().from(occurrences).where(eq(occurrences.activityId, id)).orderBy(asc(occurrences.startsAt));
    expect(sessions.length).toBeGreaterThanOrEqual(26);
    expect(sessions.every((s) => s.startsAt.toISOString().endsWith("T01:00:00.000Z"))).toBe(true);
  });

  test("accepts a time, capacity and fee typed with a Japanese keyboard (full-width 「１０：００」「１００」)", async () => {
    const hub = await createHub(database.db);
    const { cookie } = await organiserOf(hub.id);
    const form = weeklyForm({ startTime: "１０：００", endTime: "１１：３０", capacity: "１００", feeYen: "３００", startDate: String(weeklyForm().startDate).replace(/\d/g, (d: string) => String.fromCharCode(0xff10 + Number(d))).replace(/-/g, "－") });
    const response = await run(() => newAction({ request: post(`/organise/hubs/${hub.id}/activities/new`, form, cookie), context, params: { hubId: String(hub.id) } }));
    expect(response.status).toBe(302);
    const id = Number(/\/organise\/activities\/(\d+)/.exec(response.headers.get("Location") ?? "")?.[1]);
    const [saved] = await database.db.select().from(activities).where(eq(activities.id, id));
    expect(saved).toMatchObject({ capacity: 100, feeYen: 300 });
    const [first] = await database.db.select().from(occurrences).where(eq(occurrences.activityId, id)).orderBy(asc(occurrences.startsAt)).limit(1);
    expect(first?.startsAt.toISOString()).toMatch(/T01:00:00\.000Z$/);
  });

  test.each([
    ["capacity 0", { capacity: "0" }, "capacity", "定員は1以上"],
    ["capacity negative", { capacity: "-3" }, "capacity", "定員は1以上"],
    ["25:00", { startTime: "25:00" }, "startTime", "0:00〜23:59"],
    ["end before start", { startTime: "11:00", endTime: "10:00" }, "endTime", "終了時刻は開始時刻より後"],
    ["end date before start", { endDate: "2020-01-01" }, "endDate", "終了日は開始日と同じか"],
    ["a 5th Monday", { scheduleKind: "monthly", weekdays: ["1"], monthWeeks: ["5"] }, "monthWeeks", "第5週がない月"],
    ["no weekday", { weekdays: [] }, "weekdays", "曜日を1つ以上"],
    ["2026-02-30", { startDate: "2026-02-30" }, "startDate", "実在する日"],
    ["a schedule with no date", { weekdays: ["1"], startDate: "2027-01-05", endDate: "2027-01-10" }, "weekdays", "日程が1回もありません"],
  ])("refuses %s with a Japanese message beside the field, keeps what was typed, writes nothing", async (_name, change, field, message) => {
    const hub = await createHub(database.db);
    const { cookie } = await organiserOf(hub.id);
    const before = await activityCount();
    const form = weeklyForm(change);
    const response = await run(() => newAction({ request: post(`/organise/hubs/${hub.id}/activities/new`, form, cookie), context, params: { hubId: String(hub.id) } }));
    expect(response.status).toBe(400);
    const body = await response.json();
    const { ja } = await import("~/lib/i18n/messages/organise").then((m) => m.organise);
    expect(ja[body.errors[field] as keyof typeof ja]).toContain(message);
    expect(body.values.title).toBe("ふれあい体操");
    expect(body.values.startTime).toBe(form.startTime);
    expect(await activityCount()).toBe(before);
  });

  test("editing the series moves future sessions only; a cancelled session keeps its reason; ending keeps the past", async () => {
    const hub = await createHub(database.db);
    const { cookie } = await organiserOf(hub.id);
    const past = new Date(Date.now() - 21 * 86_400_000);
    const activity = await createActivity(database.db, { hubId: hub.id, startDate: tokyoDate(new Date(Date.now() - 60 * 86_400_000)), now: past });
    const params = { activityId: String(activity.id) };
    const all = await database.db.select().from(occurrences).where(eq(occurrences.activityId, activity.id)).orderBy(asc(occurrences.startsAt));
    const pastSessions = all.filter((s) => s.endsAt < new Date());
    const nextSession = all.find((s) => s.startsAt > new Date());
    expect(pastSessions.length).toBeGreaterThan(0);

    // Cancel one session with a reason, then change the series to Thursdays 14:00–15:00.
    const cancel = await run(() => editAction({ request: post(`/organise/activities/${activity.id}`, { intent: "cancel", targetId: String(nextSession?.id), reason: "雨天中止" }, cookie), context, params }));
    expect(cancel.status).toBe(302);
    const edit = await run(() =>
      editAction({
        request: post(`/organise/activities/${activity.id}`, weeklyForm({ title: "木曜の体操", weekdays: ["4"], startTime: "14:00", endTime: "15:00", startDate: activity.startDate }), cookie),
        context,
        params,
      }),
    );
    expect(edit.status).toBe(302);
    const after = await database.db.select().from(occurrences).where(eq(occurrences.activityId, activity.id)).orderBy(asc(occurrences.startsAt));
    for (const p of pastSessions) expect(after.find((s) => s.id === p.id)).toEqual(p);
    const future = after.filter((s) => s.startsAt > new Date());
    expect(future.length).toBeGreaterThan(20);
    expect(future.every((s) => s.startsAt.toISOString().endsWith("T05:00:00.000Z"))).toBe(true);

    // End it: no session after now stays scheduled, the past stays.
    expect((await run(() => editAction({ request: post(`/organise/activities/${activity.id}`, { intent: "end" }, cookie), context, params }))).status).toBe(302);
    const ended = await database.db.select().from(occurrences).where(eq(occurrences.activityId, activity.id));
    expect(ended.filter((s) => s.startsAt > new Date() && s.status === "scheduled")).toEqual([]);
    for (const p of pastSessions) expect(ended.find((s) => s.id === p.id)).toEqual(p);
    const [row] = await database.db.select().from(activities).where(eq(activities.id, activity.id));
    expect(row?.status).toBe("ended");
  });

  test("moves and annotates one session; roles are added, refused when slots ≤ 0, and archived", async () => {
    const hub = await createHub(database.db);
    const { cookie } = await organiserOf(hub.id);
    const activity = await createActivity(database.db, { hubId: hub.id });
    const params = { activityId: String(activity.id) };
    const [session] = await database.db.select().from(occurrences).where(eq(occurrences.activityId, activity.id)).orderBy(asc(occurrences.startsAt)).limit(1);
    const target = String(session?.id);
    const newDate = tokyoDate(new Date(Date.now() + 40 * 86_400_000));
    const moved = await run(() => editAction({ request: post(`/organise/activities/${activity.id}`, { intent: "move", targetId: target, date: newDate, startTime: "13:00", endTime: "14:00" }, cookie), context, params }));
    expect(moved.status).toBe(302);
    const bad = await run(() => editAction({ request: post(`/organise/activities/${activity.id}`, { intent: "move", targetId: target, date: newDate, startTime: "13:00", endTime: "25:00" }, cookie), context, params }));
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors.endTime).toBe("orgActivities.error.time");
    await run(() => editAction({ request: post(`/organise/activities/${activity.id}`, { intent: "note", targetId: target, note: "持ち物：タオル" }, cookie), context, params }));
    const [after] = await database.db.select().from(occurrences).where(eq(occurrences.id, session?.id ?? 0));
    expect(after).toMatchObject({ moved: true, note: "持ち物：タオル", originalDate: session?.originalDate });
    expect(tokyoDate(after?.startsAt ?? new Date())).toBe(newDate);
    // The public page says from when it moved: 「12月5日(土) 10:00から変更」.
    const page = await (await run(() => activityLoader({ request: get(`/activities/${activity.id}`), context, params }))).json();
    const shown = page.sessions.find((s: { id: number }) => s.id === session?.id);
    expect(movedText(shown, getServerTranslate("ja"), "ja")).toBe(`${formatSessionStart(session?.startsAt ?? new Date())}から変更`);
    expect(movedText(shown, getServerTranslate("ja"), "ja")).toMatch(/^\d{1,2}月\d{1,2}日\(.\) \d{2}:\d{2}から変更$/);

    const added = await run(() =>
      editAction({ request: post(`/organise/activities/${activity.id}`, { intent: "addRole", name: "本の整理", description: "", slots: "2", skills: "読書、整理", loadTags: ["solo", "quiet"] }, cookie), context, params }),
    );
    expect(added.status).toBe(302);
    const zero = await run(() => editAction({ request: post(`/organise/activities/${activity.id}`, { intent: "addRole", name: "受付", description: "", slots: "0", skills: "" }, cookie), context, params }));
    expect(zero.status).toBe(400);
    expect((await zero.json()).values.name).toBe("受付");
    const roles = await database.db.select().from(activityRoles).where(eq(activityRoles.activityId, activity.id));
    expect(roles).toEqual([expect.objectContaining({ name: "本の整理", slots: 2, skills: ["読書", "整理"], loadTags: ["solo", "quiet"] })]);
    await run(() => editAction({ request: post(`/organise/activities/${activity.id}`, { intent: "archiveRole", targetId: String(roles[0]?.id) }, cookie), context, params }));
    const [archived] = await database.db.select().from(activityRoles).where(eq(activityRoles.id, roles[0]?.id ?? 0));
    expect(archived?.archivedAt).not.toBeNull();
  });
});

describe("the audit log", () => {
  test("every organiser write is audited under a name of the closed list, so the audit view can name it", async () => {
    const hub = await createHub(database.db);
    const { user, cookie } = await organiserOf(hub.id);
    const created = await run(() => newAction({ request: post(`/organise/hubs/${hub.id}/activities/new`, weeklyForm(), cookie), context, params: { hubId: String(hub.id) } }));
    const id = Number(/\/organise\/activities\/(\d+)/.exec(created.headers.get("Location") ?? "")?.[1]);
    const params = { activityId: String(id) };
    const [first, second] = await database.db.select().from(occurrences).where(eq(occurrences.activityId, id)).orderBy(asc(occurrences.startsAt)).limit(2);
    const send = (form: Record<string, string | string[]>) => run(() => editAction({ request: post(`/organise/activities/${id}`, form, cookie), context, params }));
    expect((await send({ intent: "cancel", targetId: String(first?.id), reason: "雨天中止" })).status).toBe(302);
    expect((await send({ intent: "restore", targetId: String(first?.id) })).status).toBe(302);
    const newDate = tokyoDate(new Date(Date.now() + 40 * 86_400_000));
    expect((await send({ intent: "move", targetId: String(second?.id), date: newDate, startTime: "13:00", endTime: "14:00" })).status).toBe(302);
    expect((await send(weeklyForm({ title: "木曜の体操", weekdays: ["4"] }))).status).toBe(302);
    expect((await send({ intent: "end" })).status).toBe(302);
    const written = await database.db.select({ action: auditEvents.action, targetType: auditEvents.targetType }).from(auditEvents).where(eq(auditEvents.actorUserId, user.id)).orderBy(asc(auditEvents.id));
    expect(written.map((e) => e.action)).toEqual(["activity.create", "occurrence.cancel", "occurrence.restore", "occurrence.move", "activity.update", "activity.end"]);
    for (const { action } of written) expect(auditActions, action).toContain(action);
  });
});
