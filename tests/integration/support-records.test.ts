import { count, eq, sql } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { loadDemoData } from "~/commands/demo";
import { accompanimentEntries, auditEvents, supportAssignments, supportedPersons, supportMeetings, supportPartnerLinks, supportPartners, supportStageChanges } from "#db/schema";
import type { Db } from "~/lib/db.server";
import { serverTranslate } from "~/lib/i18n/all-messages.server";
import { randomBytes } from "node:crypto";
import { encryptField } from "~/lib/support-crypto.server";
import { action as editAction, loader as editLoader } from "~/routes/support.$personId.edit";
import { action as personAction } from "~/routes/support.$personId._index";
import { action as newAction } from "~/routes/support.new";
import { applyRetention } from "~/services/support-privacy.server";
import { createSupportedPerson } from "../factories/support";
import { createUser, sessionCookie } from "../factories/users";
import { useTestDatabase } from "../setup/database";
import { context, get, post, redirectOf, run } from "../setup/requests";
import { rowsOf } from "~/lib/db-rows.server";

const database = useTestDatabase({ asAppDatabase: true });

/** Every text, varchar, text[], json and jsonb column of every table, across all schemas. */
async function textColumns(db: Db) {
  const result = await db.execute(sql`
    select table_schema, table_name, column_name from information_schema.columns c
    where table_schema not in ('pg_catalog', 'information_schema', 'pg_toast')
      and (data_type in ('text', 'character varying', 'json', 'jsonb') or (data_type = 'ARRAY' and udt_name in ('_text', '_varchar')))
      and exists (select 1 from information_schema.tables t where t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE')`);
  return rowsOf(result).map((row) => ({ schema: String(row.table_schema), table: String(row.table_name), column: String(row.column_name) }));
}

/** Where `value` still occurs anywhere in the database, as "table.column". */
async function findEverywhere(db: Db, value: string): Promise<string[]> {
  const found: string[] = [];
  for (const { schema, table, column } of await textColumns(db)) {
    const result = await db.execute(
      sql`select count(*)::int as n from ${sql.identifier(schema)}.${sql.identifier(table)} where ${sql.identifier(column)}::text like ${`%${value}%`}`,
    );
    if (Number(rowsOf(result)[0]?.n) > 0) found.push(`${schema}.${table}.${column}`);
  }
  return found;
}

async function postPerson(cookie: string, personId: number, fields: Record<string, string>) {
  return run(() => personAction({ request: post(`/support/${personId}`, fields, cookie), params: { personId: String(personId) }, context }));
}

