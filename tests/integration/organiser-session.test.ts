// The organiser's session page on the day (issue 14): residents' applications beside the helper
// roster, phone and paper applications, check-in by code at the door, cancelling for a caller,
// the printable 受付名簿, and attendance counted from the names ticked. Through the routes, as a
// browser without JavaScript posts them, on a real database.
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { applicants, applications, attendanceRecords, metricHubMonths } from "#db/schema";
import type { MessageKey } from "~/lib/i18n";
import { serverTranslate } from "~/lib/i18n/all-messages.server";
import { action as attendanceAction, loader as attendanceLoader } from "~/routes/organise.occurrences.$occurrenceId.attendance";
import { action as sessionAction, loader as sessionLoader } from "~/routes/organise_.occurrences.$occurrenceId";
import { loader as receptionLoader } from "~/routes/organise_.occurrences.$occurrenceId_.reception";
import { apply, checkIn, enterApplication, getApplicationByToken } from "~/services/applications.server";
import { recordAttendance } from "~/services/attendance.server";
import { applicantDetails, createApplicableActivity } from "../factories/applications";
import { createUser, sessionCookie } from "../factories/users";
import { useTestDatabase } from "../setup/database";
import { context, get, post, redirectOf, run } from "../setup/requests";

const database = useTestDatabase({ asAppDatabase: true });

/** A session three days ahead (3 places, parties of up to 4) with its organiser and an organiser of another hub. */
async function setup(options: { capacity?: number; startsAt?: Date } = {}) {
  const db = database.db;
  const slot = await createApplicableActivity(db, { capacity: options.capacity ?? 3, maxPartySize: 4, startsAt: options.startsAt });
  const organiser = await createUser(db, { roles: ["organiser"], hubIds: [slot.hubId] });
  const stranger = await createUser(db, { roles: ["organiser"], hubIds: [(await createApplicableActivity(db)).hubId] });
  const id = slot.occurrence.id;
  return {
    ...slot,
    id,
    actor: { userId: organiser.id },
    cookie: await sessionCookie(organiser.id),
    strangerCookie: await sessionCookie(stranger.id),
    path: `/organise/occurrences/${id}`,
    params: { occurrenceId: String(id) },
  };
}
type Setup = Awaited<ReturnType<typeof setup>>;

const postTo = (s: Setup, fields: Record<string, string | string[]>, cookie = s.cookie) =>
  run(() => sessionAction({ request: post(s.path, fields, cookie), context, params: s.params }));
const page = async (s: Setup, query = "", cookie = s.cookie) => run(() => sessionLoader({ request: get(`${s.path}${query}`, cookie), context, params: s.params }));

interface Refusal {
  errors: Record<string, string>;
  values: Record<string, string>;
  formError?: string;
  intent?: string;
}
const ja = (key: MessageKey) => serverTranslate("ja", key);

