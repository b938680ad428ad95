import { eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { activities, hubs } from "#db/schema";
import { serverTranslate } from "~/lib/i18n/all-messages.server";
import { loader as activityPage } from "~/routes/activities.$activityId";
import { loader as hubPage } from "~/routes/hubs.$hubId";
import { action as editActivity } from "~/routes/organise.activities.$activityId";
import { action as editHub } from "~/routes/organise.hubs.$hubId";
import { createActivity } from "../factories/activities";
import { createHub } from "../factories/places";
import { createUser, sessionCookie } from "../factories/users";
import { useTestDatabase } from "../setup/database";
import { context, get, post, run } from "../setup/requests";

// The fields open data needs (名称_カナ, 駐車場情報, イベント名_カナ, 参加申込方法), saved through the
// organiser's real forms, refused beside the field when wrong, refused outright out of scope, and
// shown to residents where they help.

const database = useTestDatabase({ asAppDatabase: true });

const hubFields = (hub: { kindId: number; districtId: number }, overrides: Record<string, string | string[]> = {}) => ({
  name: "萩の台まちなえき",
  nameKana: "",
  description: "",
  kindId: String(hub.kindId),
  districtId: String(hub.districtId),
  address: "生駒市萩の台2丁目5-8",
  lat: "34.7221",
  lng: "135.7158",
  accessibility: ["step_free"],
  contactPhone: "",
  contactEmail: "",
  contactNote: "",
  parkingInfo: "",
  status: "public",
  ...overrides,
});

describe("名称_カナ and 駐車場情報 on the hub form", () => {
  test("an organiser saves them (hiragana becomes katakana); residents see the parking on the hub page", async () => {
    const db = database.db;
    const hub = await createHub(db);
    const organiser = await createUser(db, { roles: ["organiser"], hubIds: [hub.id] });
    const cookie = await sessionCookie(organiser.id);
    const response = await run(() =>
      editHub({ request: post(`/organise/hubs/${hub.id}`, hubFields(hub, { nameKana: "はぎのだいまちなえき", parkingInfo: "3台（要予約）" }), cookie), context, params: { hubId: String(hub.id) } }),
    );
    expect(response.status).toBe(302);
    const [saved] = await db.select().from(hubs).where(eq(hubs.id, hub.id));
    expect(saved).toMatchObject({ nameKana: "ハギノダイマチナエキ", parkingInfo: "3台（要予約）" });
    const page = await (await run(() => hubPage({ request: get(`/hubs/${hub.id}`), context, params: { hubId: String(hub.id) } }))).json();
    expect(page.hub.parkingInfo).toBe("3台（要予約）");
  });

  test("a reading in kanji comes back 400 with the Japanese message and every typed value; nothing is written", async () => {
    const db = database.db;
    const hub = await createHub(db, { name: "元の名前" });
    const organiser = await createUser(db, { roles: ["organiser"], hubIds: [hub.id] });
    const cookie = await sessionCookie(organiser.id);
    const response = await run(() =>
      editHub({ request: post(`/organise/hubs/${hub.id}`, hubFields(hub, { nameKana: "萩の台", parkingInfo: "なし" }), cookie), context, params: { hubId: String(hub.id) } }),
    );
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.values).toMatchObject({ nameKana: "萩の台", parkingInfo: "なし", name: "萩の台まちなえき" });
    expect(serverTranslate("ja", body.errors.nameKana)).toContain("全角カタカナ");
    const [row] = await db.select().from(hubs).where(eq(hubs.id, hub.id));
    expect(row).toMatchObject({ name: "元の名前", nameKana: null, parkingInfo: null });
  });

  test("an organiser of another hub is refused (404) and nothing changes", async () => {
    const db = database.db;
    const hub = await createHub(db);
    const stranger = await createUser(db, { roles: ["organiser"], hubIds: [(await createHub(db)).id] });
    const cookie = await sessionCookie(stranger.id);
    const response = await run(() =>
      editHub({ request: post(`/organise/hubs/${hub.id}`, hubFields(hub, { nameKana: "ノットリ", parkingInfo: "100台" }), cookie), context, params: { hubId: String(hub.id) } }),
    );
    expect(response.status).toBe(404);
    const [row] = await db.select().from(hubs).where(eq(hubs.id, hub.id));
    expect(row).toMatchObject({ nameKana: null, parkingInfo: null });
  });
});

describe("イベント名_カナ and 参加申込方法 on the activity form", () => {
  const activityFields = (overrides: Record<string, string> = {}) => ({
    intent: "save",
    title: "健康マージャン教室",
    titleKana: "",
    description: "",
    category: "hobby",
    audience: "seniors",
    feeYen: "0",
    feeNote: "",
    capacity: "12",
    registrationRequired: "on",
    maxPartySize: "2",
    applicationPhone: "",
    applicationMethod: "",
    accessibilityNotes: "",
    scheduleKind: "weekly",
    interval: "1",
    weekdays: "5",
    startDate: "2026-11-01",
    endDate: "",
    startTime: "13:30",
    endTime: "15:30",
    exceptionDates: "",
    ...overrides,
  });

  test("an organiser saves them (half-width kana becomes full-width); residents read how to apply on the activity page", async () => {
    const db = database.db;
    const activity = await createActivity(db);
    const organiser = await createUser(db, { roles: ["organiser"], hubIds: [activity.hubId] });
    const cookie = await sessionCookie(organiser.id);
    const response = await run(() =>
      editActivity({
        request: post(`/organise/activities/${activity.id}`, activityFields({ titleKana: "ｹﾝｺｳﾏｰｼﾞｬﾝｷｮｳｼﾂ", applicationMethod: "前日までに電話で申し込んでください" }), cookie),
        context,
        params: { activityId: String(activity.id) },
      }),
    );
    expect(response.status, await response.clone().text()).toBe(302);
    const [saved] = await db.select().from(activities).where(eq(activities.id, activity.id));
    expect(saved).toMatchObject({ titleKana: "ケンコウマージャンキョウシツ", applicationMethod: "前日までに電話で申し込んでください" });
    const page = await (await run(() => activityPage({ request: get(`/activities/${activity.id}`), context, params: { activityId: String(activity.id) } }))).json();
    expect(page.activity.applicationMethod).toBe("前日までに電話で申し込んでください");
  });

  test("a reading in latin letters comes back 400 beside the field; a stranger is refused; nothing is written", async () => {
    const db = database.db;
    const activity = await createActivity(db, { title: "元の活動" });
    const organiser = await createUser(db, { roles: ["organiser"], hubIds: [activity.hubId] });
    const cookie = await sessionCookie(organiser.id);
    const bad = await run(() =>
      editActivity({ request: post(`/organise/activities/${activity.id}`, activityFields({ titleKana: "Mahjong" }), cookie), context, params: { activityId: String(activity.id) } }),
    );
    expect(bad.status).toBe(400);
    const body = await bad.json();
    expect(body.values.titleKana).toBe("Mahjong");
    expect(serverTranslate("ja", body.errors.titleKana)).toContain("全角カタカナ");
    const stranger = await createUser(db);
    const strangerCookie = await sessionCookie(stranger.id);
    const refused = await run(() =>
      editActivity({ request: post(`/organise/activities/${activity.id}`, activityFields({ titleKana: "ノットリ" }), strangerCookie), context, params: { activityId: String(activity.id) } }),
    );
    expect(refused.status).toBe(403);
    const [row] = await db.select().from(activities).where(eq(activities.id, activity.id));
    expect(row).toMatchObject({ title: "元の活動", titleKana: null, applicationMethod: null });
  });
});