describe("withdrawal of consent", () => {
  test("removes every identifying value from every table, keeps the anonymous counts, in one go", async () => {
    const db = database.db;
    const coordinator = await createUser(db, { roles: ["coordinator"] });
    const cookie = await sessionCookie(coordinator.id);
    const values = {
      caseCode: "ケース撤回7788",
      pseudonym: "撤回するEさん",
      realName: "撤回 花子",
      interests: ["撤回者の趣味ABC"],
      constraintNote: "撤回者の配慮メモ",
      consentPurpose: "撤回者の同意目的",
      consentScope: "撤回者の閲覧範囲",
    };
    const person = await createSupportedPerson(db, coordinator.id, { ...values, constraints: ["quiet", "wheelchair"], walkingMetres: 700 });
    const other = await createSupportedPerson(db, coordinator.id);
    const [stored] = await db.select({ name: supportedPersons.realNameEncrypted }).from(supportedPersons).where(eq(supportedPersons.id, person.id));
    const ciphertext = stored?.name ?? "";
    expect(ciphertext).toMatch(/^v1\./);

    expect((await postPerson(cookie, person.id, { intent: "stage", stage: "visit", changedOn: "2026-05-01" })).status).toBe(302);
    expect((await postPerson(cookie, person.id, { intent: "entry", kind: "accompany", occurredOn: "2026-05-01", notes: "撤回者の同行メモ" })).status).toBe(302);
    expect((await postPerson(cookie, person.id, { intent: "entry", kind: "support_meeting", occurredOn: "2026-05-02", notes: "撤回者の会議メモ" })).status).toBe(302);
    expect((await postPerson(cookie, person.id, { intent: "partner", partnerKind: "person", partnerName: "撤回者の叔父XYZ", linkedOn: "2026-05-03" })).status).toBe(302);
    expect((await postPerson(cookie, person.id, { intent: "partner", partnerKind: "organisation", partnerName: "共有の社協", linkedOn: "2026-05-03" })).status).toBe(302);
    expect((await postPerson(cookie, other.id, { intent: "partner", partnerKind: "organisation", partnerName: "共有の社協", linkedOn: "2026-05-03" })).status).toBe(302);

    const identifying = [...Object.values(values).flat(), ciphertext, "撤回者の同行メモ", "撤回者の会議メモ", "撤回者の叔父XYZ"];
    // Control: before withdrawal the scan finds them.
    expect(await findEverywhere(db, values.pseudonym)).not.toEqual([]);
    expect(await findEverywhere(db, "撤回者の叔父XYZ")).not.toEqual([]);

    // A wrong confirmation is refused beside the field and removes nothing.
    const wrong = await postPerson(cookie, person.id, { intent: "withdraw", withdrawnOn: "2026-06-01", confirmCaseCode: "ちがう" });
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).errors.confirmCaseCode).toBe("support.field.confirm.mismatch");
    expect(await findEverywhere(db, values.pseudonym)).not.toEqual([]);

    const withdrawn = await postPerson(cookie, person.id, { intent: "withdraw", withdrawnOn: "2026-06-01", confirmCaseCode: values.caseCode });
    expect(withdrawn.status).toBe(302);
    expect(await redirectOf(withdrawn)).toEqual({ location: "/support", flash: "support.withdraw.done" });

    for (const value of identifying) expect(await findEverywhere(db, value), value).toEqual([]);

    // What stays: anonymous dates and kinds the indicators count.
    const [row] = await db.select().from(supportedPersons).where(eq(supportedPersons.id, person.id));
    expect(row).toMatchObject({ realNameEncrypted: null, interests: [], constraints: [], constraintNote: null, walkingMetres: null, consentWithdrawnOn: "2026-06-01", stage: "visit" });
    expect(row?.pseudonym).toMatch(/^匿名-[0-9a-f]{16}$/);
    expect(row?.anonymisedAt).toBeInstanceOf(Date);
    expect((await db.select().from(supportStageChanges).where(eq(supportStageChanges.personId, person.id))).map((s) => s.toStage)).toEqual(["consultation", "visit"]);
    const entries = await db.select().from(accompanimentEntries).where(eq(accompanimentEntries.personId, person.id));
    expect(entries.map((e) => [e.kind, e.occurredOn, e.notes]).sort()).toEqual([
      ["accompany", "2026-05-01", null],
      ["support_meeting", "2026-05-02", null],
    ]);
    expect(await db.select().from(supportPartnerLinks).where(eq(supportPartnerLinks.personId, person.id))).toHaveLength(2);
    expect(await db.select().from(supportPartners).where(eq(supportPartners.name, "共有の社協"))).toHaveLength(1);
    expect(await db.select().from(supportAssignments).where(eq(supportAssignments.personId, person.id))).toEqual([]);
    const [audit] = await db.select().from(auditEvents).where(eq(auditEvents.action, "support.person.anonymised"));
    expect(audit).toMatchObject({ actorUserId: coordinator.id, targetId: String(person.id), details: { reason: "withdrawal" } });

    // Gone for good: the coordinator can no longer open it; the other person is untouched.
    const again = await postPerson(cookie, person.id, { intent: "entry", kind: "phone", occurredOn: "2026-06-02", notes: "" });
    expect(again.status).toBe(404);
    const [untouched] = await db.select().from(supportedPersons).where(eq(supportedPersons.id, other.id));
    expect(untouched?.pseudonym).toBe(other.pseudonym);
  });
});