describe("the participants on the session page", () => {
  test("confirmed first, then the queue in order, then cancelled; contact details only when asked", async () => {
    const s = await setup({ capacity: 3 });
    const db = database.db;
    const phoned = await enterApplication(db, s.actor, {
      occurrenceId: s.id,
      scope: "one",
      details: applicantDetails({ name: "電話の田中", email: null, phone: "0743741234", firstTime: true, note: "車いすで参加" }),
    });
    const pair = await apply(db, { occurrenceId: s.id, scope: "one", details: applicantDetails({ name: "メールの佐藤", email: "sato@example.jp", partySize: 2 }) });
    const waiting1 = await apply(db, { occurrenceId: s.id, scope: "one", details: applicantDetails({ name: "待ち一番", email: "w1@example.jp" }) });
    const waiting2 = await apply(db, { occurrenceId: s.id, scope: "one", details: applicantDetails({ name: "待ち二番", email: "w2@example.jp" }) });
    const gone = await apply(db, { occurrenceId: s.id, scope: "one", details: applicantDetails({ name: "取り消し", email: "gone@example.jp" }) });
    expect(await postTo(s, { intent: "cancelApplication", code: gone.code })).toMatchObject({ status: 302 });
    await checkIn(db, s.actor, s.id, pair.code);

    const body = await (await page(s)).json();
    expect(body.participants.counts).toEqual({ confirmed: 3, waiting: 2, capacity: 3, parties: 2 });
    expect(body.participants.participants.map((p: { name: string; status: string }) => [p.name, p.status])).toEqual([
      ["電話の田中", "confirmed"],
      ["メールの佐藤", "confirmed"],
      ["待ち一番", "waitlisted"],
      ["待ち二番", "waitlisted"],
      ["取り消し", "cancelled"],
    ]);
    expect(body.participants.participants[0]).toMatchObject({ firstTime: true, note: "車いすで参加", phoneOnly: true, enteredByOrganiser: true, checkedIn: false, contact: null });
    expect(body.participants.participants[1]).toMatchObject({ checkedIn: true, phoneOnly: false, partySize: 2 });
    // Without ?contact=1 no e-mail address and no code reaches the page; the call list has the phone-only applicant's number.
    const text = JSON.stringify(body);
    for (const secret of ["sato@example.jp", "w1@example.jp", phoned.code, pair.code, waiting1.code]) expect(text).not.toContain(secret);
    expect(body.participants.callList).toEqual([{ id: expect.any(Number), name: "電話の田中", partySize: 1, phone: "0743741234" }]);
    expect(text.match(/0743741234/g)).toHaveLength(1);

    const shown = await (await page(s, "?contact=1")).json();
    expect(shown.withContact).toBe(true);
    expect(shown.participants.participants[1].contact).toEqual({ phone: null, email: "sato@example.jp" });
    expect(shown.participants.participants[0].contact).toEqual({ phone: "0743741234", email: null });
    expect(waiting2.code).not.toBe(waiting1.code);
  });

  test("an organiser of another hub gets 404 on the page, the sheet and every form, and nothing changes", async () => {
    const s = await setup();
    const db = database.db;
    const applied = await apply(db, { occurrenceId: s.id, scope: "one", details: applicantDetails() });
    expect((await page(s, "", s.strangerCookie)).status).toBe(404);
    expect((await run(() => receptionLoader({ request: get(`${s.path}/reception`, s.strangerCookie), context, params: s.params }))).status).toBe(404);
    const attempts: Record<string, string>[] = [
      { intent: "enterApplication", name: "のっとり", partySize: "1" },
      { intent: "checkIn", code: applied.code },
      { intent: "cancelApplication", code: applied.code },
    ];
    for (const fields of attempts) {
      expect((await postTo(s, fields, s.strangerCookie)).status, fields.intent).toBe(404);
    }
    const rows = await db.select().from(applications).where(eq(applications.occurrenceId, s.id));
    expect(rows.map((r) => [r.status, r.checkedInAt])).toEqual([["confirmed", null]]);
    // Not logged in: to the login page; without the organiser role: 403.
    expect((await page(s, "", "")).status).toBe(302);
    const volunteer = await sessionCookie((await createUser(db)).id);
    expect((await postTo(s, { intent: "checkIn", code: applied.code }, volunteer)).status).toBe(403);
  });
});

describe("a phone or paper application", () => {
  test("is entered with the residents' fields, contact optional, full-width and hyphens accepted; the flash gives the code", async () => {
    const s = await setup();
    const response = await postTo(s, {
      intent: "enterApplication",
      name: "山田　花子",
      phone: "０７４３－７４－１１１１",
      email: "",
      partySize: "２",
      firstTime: "on",
      note: "杖を使います",
    });
    const { location, flash, params } = await redirectOf(response);
    expect(location).toBe(s.path);
    expect(flash).toBe("participants.flash.entered");
    const [row] = await database.db.select().from(applicants).where(eq(applicants.activityId, s.activity.id));
    expect(row).toMatchObject({ name: "山田　花子", phone: "0743741111", email: null, partySize: 2, firstTime: true, note: "杖を使います", enteredByUserId: s.actor.userId });
    expect(params?.code).toBe(`${row?.code.slice(0, 4)}-${row?.code.slice(4)}`);
    // No contact at all is fine for the organiser (a paper form with a name only).
    const bare = await postTo(s, { intent: "enterApplication", name: "紙の申込み", partySize: "1" });
    expect((await redirectOf(bare)).flash).toBe("participants.flash.entered");
    // Full now: the next one waits, and the flash says so.
    const queued = await postTo(s, { intent: "enterApplication", name: "三人目", partySize: "1" });
    expect((await redirectOf(queued)).flash).toBe("participants.flash.enteredWaitlisted");
  });

  test("bad input is refused beside each field in Japanese, with what was typed kept", async () => {
    const s = await setup();
    const typed = { intent: "enterApplication", name: "あ".repeat(51), phone: "12-34", email: "yamada@", partySize: "0", note: "" };
    const response = await postTo(s, typed);
    expect(response.status).toBe(400);
    const body = (await response.json()) as Refusal;
    expect(body.intent).toBe("enterApplication");
    expect(body.errors).toEqual({ name: "apply.error.nameLength", phone: "apply.error.phone", email: "apply.error.email", partySize: "apply.error.partySize" });
    expect(ja("apply.error.phone")).toBe("電話番号は0から始まる10けたか11けたの数字で書いてください");
    expect(body.values).toMatchObject({ name: typed.name, phone: "12-34", email: "yamada@", partySize: "0" });
    // A party larger than this activity allows (4), though within the absolute limit: the service says so beside the field.
    const tooMany = await postTo(s, { intent: "enterApplication", name: "大家族", partySize: "5" });
    expect(tooMany.status).toBe(400);
    expect(((await tooMany.json()) as Refusal).errors).toEqual({ partySize: "apply.error.partySize" });
    expect(await database.db.select().from(applicants).where(eq(applicants.activityId, s.activity.id))).toEqual([]);
  });

  test("a session that has started takes none: the page says so, and a post is refused above the form", async () => {
    const s = await setup();
    await database.db.execute(sql`update occurrences set starts_at = now() - interval '10 minutes', ends_at = now() + interval '1 hour' where id = ${s.id}`);
    expect((await (await page(s)).json()).participants.session.takesEntries).toBe(false);
    const response = await postTo(s, { intent: "enterApplication", name: "遅れて", partySize: "1" });
    const body = (await response.json()) as Refusal;
    expect(body).toMatchObject({ formError: "apply.error.closed", intent: "enterApplication", values: { name: "遅れて" } });
  });
});

