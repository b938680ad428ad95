// 協議体 (councils), their meetings and 支えあいの仕組み (mutual-aid schemes): the records staff keep,
// the database's own refusals, the three indicator counts with exact 年度 boundaries, who may
// reach the pages, the public list and the audit log.
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, describe, expect, test } from "vitest";
import { auditEvents, councilMeetings, councils, mutualAidSchemes } from "#db/schema";
import { seedDemoAccounts } from "~/commands/demo/accounts";
import { seedDemoCouncils } from "~/commands/demo/councils";
import { seedPlaces } from "~/commands/demo/places";
import type { Db } from "~/lib/db.server";
import { DomainError } from "~/lib/domain-errors";
import { customPeriod, fiscalYearPeriod } from "~/lib/metrics/periods";
import { loader as publicLoader } from "~/routes/councils";
import { loader as councilLoader, action as councilAction } from "~/routes/staff.councils.$councilId";
import { loader as listLoader } from "~/routes/staff.councils._index";
import { countCouncils, countMutualAidLaunches, countMutualAidLaunchesUpTo } from "~/services/council-counts.server";
import { loader as newCouncilLoader, action as newCouncilAction } from "~/routes/staff.councils.new";
import { loader as schemeLoader, action as schemeAction } from "~/routes/staff.mutual-aid.$schemeId";
import { loader as newSchemeLoader, action as newSchemeAction } from "~/routes/staff.mutual-aid.new";
import {
  addCouncilMeeting,
  createCouncil,
  createMutualAidScheme,
  getCouncil,
  listCouncils,
  listMutualAidSchemes,
  listPublicCouncilsByDistrict,
  updateCouncil,
  updateMutualAidScheme,
} from "~/services/councils.server";
import { createDistrict } from "../factories/places";
import { createUser, sessionCookie } from "../factories/users";
import { useTestDatabase } from "../setup/database";
import { context, get, post, redirectOf, run } from "../setup/requests";
import { databaseRefusal } from "../support/refusals";

// The counts must not depend on the server's time zone: run this file far from Tokyo.
const originalTz = process.env.TZ;
process.env.TZ = "America/Los_Angeles";
afterAll(() => {
  process.env.TZ = originalTz;
});

const database = useTestDatabase({ asAppDatabase: true });
// The counts read a database of their own, so the other tests' records do not add to them.
const counting = useTestDatabase();
const demo = useTestDatabase();

const councilFields = (districtId: number, overrides: Record<string, string> = {}) => ({
  name: "移動支援部会",
  districtId: String(districtId),
  theme: "移動支援",
  establishedOn: "2023-06-01",
  dissolvedOn: "",
  residentMembers: "8",
  professionalMembers: "2",
  organisationMembers: "3",
  isPublic: "on",
  ...overrides,
});

async function councilInput(districtId: number, overrides: Partial<Parameters<typeof createCouncil>[2]> = {}) {
  return {
    name: `協議体${Math.random().toString(36).slice(2, 8)}`,
    districtId,
    theme: "見守り",
    establishedOn: "2023-06-01",
    dissolvedOn: null,
    isPublic: false,
    residentMembers: 5,
    professionalMembers: 1,
    organisationMembers: 2,
    ...overrides,
  };
}

async function staffActor(db: Db) {
  const staff = await createUser(db, { roles: ["staff"] });
  return { user: staff, actor: { userId: staff.id, ip: "192.0.2.10" } };
}

async function auditActionsFor(db: Db, userId: string) {
  const rows = await db
    .select({ action: auditEvents.action, targetType: auditEvents.targetType, targetId: auditEvents.targetId })
    .from(auditEvents)
    .where(and(eq(auditEvents.actorUserId, userId), inArray(auditEvents.targetType, ["council", "mutual_aid_scheme"])))
    .orderBy(auditEvents.id);
  return rows;
}