describe("retention", () => {
  test("anonymises records whose support ended longer ago than the period, and only those", async () => {
    const db = database.db;
    const coordinator = await createUser(db, { roles: ["coordinator"] });
    const cookie = await sessionCookie(coordinator.id);
    const old = await createSupportedPerson(db, coordinator.id, { pseudonym: "古い終了Fさん" });
    const recent = await createSupportedPerson(db, coordinator.id, { pseudonym: "最近終了Gさん" });
    await createSupportedPerson(db, coordinator.id, { pseudonym: "継続中Hさん" });
    for (const p of [old, recent]) expect((await postPerson(cookie, p.id, { intent: "stage", stage: "ended", changedOn: "2026-01-01" })).status).toBe(302);
    await db.update(supportedPersons).set({ endedAt: new Date(Date.now() - 400 * 86_400_000) }).where(eq(supportedPersons.id, old.id));
    expect(await applyRetention(db, { days: 365 })).toBe(1);
    expect(await findEverywhere(db, "古い終了Fさん")).toEqual([]);
    expect(await findEverywhere(db, "最近終了Gさん")).not.toEqual([]);
    expect(await findEverywhere(db, "継続中Hさん")).not.toEqual([]);
    expect(await applyRetention(db, { days: 365 })).toBe(0);
    const [audit] = await db.select().from(auditEvents).where(eq(auditEvents.targetId, String(old.id))).orderBy(sql`${auditEvents.id} desc`).limit(1);
    expect(audit).toMatchObject({ action: "support.person.anonymised", actorUserId: null, details: { reason: "retention" } });
  });
});

