// あいサポーター養成人数（累計） and the 市民実感度調査 results (staff-entered figures): the count's
// definition (people once, cumulatively, 年度 boundaries in Tokyo time), the starting figure, the
// 養成講座 flag on the organiser's activity form, survey upserts, the database's own refusals,
// the staff pages' access and the audit trail.
import { and, eq, inArray, sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { activities, applications, auditEvents, occurrences, supporterStartingFigures, surveyResults } from "#db/schema";
import { tokyoInstant } from "~/lib/dates";
import { fiscalYearPeriod } from "~/lib/metrics/periods";
import { action as editAction } from "~/routes/organise.activities.$activityId";
import { action as supportersAction, loader as supportersLoader } from "~/routes/staff.supporters";
import { action as surveysAction, loader as surveysLoader } from "~/routes/staff.surveys";
import { apply } from "~/services/applications.server";
import { recordAttendance, type RosterMark } from "~/services/attendance.server";
import { cancelOccurrence } from "~/services/organise.server";
import { addGuestSignup, signUpForRole } from "~/services/signups.server";
import { countSupportersTrained, listStartingFigures, setStartingFigure, supportersTrainedNow } from "~/services/supporters.server";
import { latestSurveyResult, listSurveyResults, setSurveyResult } from "~/services/surveys.server";
import { applicantDetails, createApplicableActivity } from "../factories/applications";
import { createUser, sessionCookie } from "../factories/users";
import { useTestDatabase } from "../setup/database";
import { context, get, post, redirectOf, run } from "../setup/requests";

const database = useTestDatabase({ asAppDatabase: true });
const MINUTE = 60_000;
const at = (date: string, time: string) => tokyoInstant(date, time);
const FY2026 = fiscalYearPeriod(2026);
const FY2027 = fiscalYearPeriod(2027);

// The count is city-wide: each test starts with no 養成講座 and no starting figure.
beforeEach(async () => {
  await database.db.update(activities).set({ trainingCourse: null });
  await database.db.delete(supporterStartingFigures);
});

/** A 養成講座 taking applications, with weekly sessions from `startsAt`, and its hub's organiser. */
async function course(startsAt: Date, options: { occurrenceCount?: number; marked?: boolean } = {}) {
  const slot = await createApplicableActivity(database.db, { startsAt, occurrenceCount: options.occurrenceCount ?? 1, maxPartySize: 5 });
  if (options.marked !== false) await database.db.update(activities).set({ trainingCourse: "ai_supporter" }).where(eq(activities.id, slot.activity.id));
  const organiser = await createUser(database.db, { roles: ["organiser"], hubIds: [slot.hubId] });
  return { ...slot, organiser };
}

type Course = Awaited<ReturnType<typeof course>>;

/** Residents apply (a day before the first of `sessions`), from an account or not, with their party. */
async function applyTo(c: Course, occurrenceId: number, who: { userId?: string; partySize?: number; month?: boolean }) {
  const [session] = await database.db.select().from(occurrences).where(eq(occurrences.id, occurrenceId));
  if (!session) throw new Error("no session");
  const applied = await apply(database.db, {
    occurrenceId,
    scope: who.month ? "month" : "one",
    details: applicantDetails({ partySize: who.partySize ?? 1 }),
    userId: who.userId,
    now: new Date(+session.startsAt - 24 * 60 * MINUTE),
  });
  return applied.applicantId;
}

/**
 * The organiser records a session by names: the applicants in `arrived` ticked present (the
 * others no-shows), and the helpers' sign-ups marked as given.
 */
async function recordSession(c: Course, occurrenceId: number, arrived: number[], roster: Record<number, RosterMark> = {}) {
  const [session] = await database.db.select().from(occurrences).where(eq(occurrences.id, occurrenceId));
  if (!session) throw new Error("no session");
  const ticked =
    arrived.length === 0
      ? []
      : await database.db
          .select({ id: applications.id })
          .from(applications)
          .where(and(eq(applications.occurrenceId, occurrenceId), inArray(applications.applicantId, arrived)));
  await recordAttendance(database.db, { userId: c.organiser.id }, {
    occurrenceId,
    arrivals: { applicationIds: ticked.map((t) => t.id), walkIns: 0, walkInFirstTimers: 0 },
    supportedParticipants: 0,
    roster,
    now: new Date(+session.startsAt + 30 * MINUTE),
  });
}

async function helper(c: Course, occurrenceId: number, userId: string) {
  const [session] = await database.db.select().from(occurrences).where(eq(occurrences.id, occurrenceId));
  return (await signUpForRole(database.db, { userId, occurrenceId, roleId: c.role.id, now: new Date(+(session?.startsAt ?? 0) - 24 * 60 * MINUTE) })).signupId;
}

describe("あいサポーター養成人数（累計）", () => {
  test("people who attended, once each across two 年度; the starting figure added; nothing recorded is null", async () => {
    const db = database.db;
    expect(await countSupportersTrained(db, FY2026)).toBeNull();

    // Course X (R8, 2026年度): two sessions a week apart in June.
    const x = await course(at("2026-06-10", "10:00"), { occurrenceCount: 2 });
    const [x1, x2] = x.occurrences.map((o) => o.id);
    if (!x1 || !x2) throw new Error("two sessions");
    const a = await createUser(db);
    const h = await createUser(db);
    const noShow = await createUser(db);
    const absentHelper = await createUser(db);
    const aAtX = await applyTo(x, x1, { userId: a.id });
    // A party of three without an account, for both sessions (one application for the month).
    const party = await applyTo(x, x1, { partySize: 3, month: true });
    const didNotCome = await applyTo(x, x1, { userId: noShow.id });
    const hSignup = await helper(x, x1, h.id);
    const absentSignup = await helper(x, x1, absentHelper.id);
    await recordSession(x, x1, [aAtX, party], { [hSignup]: "attended", [absentSignup]: "absent" });
    void didNotCome;
    const guest = await addGuestSignup(db, { organiserId: x.organiser.id, occurrenceId: x2, roleId: x.role.id, guestName: "電話の山田さん", now: at("2026-06-16", "10:00") });
    // The same party comes again: the same three people.
    await recordSession(x, x2, [party], { [guest.signupId]: "attended" });

    // A: 1, the party: 3, H: 1, the guest: 1.
    expect(await countSupportersTrained(db, FY2026)).toBe(6);

    // Course Y (R9, 2027年度): A again (already counted), D with a companion, and an ordinary
    // activity's attendance, which trains nobody.
    const y = await course(at("2027-05-12", "10:00"));
    const d = await createUser(db);
    const aAtY = await applyTo(y, y.occurrence.id, { userId: a.id });
    const dAtY = await applyTo(y, y.occurrence.id, { userId: d.id, partySize: 2 });
    await recordSession(y, y.occurrence.id, [aAtY, dAtY]);
    const ordinary = await course(at("2027-05-13", "10:00"), { marked: false });
    const e = await createUser(db);
    await recordSession(ordinary, ordinary.occurrence.id, [await applyTo(ordinary, ordinary.occurrence.id, { userId: e.id })]);
    // A cancelled session of a course counts nobody (its places are released).
    const z = await course(at("2027-06-02", "10:00"));
    await applyTo(z, z.occurrence.id, { userId: e.id });
    await cancelOccurrence(db, { userId: z.organiser.id }, { activityId: z.activity.id, occurrenceId: z.occurrence.id, reason: "講師の都合", now: at("2027-05-20", "09:00") });

    expect(await countSupportersTrained(db, FY2026)).toBe(6);
    expect(await countSupportersTrained(db, FY2027)).toBe(8);

    // People trained before the records: 1,646 as of 2024-01-01 (R5.1).
    const staff = await createUser(db, { roles: ["staff"], displayName: "市職員 田中" });
    await setStartingFigure(db, { asOf: "2024-01-01", people: 1646, userId: staff.id });
    expect(await countSupportersTrained(db, fiscalYearPeriod(2022))).toBeNull();
    expect(await countSupportersTrained(db, fiscalYearPeriod(2023))).toBe(1646);
    expect(await countSupportersTrained(db, FY2026)).toBe(1652);
    expect(await countSupportersTrained(db, FY2027)).toBe(1654);
    const now = await supportersTrainedNow(db, at("2027-07-01", "12:00"));
    expect(now).toEqual({ total: 1654, starting: { asOf: "2024-01-01", people: 1646 }, counted: 8 });

    // A later figure (a recount as of R9's first day) replaces the earlier one from then on;
    // people who completed a course before its date are in it and not counted again (A).
    await setStartingFigure(db, { asOf: "2027-04-01", people: 1700, userId: staff.id });
    expect(await countSupportersTrained(db, FY2026)).toBe(1652);
    expect(await countSupportersTrained(db, FY2027)).toBe(1702);
    const figures = await listStartingFigures(db);
    expect(figures.map((f) => [f.asOf, f.people, f.enteredBy])).toEqual([
      ["2027-04-01", 1700, "市職員 田中"],
      ["2024-01-01", 1646, "市職員 田中"],
    ]);
    // The same date again replaces it.
    await setStartingFigure(db, { asOf: "2027-04-01", people: 1710, userId: staff.id });
    expect((await listStartingFigures(db)).map((f) => f.people)).toEqual([1710, 1646]);
    const audited = await db.select().from(auditEvents).where(eq(auditEvents.action, "supporter_starting_figure.set"));
    expect(audited).toHaveLength(3);
    expect(audited.at(-1)).toMatchObject({ actorUserId: staff.id, targetType: "supporter_starting_figure", details: { asOf: "2027-04-01", people: 1710, previous: 1700 } });
  });

  describe("年度 boundaries are Tokyo time whatever the server's zone", () => {
    const original = process.env.TZ;
    afterEach(() => {
      process.env.TZ = original;
    });
    test.each(["America/Los_Angeles", "UTC", "Pacific/Kiritimati"])("TZ=%s", async (zone) => {
      process.env.TZ = zone;
      const db = database.db;
      const late = await course(at("2027-03-31", "23:30"));
      const early = await course(at("2027-04-01", "00:10"));
      const p1 = await createUser(db);
      const p2 = await createUser(db);
      await recordSession(late, late.occurrence.id, [await applyTo(late, late.occurrence.id, { userId: p1.id })]);
      await recordSession(early, early.occurrence.id, [await applyTo(early, early.occurrence.id, { userId: p2.id })]);
      // 2027-03-31 23:30 JST is R8 (2026年度); 2027-04-01 00:10 JST is R9.
      expect(await countSupportersTrained(db, FY2026)).toBe(1);
      expect(await countSupportersTrained(db, FY2027)).toBe(2);
      // A figure as of 2027-04-01 holds for R9 only, and includes the 31 March session's people.
      const staff = await createUser(db, { roles: ["staff"] });
      await setStartingFigure(db, { asOf: "2027-04-01", people: 100, userId: staff.id });
      expect(await countSupportersTrained(db, FY2026)).toBe(1);
      expect(await countSupportersTrained(db, FY2027)).toBe(101);
    });
  });

  describe("the 養成講座 flag on the organiser's activity form", () => {
    /** The edit form of an activity with its current values, and the choice of course. */
    function editForm(trainingCourse: string) {
      const start = "2031-01-08";
      return {
        intent: "save",
        title: "あいサポーター養成講座",
        description: "障がいの特性や必要な配慮を学びます。",
        category: "meals",
        audience: "everyone",
        feeYen: "0",
        feeNote: "",
        capacity: "20",
        maxPartySize: "4",
        accessibilityNotes: "",
        trainingCourse,
        scheduleKind: "weekly",
        interval: "1",
        weekdays: ["3"],
        startDate: start,
        endDate: "",
        startTime: "10:00",
        endTime: "11:30",
        exceptionDates: "",
      };
    }

    test("the hub's organiser sets and clears it; another hub's organiser cannot; an unknown kind is refused beside the field", async () => {
      const db = database.db;
      const c = await course(at("2031-01-08", "10:00"), { marked: false });
      const path = `/organise/activities/${c.activity.id}`;
      const params = { activityId: String(c.activity.id) };
      const flag = async () => (await db.select({ v: activities.trainingCourse }).from(activities).where(eq(activities.id, c.activity.id)))[0]?.v;

      const mine = await sessionCookie(c.organiser.id);
      const saved = await run(() => editAction({ request: post(path, editForm("ai_supporter"), mine), params, context }));
      expect(saved.status).toBe(302);
      expect(await flag()).toBe("ai_supporter");

      const stranger = await createUser(db, { roles: ["organiser"], hubIds: [(await course(at("2031-01-09", "10:00"))).hubId] });
      const strangerCookie = await sessionCookie(stranger.id);
      const refused = await run(() => editAction({ request: post(path, editForm(""), strangerCookie), params, context }));
      expect(refused.status).toBe(404);
      expect(await flag()).toBe("ai_supporter");

      const volunteer = await createUser(db);
      const volunteerCookie = await sessionCookie(volunteer.id);
      const notOrganiser = await run(() => editAction({ request: post(path, editForm(""), volunteerCookie), params, context }));
      expect(notOrganiser.status).toBe(403);
      expect(await flag()).toBe("ai_supporter");

      const bad = await run(() => editAction({ request: post(path, editForm("nursing"), mine), params, context }));
      expect(bad.status).toBe(400);
      const body = (await bad.json()) as { errors: Record<string, string>; values: Record<string, string> };
      expect(body.errors.trainingCourse).toBe("orgActivities.error.trainingCourse");
      expect(body.values.title).toBe("あいサポーター養成講座");

      const cleared = await run(() => editAction({ request: post(path, editForm(""), mine), params, context }));
      expect(cleared.status).toBe(302);
      expect(await flag()).toBeNull();
    });

    test("the database refuses a kind it does not know", async () => {
      const c = await course(at("2031-02-05", "10:00"), { marked: false });
      await expect(database.db.execute(sql.raw(`update activities set training_course = 'nursing' where id = ${c.activity.id}`))).rejects.toThrow();
    });
  });
});

describe("市民実感度調査 results", () => {
  const result = (overrides: Partial<Parameters<typeof setSurveyResult>[1]> = {}) => ({
    code: "survey_help_nearby" as const,
    fiscalYear: 2025,
    surveyName: "生駒市市民実感度調査",
    surveyedOn: "2025-10-31",
    respondents: 1187,
    percentage: 44.1,
    userId: "",
    ...overrides,
  });

  test("entering a 年度's result again replaces it, with who entered it; both entries are audited", async () => {
    const db = database.db;
    const first = await createUser(db, { roles: ["staff"], displayName: "職員 一" });
    const second = await createUser(db, { roles: ["admin"], displayName: "職員 二" });
    await setSurveyResult(db, result({ userId: first.id, percentage: 43.9 }));
    await setSurveyResult(db, result({ code: "survey_residents_solving", surveyName: "大和郡山市市民意識調査", percentage: 18.9, respondents: 1020, userId: first.id }));
    await setSurveyResult(db, result({ userId: second.id, respondents: 1201 }));

    const listed = await listSurveyResults(db, 2025);
    expect(listed.map((r) => [r.code, r.percentage, r.respondents, r.enteredBy])).toEqual([
      ["survey_help_nearby", 44.1, 1201, "職員 二"],
      ["survey_residents_solving", 18.9, 1020, "職員 一"],
    ]);
    expect(listed[0]?.enteredAt).toBeInstanceOf(Date);
    expect(await listSurveyResults(db, 2024)).toEqual([]);
    expect((await latestSurveyResult(db, "survey_help_nearby", 2027))?.fiscalYear).toBe(2025);
    expect(await latestSurveyResult(db, "survey_help_nearby", 2024)).toBeNull();

    const audited = await db.select().from(auditEvents).where(eq(auditEvents.action, "survey_result.set"));
    expect(audited).toHaveLength(3);
    expect(audited.at(-1)).toMatchObject({
      actorUserId: second.id,
      targetType: "survey_result",
      details: { code: "survey_help_nearby", fiscalYear: 2025, percentage: 44.1, respondents: 1201, previous: { percentage: 43.9, respondents: 1187 } },
    });
  });

  test("the database refuses a percentage over 100, no respondents, and an unknown survey — not only the form", async () => {
    const db = database.db;
    const row = { code: "survey_help_nearby" as const, fiscalYear: 2030, surveyName: "調査", surveyedOn: "2030-10-01", respondents: 100, percentage: "50.0" };
    await expect(db.insert(surveyResults).values({ ...row, percentage: "100.1" })).rejects.toThrow();
    await expect(db.insert(surveyResults).values({ ...row, percentage: "-0.1" })).rejects.toThrow();
    await expect(db.insert(surveyResults).values({ ...row, respondents: 0 })).rejects.toThrow();
    await expect(db.insert(surveyResults).values({ ...row, respondents: -5 })).rejects.toThrow();
    await expect(db.execute(sql.raw(`insert into survey_results (code, fiscal_year, survey_name, surveyed_on, respondents, percentage) values ('survey_made_up', 2030, '調査', '2030-10-01', 100, 50)`))).rejects.toThrow();
    await expect(db.insert(supporterStartingFigures).values({ asOf: "2024-01-01", people: -1 })).rejects.toThrow();
    await db.insert(surveyResults).values({ ...row, percentage: "100.0" });
    await expect(db.insert(surveyResults).values({ ...row, percentage: "10.0" })).rejects.toThrow(); // one per code and 年度
  });
});

describe("the staff pages", () => {
  const surveyForm = (overrides: Record<string, string> = {}) => ({
    code: "survey_consultation_nearby",
    fiscalYear: "2024",
    surveyName: "大和郡山市市民意識調査",
    surveyedOn: "2024-11-15",
    respondents: "1,050",
    percentage: "18.6%",
    ...overrides,
  });
  const figureForm = { asOf: "2024-01-01", people: "1,646" };
  const pages = [
    { path: "/staff/surveys", loader: surveysLoader, action: surveysAction, form: surveyForm() },
    { path: "/staff/supporters", loader: supportersLoader, action: supportersAction, form: figureForm },
  ];

  test("anonymous visitors, volunteers and organisers are refused on every loader and action, and nothing is written", async () => {
    const db = database.db;
    const volunteer = await createUser(db);
    const organiser = await createUser(db, { roles: ["organiser", "coordinator"] });
    for (const page of pages) {
      const anonymous = await run(() => page.loader({ request: get(page.path), params: {}, context }));
      expect(anonymous.status, page.path).toBe(302);
      expect(anonymous.headers.get("Location"), page.path).toMatch(/^\/login\?redirectTo=/);
      const anonymousPost = await run(() => page.action({ request: post(page.path, page.form), params: {}, context }));
      expect(anonymousPost.status, page.path).toBe(302);
      for (const user of [volunteer, organiser]) {
        const cookie = await sessionCookie(user.id);
        expect((await run(() => page.loader({ request: get(page.path, cookie), params: {}, context }))).status, page.path).toBe(403);
        expect((await run(() => page.action({ request: post(page.path, page.form, cookie), params: {}, context }))).status, page.path).toBe(403);
      }
    }
    expect(await db.select().from(surveyResults).where(eq(surveyResults.code, "survey_consultation_nearby"))).toEqual([]);
    expect(await listStartingFigures(db)).toEqual([]);
  });

  test("staff enter a survey result: typed values kept beside plain-Japanese errors, then saved", async () => {
    const db = database.db;
    const staff = await createUser(db, { roles: ["staff"], displayName: "福祉政策課 佐藤" });
    const cookie = await sessionCookie(staff.id);
    const refusals: [Record<string, string>, string, string][] = [
      [{ percentage: "100.5" }, "percentage", "indicators.error.percentage"],
      [{ percentage: "18.65" }, "percentage", "indicators.error.percentage"],
      [{ respondents: "0" }, "respondents", "indicators.error.respondents"],
      [{ surveyedOn: "2025-02-30" }, "surveyedOn", "indicators.error.surveyedOn"],
      [{ code: "survey_made_up" }, "code", "indicators.error.survey"],
      [{ fiscalYear: "R6" }, "fiscalYear", "indicators.error.fiscalYear"],
    ];
    for (const [overrides, field, key] of refusals) {
      const response = await run(() => surveysAction({ request: post("/staff/surveys", surveyForm(overrides), cookie), params: {}, context }));
      expect(response.status, field).toBe(400);
      const body = (await response.json()) as { errors: Record<string, string>; values: Record<string, string> };
      expect(body.errors[field]).toBe(key);
      expect(body.values).toMatchObject(surveyForm(overrides));
    }
    const saved = await run(() => surveysAction({ request: post("/staff/surveys", surveyForm(), cookie), params: {}, context }));
    expect(await redirectOf(saved)).toEqual({ location: "/staff/surveys", flash: "indicators.surveys.saved" });
    const [row] = await listSurveyResults(db, 2024);
    expect(row).toMatchObject({ code: "survey_consultation_nearby", respondents: 1050, percentage: 18.6, surveyedOn: "2024-11-15", enteredBy: "福祉政策課 佐藤" });

    const page = await run(() => surveysLoader({ request: get("/staff/surveys", cookie), params: {}, context }));
    expect(page.status).toBe(200);
    const data = (await page.json()) as { results: { code: string; fiscalYear: number }[] };
    expect(data.results.map((r) => [r.code, r.fiscalYear])).toContainEqual(["survey_consultation_nearby", 2024]);
  });

  test("staff enter the starting figure and see the cumulative count", async () => {
    const db = database.db;
    const staff = await createUser(db, { roles: ["admin"] });
    const cookie = await sessionCookie(staff.id);
    for (const [overrides, field, key] of [
      [{ asOf: "2024-02-30" }, "asOf", "indicators.error.asOf"],
      [{ people: "-3" }, "people", "indicators.error.people"],
      [{ people: "千六百" }, "people", "indicators.error.people"],
    ] as const) {
      const response = await run(() => supportersAction({ request: post("/staff/supporters", { ...figureForm, ...overrides }, cookie), params: {}, context }));
      expect(response.status).toBe(400);
      const body = (await response.json()) as { errors: Record<string, string>; values: Record<string, string> };
      expect(body.errors[field]).toBe(key);
      expect(body.values).toMatchObject({ ...figureForm, ...overrides });
    }
    const saved = await run(() => supportersAction({ request: post("/staff/supporters", figureForm, cookie), params: {}, context }));
    expect(await redirectOf(saved)).toEqual({ location: "/staff/supporters", flash: "indicators.supporters.saved" });
    const page = await run(() => supportersLoader({ request: get("/staff/supporters", cookie), params: {}, context }));
    const data = (await page.json()) as { now: { total: number | null }; figures: { people: number; asOf: string }[] };
    expect(data.now.total).toBe(1646);
    expect(data.figures).toMatchObject([{ people: 1646, asOf: "2024-01-01" }]);
  });
});