describe("records", () => {
  test("a council is created, edited, met and gives rise to a scheme; every write is audited", async () => {
    const db = database.db;
    const district = await createDistrict(db, { name: "矢田" });
    const { user, actor } = await staffActor(db);

    const id = await createCouncil(db, actor, await councilInput(district.id, { name: "移動支援部会", theme: "移動支援", isPublic: true }));
    await updateCouncil(db, actor, id, await councilInput(district.id, { name: "移動支援部会", theme: "移動支援・買い物", residentMembers: 10, isPublic: true }));
    await addCouncilMeeting(db, actor, id, { heldOn: "2023-07-10", attendees: 12, outcome: "送迎の需要を自治会ごとに調べる" });
    await addCouncilMeeting(db, actor, id, { heldOn: "2023-09-04", attendees: 9, outcome: "試行の運転ボランティアを募る" });
    const schemeId = await createMutualAidScheme(db, actor, {
      name: "矢田地区 移動支援",
      description: "買い物と通院の送迎",
      launchedOn: "2024-01-15",
      districtId: district.id,
      councilId: id,
      isPublic: true,
    });
    await updateMutualAidScheme(db, actor, schemeId, {
      name: "矢田地区 移動支援",
      description: "買い物・通院・サロンへの送迎",
      launchedOn: "2024-01-15",
      districtId: district.id,
      councilId: id,
      isPublic: true,
    });

    const council = await getCouncil(db, id);
    expect(council).toMatchObject({ name: "移動支援部会", theme: "移動支援・買い物", residentMembers: 10, professionalMembers: 1, organisationMembers: 2, districtName: "矢田" });
    expect(council.meetings.map((m) => m.heldOn)).toEqual(["2023-09-04", "2023-07-10"]);
    expect(council.meetings[0]?.recordedByUserId).toBe(user.id);
    expect(council.schemes.map((s) => s.description)).toEqual(["買い物・通院・サロンへの送迎"]);

    const listed = (await listCouncils(db)).find((c) => c.id === id);
    expect(listed).toMatchObject({ meetings: 2, latestMeetingOn: "2023-09-04", districtName: "矢田" });
    expect((await listMutualAidSchemes(db)).find((s) => s.id === schemeId)).toMatchObject({ councilName: "移動支援部会", districtName: "矢田" });

    expect(await auditActionsFor(db, user.id)).toEqual([
      { action: "council.created", targetType: "council", targetId: String(id) },
      { action: "council.updated", targetType: "council", targetId: String(id) },
      { action: "council.meeting_added", targetType: "council", targetId: String(id) },
      { action: "council.meeting_added", targetType: "council", targetId: String(id) },
      { action: "mutual_aid.created", targetType: "mutual_aid_scheme", targetId: String(schemeId) },
      { action: "mutual_aid.updated", targetType: "mutual_aid_scheme", targetId: String(schemeId) },
    ]);
  });

  test("one name per district; the same name in another district is fine; unknown ids are not found", async () => {
    const db = database.db;
    const [a, b] = [await createDistrict(db), await createDistrict(db)];
    const { user, actor } = await staffActor(db);
    await createCouncil(db, actor, await councilInput(a.id, { name: "見守り意見交換会" }));
    await expect(createCouncil(db, actor, await councilInput(a.id, { name: "見守り意見交換会" }))).rejects.toMatchObject({ code: "conflict", field: "name", key: "councils.error.duplicate" });
    const other = await createCouncil(db, actor, await councilInput(b.id, { name: "見守り意見交換会" }));
    await expect(updateCouncil(db, actor, other, await councilInput(a.id, { name: "見守り意見交換会" }))).rejects.toMatchObject({ code: "conflict", field: "name" });
    await expect(updateCouncil(db, actor, 2_000_000_000, await councilInput(a.id))).rejects.toBeInstanceOf(DomainError);
    await expect(addCouncilMeeting(db, actor, 2_000_000_000, { heldOn: "2024-01-01", attendees: 1, outcome: "x" })).rejects.toMatchObject({ code: "not_found" });
    await expect(
      createMutualAidScheme(db, actor, { name: "x", description: "", launchedOn: "2024-01-01", districtId: a.id, councilId: 2_000_000_000, isPublic: false }),
    ).rejects.toMatchObject({ code: "invalid", field: "councilId" });
    // Refused writes leave nothing in the log.
    expect((await auditActionsFor(db, user.id)).map((r) => r.action)).toEqual(["council.created", "council.created"]);
  });

  test("the DATABASE refuses a dissolution before establishment and negative counts, whatever the form says", async () => {
    const db = database.db;
    const district = await createDistrict(db);
    const base = { districtId: district.id, name: "治道地区 はるみち・わかもの会議", theme: "若い世代", establishedOn: "2023-05-01" };
    expect(await databaseRefusal(db.insert(councils).values({ ...base, dissolvedOn: "2023-04-30" }))).toMatch(/^23514 .*councils_dissolved_after_established/);
    expect(await databaseRefusal(db.insert(councils).values({ ...base, residentMembers: -1 }))).toMatch(/^23514 .*councils_resident_members_non_negative/);
    expect(await databaseRefusal(db.insert(councils).values({ ...base, professionalMembers: -1 }))).toMatch(/^23514 .*councils_professional_members_non_negative/);
    expect(await databaseRefusal(db.insert(councils).values({ ...base, organisationMembers: -1 }))).toMatch(/^23514 .*councils_organisation_members_non_negative/);
    expect(await databaseRefusal(db.insert(councils).values({ ...base, name: "" }))).toMatch(/^23514 .*councils_name_length/);
    // Dissolved on the day it was established is allowed (a one-off body).
    const [row] = await db
      .insert(councils)
      .values({ ...base, dissolvedOn: "2023-05-01" })
      .returning();
    expect(row?.dissolvedOn).toBe("2023-05-01");
    if (!row) return;
    expect(await databaseRefusal(db.update(councils).set({ dissolvedOn: "2023-01-01" }).where(eq(councils.id, row.id)))).toMatch(/^23514 .*councils_dissolved_after_established/);
    expect(await databaseRefusal(db.insert(councilMeetings).values({ councilId: row.id, heldOn: "2023-05-01", attendees: -3, outcome: "x" }))).toMatch(
      /^23514 .*council_meetings_attendees_non_negative/,
    );
    expect(await databaseRefusal(db.insert(mutualAidSchemes).values({ districtId: district.id, councilId: 2_000_000_000, name: "x", launchedOn: "2024-01-01" }))).toMatch(/^23503 /);
  });
});