describe("records", () => {
  test("one support meeting that discussed two persons is one meeting row", async () => {
    const db = database.db;
    const coordinator = await createUser(db, { roles: ["coordinator"] });
    const cookie = await sessionCookie(coordinator.id);
    const a = await createSupportedPerson(db, coordinator.id);
    const b = await createSupportedPerson(db, coordinator.id);
    const before = (await db.select({ n: count() }).from(supportMeetings))[0]?.n ?? 0;
    expect((await postPerson(cookie, a.id, { intent: "entry", kind: "multi_agency_meeting", occurredOn: "2026-07-07", notes: "" })).status).toBe(302);
    const [meeting] = await db.select().from(accompanimentEntries).where(eq(accompanimentEntries.personId, a.id));
    expect(meeting?.meetingId).not.toBeNull();
    // B joins that meeting; the date comes from the meeting whatever was typed.
    expect((await postPerson(cookie, b.id, { intent: "entry", kind: "multi_agency_meeting", occurredOn: "2026-07-09", meetingId: String(meeting?.meetingId) })).status).toBe(302);
    // Twice for the same person is refused beside the field.
    const twice = await postPerson(cookie, b.id, { intent: "entry", kind: "multi_agency_meeting", occurredOn: "2026-07-09", meetingId: String(meeting?.meetingId) });
    expect(twice.status).toBe(409);
    expect((await twice.json()).errors.meetingId).toBe("support.field.meeting.duplicate");
    expect((await db.select({ n: count() }).from(supportMeetings))[0]?.n).toBe(before + 1);
    const [bEntry] = await db.select().from(accompanimentEntries).where(eq(accompanimentEntries.personId, b.id));
    expect(bEntry).toMatchObject({ meetingId: meeting?.meetingId, occurredOn: "2026-07-07" });
    // Another coordinator cannot attach to a meeting they cannot see.
    const stranger = await createUser(db, { roles: ["coordinator"] });
    const c = await createSupportedPerson(db, stranger.id);
    const foreign = await postPerson(await sessionCookie(stranger.id), c.id, { intent: "entry", kind: "multi_agency_meeting", occurredOn: "2026-07-07", meetingId: String(meeting?.meetingId) });
    expect(foreign.status).toBe(404);
  });

  test("the database refuses what the forms refuse", async () => {
    const db = database.db;
    const coordinator = await createUser(db, { roles: ["coordinator"] });
    const person = await createSupportedPerson(db, coordinator.id);
    const attempts = [
      db.update(supportedPersons).set({ walkingMetres: 5001 }).where(eq(supportedPersons.id, person.id)),
      db.update(supportedPersons).set({ constraints: ["unknown"] }).where(eq(supportedPersons.id, person.id)),
      db.update(supportedPersons).set({ pseudonym: "" }).where(eq(supportedPersons.id, person.id)),
      db.update(supportedPersons).set({ stage: "ended" }).where(eq(supportedPersons.id, person.id)),
      db.update(supportedPersons).set({ consentWithdrawnOn: "2026-03-01" }).where(eq(supportedPersons.id, person.id)),
      db.insert(accompanimentEntries).values({ personId: person.id, kind: "support_meeting", occurredOn: "2026-05-01" }),
      db.insert(supportStageChanges).values({ personId: person.id, fromStage: "visit", toStage: "visit", changedOn: "2026-05-01" }),
    ];
    for (const attempt of attempts) await expect(attempt).rejects.toThrow();
  });

  test("a bad registration comes back 400 with Japanese messages beside the fields and the typed values", async () => {
    const db = database.db;
    const coordinator = await createUser(db, { roles: ["coordinator"] });
    const cookie = await sessionCookie(coordinator.id);
    const fields = {
      caseCode: "ケース0100",
      pseudonym: "",
      realName: "入力 保持",
      interests: "読書、園芸",
      constraints: ["quiet", "short"],
      constraintNote: "メモ",
      districtId: "",
      walkingMetres: "たくさん",
      consentGivenOn: "2026-13-40",
      consentPurpose: "目的",
      consentScope: "範囲",
    };
    const response = await run(() => newAction({ request: post("/support/new", fields, cookie), params: {}, context }));
    expect(response.status).toBe(400);
    const data = await response.json();
    expect(data.errors).toEqual({
      pseudonym: "support.field.pseudonym.required",
      walkingMetres: "support.field.walking.invalid",
      consentGivenOn: "support.field.date.invalid",
    });
    expect(serverTranslate("ja", data.errors.walkingMetres)).toBe("歩ける距離は0〜5000の数字（メートル）で入力してください。");
    expect(data.values).toMatchObject({ caseCode: "ケース0100", realName: "入力 保持", interests: "読書、園芸", constraints: ["quiet", "short"], walkingMetres: "たくさん" });
    expect(response.headers.get("Cache-Control")).toBe("no-store");

    const ok = await run(() => newAction({ request: post("/support/new", { ...fields, pseudonym: "Iさん", walkingMetres: "900", consentGivenOn: "2026-04-10" }, cookie), params: {}, context }));
    expect(ok.status).toBe(302);
    const taken = await run(() => newAction({ request: post("/support/new", { ...fields, pseudonym: "Jさん", walkingMetres: "900", consentGivenOn: "2026-04-10" }, cookie), params: {}, context }));
    expect(taken.status).toBe(409);
    expect((await taken.json()).errors.caseCode).toBe("support.field.caseCode.taken");
    // A district that is not in the list (a stale or forged post) comes back beside its field, not as a 500.
    const stale = await run(() =>
      newAction({ request: post("/support/new", { ...fields, caseCode: "ケース0101", pseudonym: "Kさん", walkingMetres: "900", consentGivenOn: "2026-04-10", districtId: "2147480000" }, cookie), params: {}, context }),
    );
    expect(stale.status).toBe(409);
    const staleData = await stale.json();
    expect(staleData.errors).toEqual({ districtId: "support.field.district.invalid" });
    expect(staleData.values).toMatchObject({ pseudonym: "Kさん" });
  });

  test("the stage history records each change; the same stage again is refused beside the field", async () => {
    const db = database.db;
    const coordinator = await createUser(db, { roles: ["coordinator"] });
    const cookie = await sessionCookie(coordinator.id);
    const person = await createSupportedPerson(db, coordinator.id);
    expect((await postPerson(cookie, person.id, { intent: "stage", stage: "visit", changedOn: "2026-05-01" })).status).toBe(302);
    expect((await postPerson(cookie, person.id, { intent: "stage", stage: "trial", changedOn: "2026-05-20" })).status).toBe(302);
    const same = await postPerson(cookie, person.id, { intent: "stage", stage: "trial", changedOn: "2026-05-21" });
    expect(same.status).toBe(409);
    expect((await same.json()).errors.stage).toBe("support.field.stage.same");
    const history = await db.select().from(supportStageChanges).where(eq(supportStageChanges.personId, person.id)).orderBy(supportStageChanges.id);
    expect(history.map((h) => [h.fromStage, h.toStage, h.changedOn])).toEqual([
      [null, "consultation", "2026-04-01"],
      ["consultation", "visit", "2026-05-01"],
      ["visit", "trial", "2026-05-20"],
    ]);
  });
});