describe("check-in and cancelling by code", () => {
  test("a typed code (any case, with a hyphen, full-width) or a scanned one checks the party in once", async () => {
    const s = await setup();
    const a = await apply(database.db, { occurrenceId: s.id, scope: "one", details: applicantDetails({ name: "受付太郎", partySize: 2 }) });
    const typed = `${a.code.slice(0, 4).toLowerCase()}-${a.code.slice(4)}`;
    const done = await redirectOf(await postTo(s, { intent: "checkIn", code: typed }));
    expect(done).toEqual({ location: s.path, flash: "checkin.done", params: { name: "受付太郎", count: 2 } });
    expect(serverTranslate("ja", "checkin.done", done.params)).toBe("受付太郎 さん（2人）を受付しました");
    const again = await redirectOf(await postTo(s, { intent: "checkIn", code: `MACHINAEKI:${a.code}` }));
    expect(again.flash).toBe("checkin.already");
    const b = await apply(database.db, { occurrenceId: s.id, scope: "one", details: applicantDetails({ name: "全角" }) });
    const fullWidth = b.code.replace(/[0-9A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    expect((await redirectOf(await postTo(s, { intent: "checkIn", code: fullWidth }))).flash).toBe("checkin.done");
    const arrived = await database.db
      .select()
      .from(applications)
      .where(and(eq(applications.occurrenceId, s.id), sql`${applications.checkedInAt} is not null`));
    expect(arrived).toHaveLength(2);
  });

  test("an unknown, empty, waiting or cancelled code is refused beside the field, the code kept", async () => {
    const s = await setup({ capacity: 1 });
    const placed = await apply(database.db, { occurrenceId: s.id, scope: "one", details: applicantDetails() });
    const waiting = await apply(database.db, { occurrenceId: s.id, scope: "one", details: applicantDetails() });
    const refused = async (fields: Record<string, string>) => {
      const response = await postTo(s, fields);
      return { status: response.status, ...((await response.json()) as Refusal) };
    };
    expect(await refused({ intent: "checkIn", code: "ZZZZ-9999" })).toMatchObject({
      status: 404,
      intent: "checkIn",
      errors: { code: "checkin.error.unknown" },
      values: { code: "ZZZZ-9999" },
    });
    expect(await refused({ intent: "checkIn", code: "  " })).toMatchObject({ status: 400, errors: { code: "checkin.error.code" } });
    expect(await refused({ intent: "checkIn", code: waiting.code })).toMatchObject({ status: 409, errors: { code: "checkin.error.waitlisted" } });
    expect(ja("checkin.error.waitlisted")).toBe("キャンセル待ちの方です。席があるか確かめてから受付してください");
    // The cancel form names its own intent, so the page shows the error beside that form's field.
    expect(await refused({ intent: "cancelApplication", code: "ZZZZ-9999" })).toMatchObject({ intent: "cancelApplication", errors: { code: "checkin.error.unknown" } });
    expect(await refused({ intent: "checkIn", code: "x".repeat(41) })).toMatchObject({ status: 400, errors: { code: "checkin.error.code" } });
    expect((await getApplicationByToken(database.db, placed.token)).sessions[0]?.checkedIn).toBe(false);
  });

  test("cancelling for a caller frees the place and promotes the first waiting; a second cancel is refused", async () => {
    const s = await setup({ capacity: 1 });
    const caller = await apply(database.db, { occurrenceId: s.id, scope: "one", details: applicantDetails({ name: "電話の人" }) });
    const waiting = await apply(database.db, { occurrenceId: s.id, scope: "one", details: applicantDetails() });
    const done = await redirectOf(await postTo(s, { intent: "cancelApplication", code: caller.code }));
    expect(done).toEqual({ location: s.path, flash: "participants.flash.cancelled", params: { name: "電話の人" } });
    expect((await getApplicationByToken(database.db, waiting.token)).sessions[0]?.status).toBe("confirmed");
    const again = await postTo(s, { intent: "cancelApplication", code: caller.code });
    expect(again.status).toBe(409);
    expect(((await again.json()) as Refusal).errors).toEqual({ code: "checkin.error.cancelled" });
  });
});

describe("the printable 受付名簿", () => {
  test("lists the confirmed with their numbers and the queue, with contact details only when asked", async () => {
    const s = await setup({ capacity: 3 });
    const db = database.db;
    await enterApplication(db, s.actor, {
      occurrenceId: s.id,
      scope: "one",
      details: applicantDetails({ name: "名簿一郎", email: null, phone: "09012345678", partySize: 2, firstTime: true, note: "補聴器" }),
    });
    await apply(db, { occurrenceId: s.id, scope: "one", details: applicantDetails({ name: "名簿二郎", email: "jiro@example.jp" }) });
    await apply(db, { occurrenceId: s.id, scope: "one", details: applicantDetails({ name: "待ちの三郎", email: "saburo@example.jp", partySize: 2 }) });
    const sheet = await run(() => receptionLoader({ request: get(`${s.path}/reception`, s.cookie), context, params: s.params }));
    expect(sheet.headers.get("Cache-Control")).toBe("no-store");
    const body = await sheet.json();
    expect(body.confirmed.map((p: { name: string; partySize: number; firstTime: boolean; note: string | null }) => [p.name, p.partySize, p.firstTime, p.note])).toEqual([
      ["名簿一郎", 2, true, "補聴器"],
      ["名簿二郎", 1, false, null],
    ]);
    expect(body.waiting.map((p: { name: string }) => p.name)).toEqual(["待ちの三郎"]);
    expect(body.counts).toMatchObject({ confirmed: 3, waiting: 2, capacity: 3, parties: 2 });
    const text = JSON.stringify(body);
    for (const secret of ["09012345678", "jiro@example.jp", "saburo@example.jp"]) expect(text).not.toContain(secret);
    const withContact = await (await run(() => receptionLoader({ request: get(`${s.path}/reception?contact=1`, s.cookie), context, params: s.params }))).json();
    expect(withContact.confirmed[0].contact).toEqual({ phone: "09012345678", email: null });
    expect(withContact.waiting[0].contact).toEqual({ phone: null, email: "saburo@example.jp" });
  });
});

describe("attendance counted by names", () => {
  /** A session that started ten minutes ago, with applications made before it began. */
  async function heldSession() {
    const s = await setup({ capacity: 10, startsAt: new Date(Date.now() + 3_600_000) });
    const before = new Date(Date.now() - 60_000);
    const db = database.db;
    const made = {
      newcomers: await apply(db, { occurrenceId: s.id, scope: "one", now: before, details: applicantDetails({ name: "はじめての二人", partySize: 2, firstTime: true }) }),
      regular: await apply(db, { occurrenceId: s.id, scope: "one", now: before, details: applicantDetails({ name: "いつもの一人" }) }),
      absent: await apply(db, { occurrenceId: s.id, scope: "one", now: before, details: applicantDetails({ name: "来なかった三人", partySize: 3 }) }),
    };
    await db.execute(sql`update occurrences set starts_at = now() - interval '10 minutes', ends_at = now() + interval '1 hour' where id = ${s.id}`);
    const applicationOf = async (applicantId: number) => {
      const [row] = await db.select({ id: applications.id }).from(applications).where(eq(applications.applicantId, applicantId));
      if (!row) throw new Error("no application");
      return row.id;
    };
    const ids = {
      newcomers: await applicationOf(made.newcomers.applicantId),
      regular: await applicationOf(made.regular.applicantId),
      absent: await applicationOf(made.absent.applicantId),
    };
    const attendancePath = `${s.path}/attendance`;
    const save = (fields: Record<string, string | string[]>, cookie = s.cookie) =>
      run(() => attendanceAction({ request: post(attendancePath, fields, cookie), context, params: s.params }));
    const load = async () => (await run(() => attendanceLoader({ request: get(attendancePath, s.cookie), context, params: s.params }))).json();
    return { s, made, ids, save, load };
  }

  async function rollup(hubId: number) {
    const [row] = await database.db
      .select({
        participants: sql<number>`coalesce(sum(${metricHubMonths.participants}), 0)::int`,
        firstTimers: sql<number>`coalesce(sum(${metricHubMonths.firstTimers}), 0)::int`,
        sessions: sql<number>`coalesce(sum(${metricHubMonths.sessions}), 0)::int`,
      })
      .from(metricHubMonths)
      .where(eq(metricHubMonths.hubId, hubId));
    return row;
  }

  test("the ticks (checked in at the door already ticked) and the walk-ins make the figures, fed to the rollups exactly once", async () => {
    const { s, made, ids, save, load } = await heldSession();
    await checkIn(database.db, s.actor, s.id, made.newcomers.code);
    const form = await load();
    expect(form.names.applicants.map((a: { name: string; partySize: number; firstTime: boolean; checkedIn: boolean }) => [a.name, a.partySize, a.firstTime, a.checkedIn])).toEqual([
      ["はじめての二人", 2, true, true],
      ["いつもの一人", 1, false, false],
      ["来なかった三人", 3, false, false],
    ]);
    expect(form.names).toMatchObject({ walkIns: null, walkInFirstTimers: null });

    const fields = { arrived: [String(ids.newcomers), String(ids.regular)], walkIns: "4", walkInFirstTimers: "1", supportedParticipants: "0" };
    for (let i = 0; i < 2; i++) expect((await save(fields)).status).toBe(302);
    const [record] = await database.db.select().from(attendanceRecords).where(eq(attendanceRecords.occurrenceId, s.id));
    // 2 + 1 ticked and 4 walk-ins; first-timers: the ticked pair and one walk-in.
    expect(record).toMatchObject({ participants: 7, firstTimers: 3 });
    expect(await rollup(s.hubId)).toEqual({ participants: 7, firstTimers: 3, sessions: 1 });
    // The one who did not come is recorded as such (never shown to them: their page has no such field).
    const marks = await database.db
      .select({ id: applications.id, noShow: applications.noShow, arrived: sql<boolean>`${applications.checkedInAt} is not null` })
      .from(applications)
      .where(eq(applications.occurrenceId, s.id));
    expect(Object.fromEntries(marks.map((m) => [m.id, [m.arrived, m.noShow]]))).toEqual({
      [ids.newcomers]: [true, false],
      [ids.regular]: [true, false],
      [ids.absent]: [false, true],
    });
    const residentView = await getApplicationByToken(database.db, made.absent.token);
    expect(JSON.stringify(residentView)).not.toMatch(/noShow|no_show/);

    // Corrected: the absent party did come after all, one walk-in fewer. The figures move, not add.
    const reloaded = await load();
    expect(reloaded.names).toMatchObject({ walkIns: 4, walkInFirstTimers: 1 });
    expect((await save({ ...fields, arrived: [...fields.arrived, String(ids.absent)], walkIns: "3" })).status).toBe(302);
    expect(await rollup(s.hubId)).toEqual({ participants: 9, firstTimers: 3, sessions: 1 });
  });

  test("bad input is refused beside the field with the ticks kept; a headcount for a session counted by names is refused", async () => {
    const { s, ids, save } = await heldSession();
    const refused = async (fields: Record<string, string | string[]>) => {
      const response = await save(fields);
      return { status: response.status, ...((await response.json()) as Omit<Refusal, "values"> & { values: Record<string, string | string[]> }) };
    };
    const ticks = { arrived: [String(ids.regular)] };
    expect(await refused({ ...ticks, walkIns: "-1", walkInFirstTimers: "0", supportedParticipants: "0" })).toMatchObject({
      status: 400,
      errors: { walkIns: "attendance.error.walkIns" },
      values: { walkIns: "-1", arrived: [String(ids.regular)] },
    });
    expect(await refused({ ...ticks, walkIns: "10000", walkInFirstTimers: "0", supportedParticipants: "0" })).toMatchObject({ errors: { walkIns: "attendance.error.walkIns" } });
    expect(await refused({ ...ticks, walkIns: "1", walkInFirstTimers: "2", supportedParticipants: "0" })).toMatchObject({
      errors: { walkInFirstTimers: "attendance.error.walkInFirstTimers" },
    });
    expect(ja("attendance.error.walkInFirstTimers")).toBe("初めての参加者は、当日参加の人数以下にしてください。");
    // 参加支援 participants above the people counted (1 ticked + 1 walk-in): the service says so beside the field.
    expect(await refused({ ...ticks, walkIns: "1", walkInFirstTimers: "0", supportedParticipants: "3" })).toMatchObject({
      status: 400,
      errors: { supportedParticipants: "attendance.error.supported" },
      values: { arrived: [String(ids.regular)], supportedParticipants: "3" },
    });
    expect(await refused({ ...ticks, walkIns: "0", walkInFirstTimers: "0", supportedParticipants: "0", "age_75+": "2" })).toMatchObject({
      errors: { "age_0-17": "attendance.error.ageBands" },
    });
    // A tick that is not a confirmed application of this session.
    expect(await refused({ arrived: ["999999"], walkIns: "0", walkInFirstTimers: "0", supportedParticipants: "0" })).toMatchObject({ formError: "attendance.error.applications" });
    expect(await refused({ arrived: ["abc"], walkIns: "0", walkInFirstTimers: "0", supportedParticipants: "0" })).toMatchObject({ formError: "attendance.error.applications" });
    // The old headcount form's fields alone are not a record of this session.
    expect(await refused({ participants: "30", firstTimers: "0", supportedParticipants: "0" })).toMatchObject({ status: 400, errors: { walkIns: "attendance.error.walkIns" } });
    expect(await database.db.select().from(attendanceRecords).where(eq(attendanceRecords.occurrenceId, s.id))).toEqual([]);
    expect(await rollup(s.hubId)).toEqual({ participants: 0, firstTimers: 0, sessions: 0 });
  });

  test("the service refuses a headcount for a session with confirmed applications, and arrivals from another organiser", async () => {
    const { s, ids } = await heldSession();
    await expect(recordAttendance(database.db, s.actor, { occurrenceId: s.id, participants: 30, firstTimers: 0, supportedParticipants: 0 })).rejects.toMatchObject({
      code: "conflict",
      key: "attendance.error.byNames",
    });
    const stranger = await createUser(database.db, { roles: ["organiser"] });
    await expect(
      recordAttendance(
        database.db,
        { userId: stranger.id },
        { occurrenceId: s.id, supportedParticipants: 0, arrivals: { applicationIds: [ids.regular], walkIns: 5, walkInFirstTimers: 0 } }
      )
    ).rejects.toMatchObject({ code: "not_found" });
    const posted = await run(() =>
      attendanceAction({
        request: post(`${s.path}/attendance`, { arrived: [String(ids.regular)], walkIns: "5", walkInFirstTimers: "0", supportedParticipants: "0" }, s.strangerCookie),
        context,
        params: s.params,
      })
    );
    expect(posted.status).toBe(404);
    expect(await database.db.select().from(attendanceRecords).where(eq(attendanceRecords.occurrenceId, s.id))).toEqual([]);
    const marks = await database.db.select({ noShow: applications.noShow, checkedInAt: applications.checkedInAt }).from(applications).where(eq(applications.occurrenceId, s.id));
    expect(marks.every((m) => !m.noShow && m.checkedInAt === null)).toBe(true);
  });

  test("a session whose applications were all cancelled keeps the headcount form", async () => {
    const { s, made, load } = await heldSession();
    for (const a of Object.values(made)) await postTo(s, { intent: "cancelApplication", code: a.code });
    expect((await load()).names.applicants).toEqual([]);
    const saved = await run(() =>
      attendanceAction({ request: post(`${s.path}/attendance`, { participants: "6", firstTimers: "1", supportedParticipants: "0" }, s.cookie), context, params: s.params })
    );
    expect(saved.status).toBe(302);
    expect(await rollup(s.hubId)).toEqual({ participants: 6, firstTimers: 1, sessions: 1 });
  });
});