describe("the indicator counts", () => {
  test("the server runs in another time zone (so the boundaries below are Tokyo's, not its own)", () => {
    expect(Intl.DateTimeFormat().resolvedOptions().timeZone).toBe("America/Los_Angeles");
  });

  test("協議体の設置数: established by the last day, not dissolved before the first; 31 March and 1 April fall exactly", async () => {
    const db = counting.db;
    const district = await createDistrict(db);
    const { actor } = await staffActor(db);
    const add = async (name: string, establishedOn: string, dissolvedOn: string | null = null) =>
      createCouncil(db, actor, await councilInput(district.id, { name, establishedOn, dissolvedOn }));
    await add("A: 2023-03-31 設置", "2023-03-31"); // the last day of 年度2022
    await add("B: 2024-03-31 設置", "2024-03-31"); // the last day of 年度2023
    await add("C: 2024-04-01 設置", "2024-04-01"); // the first day of 年度2024
    await add("D: 2023-03-31 解散", "2020-01-01", "2023-03-31"); // gone before 年度2023 starts
    await add("E: 2023-04-01 解散", "2020-01-01", "2023-04-01"); // still there on 年度2023's first day
    await add("F: 2023-04-01 設置", "2023-04-01");
    await add("G: 2024-03-31 解散", "2022-05-01", "2024-03-31");

    expect(await countCouncils(db, fiscalYearPeriod(2021))).toBe(2); // D, E
    expect(await countCouncils(db, fiscalYearPeriod(2022))).toBe(4); // A, D, E, G
    expect(await countCouncils(db, fiscalYearPeriod(2023))).toBe(5); // A, B, E, F, G
    expect(await countCouncils(db, fiscalYearPeriod(2024))).toBe(4); // A, B, C, F
    // A month: March 2024 has A, B, F, G (E went in April 2023).
    const march = customPeriod("2024-03-01", "2024-03-31");
    expect(march).not.toBeNull();
    if (march) expect(await countCouncils(db, march)).toBe(4);
  });

  test("支えあいの仕組みの立ち上げ件数: in the period, and cumulative up to its end", async () => {
    const db = counting.db;
    const district = await createDistrict(db);
    const { actor } = await staffActor(db);
    for (const launchedOn of ["2019-06-01", "2023-03-31", "2023-04-01", "2024-03-31", "2024-04-01"]) {
      await createMutualAidScheme(db, actor, { name: `仕組み ${launchedOn}`, description: "", launchedOn, districtId: district.id, councilId: null, isPublic: false });
    }
    const launches = async (year: number) => [await countMutualAidLaunches(db, fiscalYearPeriod(year)), await countMutualAidLaunchesUpTo(db, fiscalYearPeriod(year))];
    expect(await launches(2019)).toEqual([1, 1]);
    expect(await launches(2021)).toEqual([0, 1]);
    expect(await launches(2022)).toEqual([1, 2]);
    expect(await launches(2023)).toEqual([2, 4]);
    expect(await launches(2024)).toEqual([1, 5]);
    const march = customPeriod("2024-03-01", "2024-03-31");
    if (march) expect([await countMutualAidLaunches(db, march), await countMutualAidLaunchesUpTo(db, march)]).toEqual([1, 4]);
  });
});