describe("dates of what has happened", () => {
  test("a stage change, entry, partner link, withdrawal or consent dated after today (Japan) is refused beside the field, typed values kept", async () => {
    const db = database.db;
    const coordinator = await createUser(db, { roles: ["coordinator"] });
    const cookie = await sessionCookie(coordinator.id);
    const person = await createSupportedPerson(db, coordinator.id);
    const future = "2030-01-01";
    const refusals: [Record<string, string>, string][] = [
      [{ intent: "stage", stage: "visit", changedOn: future }, "changedOn"],
      [{ intent: "entry", kind: "accompany", occurredOn: future, notes: "未来の同行" }, "occurredOn"],
      [{ intent: "partner", partnerKind: "organisation", partnerName: "未来の団体", linkedOn: future }, "linkedOn"],
      [{ intent: "withdraw", withdrawnOn: future, confirmCaseCode: person.caseCode }, "withdrawnOn"],
    ];
    for (const [fields, field] of refusals) {
      const response = await postPerson(cookie, person.id, fields);
      expect(response.status, fields.intent).toBe(400);
      const data = await response.json();
      expect(data.errors).toEqual({ [field]: "support.field.date.future" });
      expect(data.values).toMatchObject(fields);
    }
    expect(serverTranslate("ja", "support.field.date.future")).toBe("まだ来ていない日付です。今日か、それより前の日付を入力してください。");
    // Nothing was recorded: the stage is unchanged, no entry, no link, not anonymised.
    const [after] = await db.select({ stage: supportedPersons.stage, anonymisedAt: supportedPersons.anonymisedAt }).from(supportedPersons).where(eq(supportedPersons.id, person.id));
    expect(after).toEqual({ stage: "consultation", anonymisedAt: null });
    expect(await db.select().from(accompanimentEntries).where(eq(accompanimentEntries.personId, person.id))).toEqual([]);
    expect(await db.select().from(supportPartnerLinks).where(eq(supportPartnerLinks.personId, person.id))).toEqual([]);
    // Consent given tomorrow is refused on the new-person form too; today is accepted.
    const tomorrow = new Date(Date.now() + 86_400_000).toLocaleDateString("sv-SE", { timeZone: "Asia/Tokyo" });
    const today = new Date().toLocaleDateString("sv-SE", { timeZone: "Asia/Tokyo" });
    const fields = { caseCode: "ケース未来", pseudonym: "未来さん", interests: "", districtId: "", walkingMetres: "", consentGivenOn: tomorrow, consentPurpose: "目的", consentScope: "範囲" };
    const refused = await run(() => newAction({ request: post("/support/new", fields, cookie), params: {}, context }));
    expect(refused.status).toBe(400);
    expect((await refused.json()).errors).toEqual({ consentGivenOn: "support.field.date.future" });
    const ok = await run(() => newAction({ request: post("/support/new", { ...fields, consentGivenOn: today }, cookie), params: {}, context }));
    expect(ok.status).toBe(302);
    expect((await postPerson(cookie, person.id, { intent: "stage", stage: "visit", changedOn: today })).status).toBe(302);
  });
});

test("the demo supported persons load once, for the demo coordinator", async () => {
  const db = database.db;
  await loadDemoData(db);
  const first = (await db.select({ n: count() }).from(supportedPersons))[0]?.n ?? 0;
  await loadDemoData(db);
  expect((await db.select({ n: count() }).from(supportedPersons))[0]?.n).toBe(first);
  const demo = await db.select().from(supportedPersons).where(eq(supportedPersons.caseCode, "ケース0012"));
  expect(demo).toHaveLength(1);
  // The shared 支援会議 of 2026-06-20 is one meeting with two entries.
  const meetings = await db.select().from(supportMeetings).where(eq(supportMeetings.heldOn, "2026-06-20"));
  expect(meetings).toHaveLength(1);
  expect(await db.select().from(accompanimentEntries).where(eq(accompanimentEntries.meetingId, meetings[0]?.id ?? 0))).toHaveLength(2);
});

describe("a real name written under another key", () => {
  async function setupUnreadable() {
    const db = database.db;
    const coordinator = await createUser(db, { roles: ["coordinator"] });
    const cookie = await sessionCookie(coordinator.id);
    const person = await createSupportedPerson(db, coordinator.id, { pseudonym: "別鍵Jさん" });
    const otherKeyName = encryptField("別の鍵 太郎", randomBytes(32));
    await db.update(supportedPersons).set({ realNameEncrypted: otherKeyName }).where(eq(supportedPersons.id, person.id));
    const fields = {
      caseCode: person.caseCode,
      pseudonym: "別鍵Jさん（更新）",
      realName: "",
      interests: "",
      constraintNote: "",
      districtId: "",
      walkingMetres: "",
      consentGivenOn: person.consentGivenOn,
      consentPurpose: person.consentPurpose,
      consentScope: person.consentScope,
    };
    const save = (extra: Record<string, string> = {}) =>
      run(() => editAction({ request: post(`/support/${person.id}/edit`, { ...fields, ...extra }, cookie), params: { personId: String(person.id) }, context }));
    const stored = async () => (await db.select().from(supportedPersons).where(eq(supportedPersons.id, person.id)))[0];
    return { db, cookie, person, otherKeyName, save, stored };
  }

  test("the edit form says it cannot be shown, and saving with the field empty keeps it", async () => {
    const { cookie, person, otherKeyName, save, stored } = await setupUnreadable();
    const page = await run(() => editLoader({ request: get(`/support/${person.id}/edit`, cookie), params: { personId: String(person.id) }, context }));
    const body = await page.text();
    expect(body).toContain('"realNameUnreadable":true');
    expect(body).toContain('"realName":""');
    expect((await save()).status).toBe(302);
    expect(await stored()).toMatchObject({ pseudonym: "別鍵Jさん（更新）", realNameEncrypted: otherKeyName });
  });

  test("a newly typed name replaces it; the delete box removes it", async () => {
    const { save, stored } = await setupUnreadable();
    expect((await save({ realName: "新しい 名前" })).status).toBe(302);
    const replaced = (await stored())?.realNameEncrypted;
    expect(replaced).not.toBeNull();
    expect(replaced).not.toContain("新しい");
    const again = await setupUnreadable();
    expect((await again.save({ clearUnreadableRealName: "on" })).status).toBe(302);
    expect((await again.stored())?.realNameEncrypted).toBeNull();
  });

  test("a readable name emptied in the form is removed as before", async () => {
    const db = database.db;
    const coordinator = await createUser(db, { roles: ["coordinator"] });
    const cookie = await sessionCookie(coordinator.id);
    const person = await createSupportedPerson(db, coordinator.id, { realName: "読める 名前" });
    const response = await run(() =>
      editAction({
        request: post(
          `/support/${person.id}/edit`,
          { caseCode: person.caseCode, pseudonym: person.pseudonym, realName: "", interests: "", constraintNote: "", districtId: "", walkingMetres: "", consentGivenOn: person.consentGivenOn, consentPurpose: person.consentPurpose, consentScope: person.consentScope },
          cookie,
        ),
        params: { personId: String(person.id) },
        context,
      }),
    );
    expect(response.status).toBe(302);
    const [row] = await db.select().from(supportedPersons).where(eq(supportedPersons.id, person.id));
    expect(row?.realNameEncrypted).toBeNull();
  });
});