describe("the staff pages", () => {
  test("only staff reach every loader and action: anonymous people go to login, others get 403 and change nothing", async () => {
    const db = database.db;
    const district = await createDistrict(db);
    const { actor } = await staffActor(db);
    const councilId = await createCouncil(db, actor, await councilInput(district.id));
    const schemeId = await createMutualAidScheme(db, actor, { name: "見守り", description: "", launchedOn: "2024-01-01", districtId: district.id, councilId: null, isPublic: false });
    const volunteer = await createUser(db);
    const organiser = await createUser(db, { roles: ["organiser", "coordinator"] });
    const before = { councils: (await db.select().from(councils)).length, schemes: (await db.select().from(mutualAidSchemes)).length, meetings: (await db.select().from(councilMeetings)).length };

    const councilParams = { councilId: String(councilId) };
    const schemeParams = { schemeId: String(schemeId) };
    const schemeFields = { name: "乗っ取り", launchedOn: "2024-02-01", districtId: String(district.id) };
    const calls = (cookie?: string) => [
      () => listLoader({ request: get("/staff/councils", cookie), context, params: {} }),
      () => newCouncilLoader({ request: get("/staff/councils/new", cookie), context, params: {} }),
      () => newCouncilAction({ request: post("/staff/councils/new", councilFields(district.id, { name: "乗っ取り" }), cookie), context, params: {} }),
      () => councilLoader({ request: get(`/staff/councils/${councilId}`, cookie), context, params: councilParams }),
      () => councilAction({ request: post(`/staff/councils/${councilId}`, { intent: "update", ...councilFields(district.id, { name: "乗っ取り" }) }, cookie), context, params: councilParams }),
      () => councilAction({ request: post(`/staff/councils/${councilId}`, { intent: "meeting", heldOn: "2024-01-01", attendees: "3", outcome: "x" }, cookie), context, params: councilParams }),
      () => newSchemeLoader({ request: get("/staff/mutual-aid/new", cookie), context, params: {} }),
      () => newSchemeAction({ request: post("/staff/mutual-aid/new", schemeFields, cookie), context, params: {} }),
      () => schemeLoader({ request: get(`/staff/mutual-aid/${schemeId}`, cookie), context, params: schemeParams }),
      () => schemeAction({ request: post(`/staff/mutual-aid/${schemeId}`, schemeFields, cookie), context, params: schemeParams }),
    ];
    for (const call of calls()) {
      const response = await run(call);
      expect(response.status).toBe(302);
      expect(response.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
    }
    for (const person of [volunteer, organiser]) {
      const cookie = await sessionCookie(person.id);
      for (const call of calls(cookie)) expect((await run(call)).status).toBe(403);
    }
    const after = { councils: (await db.select().from(councils)).length, schemes: (await db.select().from(mutualAidSchemes)).length, meetings: (await db.select().from(councilMeetings)).length };
    expect(after).toEqual(before);

    // Staff (and an admin who also holds staff) reach them all.
    const staffCookie = await sessionCookie((await createUser(db, { roles: ["staff"] })).id);
    for (const call of calls(staffCookie).filter((_, i) => [0, 1, 3, 6, 8].includes(i))) expect((await run(call)).status).toBe(200);
  });

  test("the forms: a bad submission comes back 400 with the errors beside the fields and the typed values; a good one saves", async () => {
    const db = database.db;
    const district = await createDistrict(db, { name: "筒井" });
    const cookie = await sessionCookie((await createUser(db, { roles: ["staff"] })).id);

    const bad = await run(() =>
      newCouncilAction({
        request: post("/staff/councils/new", councilFields(district.id, { name: "見守り意見交換会", establishedOn: "2024-04-01", dissolvedOn: "2024-03-31", residentMembers: "-2" }), cookie),
        context,
        params: {},
      }),
    );
    expect(bad.status).toBe(400);
    const refusal = (await bad.json()) as { errors: Record<string, string>; values: Record<string, string> };
    expect(refusal.errors).toEqual({ residentMembers: "councils.error.count" });
    expect(refusal.values).toMatchObject({ name: "見守り意見交換会", residentMembers: "-2", dissolvedOn: "2024-03-31", isPublic: "on" });
    // The order of the two dates is checked once every field reads (zod's refinements come last).
    const badDates = await run(() =>
      newCouncilAction({ request: post("/staff/councils/new", councilFields(district.id, { establishedOn: "2024-04-01", dissolvedOn: "2024-03-31" }), cookie), context, params: {} }),
    );
    expect(badDates.status).toBe(400);
    expect(((await badDates.json()) as { errors: Record<string, string> }).errors).toEqual({ dissolvedOn: "councils.error.dissolvedBeforeEstablished" });

    // Full-width digits and dates, as Japanese keyboards type them, are accepted.
    const created = await run(() =>
      newCouncilAction({ request: post("/staff/councils/new", councilFields(district.id, { name: "見守り意見交換会", establishedOn: "２０２３－０５－１０", residentMembers: "１２" }), cookie), context, params: {} }),
    );
    const { location, flash } = await redirectOf(created);
    expect(flash).toBe("councils.created");
    const id = Number(location?.split("/").pop());
    expect(await getCouncil(db, id)).toMatchObject({ name: "見守り意見交換会", establishedOn: "2023-05-10", residentMembers: 12, isPublic: true, districtId: district.id });

    const duplicate = await run(() => newCouncilAction({ request: post("/staff/councils/new", councilFields(district.id, { name: "見守り意見交換会" }), cookie), context, params: {} }));
    expect(duplicate.status).toBe(409);
    expect(((await duplicate.json()) as { errors: Record<string, string> }).errors).toEqual({ name: "councils.error.duplicate" });

    const badMeeting = await run(() =>
      councilAction({ request: post(`/staff/councils/${id}`, { intent: "meeting", heldOn: "2024-02-30", attendees: "-1", outcome: "" }, cookie), context, params: { councilId: String(id) } }),
    );
    expect(badMeeting.status).toBe(400);
    expect(await badMeeting.json()).toMatchObject({
      intent: "meeting",
      errors: { heldOn: "councils.error.date", attendees: "councils.error.count", outcome: "councils.error.outcome" },
      values: { attendees: "-1" },
    });
    const meeting = await run(() =>
      councilAction({ request: post(`/staff/councils/${id}`, { intent: "meeting", heldOn: "2024-02-05", attendees: "14", outcome: "見守りの担当地図を更新" }, cookie), context, params: { councilId: String(id) } }),
    );
    expect((await redirectOf(meeting)).flash).toBe("councils.meeting.saved");

    const edited = await run(() =>
      councilAction({
        request: post(`/staff/councils/${id}`, { intent: "update", ...councilFields(district.id, { name: "見守り意見交換会", establishedOn: "2023-05-10", dissolvedOn: "2025-03-31" }) }, cookie),
        context,
        params: { councilId: String(id) },
      }),
    );
    expect((await redirectOf(edited)).flash).toBe("councils.saved");
    expect((await getCouncil(db, id)).dissolvedOn).toBe("2025-03-31");

    const badScheme = await run(() =>
      newSchemeAction({ request: post("/staff/mutual-aid/new", { name: "", launchedOn: "2024-01-01", districtId: "", councilId: "abc" }, cookie), context, params: {} }),
    );
    expect(badScheme.status).toBe(400);
    expect(((await badScheme.json()) as { errors: Record<string, string> }).errors).toEqual({ name: "councils.error.name", districtId: "councils.error.district", councilId: "councils.error.council" });
    const scheme = await run(() =>
      newSchemeAction({
        request: post("/staff/mutual-aid/new", { name: "筒井地区 見守り", description: "週1回の声かけ", launchedOn: "2024-06-01", districtId: String(district.id), councilId: String(id) }, cookie),
        context,
        params: {},
      }),
    );
    expect((await redirectOf(scheme)).flash).toBe("councils.scheme.created");
    expect((await getCouncil(db, id)).schemes).toMatchObject([{ name: "筒井地区 見守り", isPublic: false, councilId: id }]);

    // An unknown council is the 404 page, not an empty form.
    expect((await run(() => councilLoader({ request: get("/staff/councils/999999", cookie), context, params: { councilId: "999999" } }))).status).toBe(404);
    expect((await run(() => schemeLoader({ request: get("/staff/mutual-aid/999999", cookie), context, params: { schemeId: "999999" } }))).status).toBe(404);
  });
});

describe("the public page", () => {
  test("lists only public councils and schemes, by district, with the meetings count and latest date, and never a private council's name", async () => {
    const db = database.db;
    const district = await createDistrict(db, { name: "治道" });
    const { actor } = await staffActor(db);
    const open = await createCouncil(db, actor, await councilInput(district.id, { name: "はるみち・わかもの会議", isPublic: true }));
    const hidden = await createCouncil(db, actor, await councilInput(district.id, { name: "非公開の部会", isPublic: false }));
    await addCouncilMeeting(db, actor, open, { heldOn: "2024-05-01", attendees: 6, outcome: "夏祭りで若者の意見を聞く" });
    await addCouncilMeeting(db, actor, open, { heldOn: "2024-08-20", attendees: 8, outcome: "振り返り" });
    await createMutualAidScheme(db, actor, { name: "公開の仕組み", description: "", launchedOn: "2024-09-01", districtId: district.id, councilId: hidden, isPublic: true });
    await createMutualAidScheme(db, actor, { name: "非公開の仕組み", description: "", launchedOn: "2024-09-01", districtId: district.id, councilId: open, isPublic: false });

    const response = await run(() => publicLoader({ request: get("/councils"), context, params: {} }));
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(body).not.toContain("非公開");
    const { districts } = JSON.parse(body) as { districts: Awaited<ReturnType<typeof listPublicCouncilsByDistrict>> };
    const here = districts.find((d) => d.districtName === "治道");
    expect(here?.councils).toMatchObject([{ name: "はるみち・わかもの会議", meetings: 2, latestMeetingOn: "2024-08-20" }]);
    // The scheme is public, the council it came from is not: its name is left out.
    expect(here?.schemes).toMatchObject([{ name: "公開の仕組み", councilName: null }]);
    expect(Object.keys(here?.councils[0] ?? {})).not.toContain("residentMembers");
  });
});

describe("the demo data", () => {
  test("R5 (年度2023) has the seed's 8 協議体 and 2 支えあいの仕組み; loading again adds nothing", async () => {
    const db = demo.db;
    await seedPlaces(db);
    await seedDemoAccounts(db);
    const now = new Date("2026-12-01T00:00:00Z");
    expect(await seedDemoCouncils(db, now)).toBeGreaterThan(8);
    expect(await seedDemoCouncils(db, now)).toBe(0);
    const r5 = fiscalYearPeriod(2023);
    expect(await countCouncils(db, r5)).toBe(8);
    expect(await countMutualAidLaunchesUpTo(db, r5)).toBe(2);
    expect(await countCouncils(db, fiscalYearPeriod(2026))).toBeGreaterThan(8);
    expect(await countMutualAidLaunchesUpTo(db, fiscalYearPeriod(2026))).toBeGreaterThan(2);
    expect((await listPublicCouncilsByDistrict(db)).length).toBeGreaterThan(3);
  });
});
