import { and, asc, eq, inArray } from "drizzle-orm";
import { activities, applications, categories, hubs, occurrences, supporterStartingFigures, surveyResults } from "#db/schema";
import type { Db } from "~/lib/db.server";
import { apply } from "~/services/applications.server";
import { recordAttendance } from "~/services/attendance.server";
import { findUserByEmail } from "~/services/accounts.server";
import { setStartingFigure } from "~/services/supporters.server";
import { setSurveyResult } from "~/services/surveys.server";
import { demoHubs } from "./places";

// DEMO ONLY. The figures staff enter and the one counted from a 養成講座: an あいサポーター養成講座
// at the demo organiser's hub with two held sessions (residents applied and were ticked present,
// as an organiser records it), the starting figure of Ikoma's plan (1,646 as of 2024-01-01), and
// 市民実感度調査 results shaped like the seeds (Ikoma 42.5 % at R5.1 rising towards 46.5 %;
// Yamatokoriyama's R4 figures). Every person is invented; the respondents are plausible, not real.

export const DEMO_COURSE_TITLE = "あいサポーター養成講座（記録のデモ）";

// Phone-only applicants (no mail is sent for a past session), by session; the demo volunteer
// applies from their account to both and is counted once.
const attendees = [
  { name: "佐々木 文子", phone: "0743710001", partySize: 1, sessions: [0] },
  { name: "上田 誠", phone: "0743710002", partySize: 2, sessions: [0] },
  { name: "平野 るみ", phone: "0743710003", partySize: 1, sessions: [0] },
  { name: "村井 健", phone: "09012340004", partySize: 1, sessions: [1] },
  { name: "坂口 夏美", phone: "09012340005", partySize: 3, sessions: [1] },
  { name: "石田 修", phone: "0743710006", partySize: 1, sessions: [1] },
];

const tokyoDay = (d: Date) => new Date(+d + 9 * 3_600_000).toISOString().slice(0, 10);

async function seedCourse(db: Db, adminId: string, volunteer: { id: string; displayName: string; email: string } | undefined, now: Date): Promise<number> {
  const [hub] = await db.select({ id: hubs.id }).from(hubs).where(eq(hubs.name, demoHubs[0]?.name ?? ""));
  const [learning] = await db.select({ id: categories.id }).from(categories).where(eq(categories.code, "learning"));
  if (!hub || !learning) return 0;
  const [existing] = await db.select({ id: activities.id }).from(activities).where(and(eq(activities.hubId, hub.id), eq(activities.title, DEMO_COURSE_TITLE)));
  if (existing) return 0;
  // Two Saturdays, about two and one months ago, 13:30–15:00 Tokyo.
  const days = [63, 35].map((back) => tokyoDay(new Date(+now - back * 86_400_000)));
  const [activity] = await db
    .insert(activities)
    .values({
      hubId: hub.id,
      categoryId: learning.id,
      title: DEMO_COURSE_TITLE,
      description: "障がいのある方が困っていること、必要な配慮やちょっとした手助けを学ぶ90分の講座です。修了した方は「あいサポーター」です。",
      scheduleKind: "once",
      startDate: days[0] ?? "",
      endDate: days[1] ?? null,
      startTime: "13:30",
      endTime: "15:00",
      registrationRequired: true,
      capacity: 20,
      trainingCourse: "ai_supporter",
    })
    .returning({ id: activities.id });
  if (!activity) return 0;
  const sessions = await db
    .insert(occurrences)
    .values(days.map((day) => ({ activityId: activity.id, originalDate: day, startsAt: new Date(`${day}T13:30:00+09:00`), endsAt: new Date(`${day}T15:00:00+09:00`) })))
    .returning({ id: occurrences.id, startsAt: occurrences.startsAt });
  sessions.sort((a, b) => +a.startsAt - +b.startsAt);
  let people = 0;
  for (const [i, session] of sessions.entries()) {
    const applicantIds: number[] = [];
    const applyAt = new Date(+session.startsAt - 7 * 86_400_000);
    for (const person of attendees.filter((a) => a.sessions.includes(i))) {
      const applied = await apply(db, {
        occurrenceId: session.id,
        scope: "one",
        details: { name: person.name, phone: person.phone, email: null, note: null, partySize: person.partySize, firstTime: true },
        now: applyAt,
      });
      applicantIds.push(applied.applicantId);
      people += person.partySize;
    }
    if (volunteer) {
      const details = { name: volunteer.displayName, phone: null, email: volunteer.email, note: null, partySize: 1, firstTime: i === 0 };
      applicantIds.push((await apply(db, { occurrenceId: session.id, scope: "one", details, userId: volunteer.id, now: applyAt })).applicantId);
      if (i === 0) people += 1;
    }
    const arrived = await db
      .select({ id: applications.id })
      .from(applications)
      .where(and(eq(applications.occurrenceId, session.id), inArray(applications.applicantId, applicantIds)))
      .orderBy(asc(applications.id));
    await recordAttendance(db, { userId: adminId }, {
      occurrenceId: session.id,
      arrivals: { applicationIds: arrived.map((a) => a.id), walkIns: 0, walkInFirstTimers: 0 },
      supportedParticipants: 0,
      now: new Date(+session.startsAt + 2 * 3_600_000),
      ignoreWindow: true,
    });
  }
  return people;
}

const surveys = [
  { code: "survey_help_nearby", fiscalYear: 2022, surveyName: "生駒市市民実感度調査", surveyedOn: "2023-01-20", respondents: 1214, percentage: 42.5 },
  { code: "survey_help_nearby", fiscalYear: 2023, surveyName: "生駒市市民実感度調査", surveyedOn: "2024-01-19", respondents: 1187, percentage: 42.9 },
  { code: "survey_help_nearby", fiscalYear: 2024, surveyName: "生駒市市民実感度調査", surveyedOn: "2025-01-17", respondents: 1236, percentage: 43.6 },
  { code: "survey_help_nearby", fiscalYear: 2025, surveyName: "生駒市市民実感度調査", surveyedOn: "2026-01-16", respondents: 1198, percentage: 44.1 },
  { code: "survey_residents_solving", fiscalYear: 2022, surveyName: "大和郡山市市民意識調査", surveyedOn: "2022-11-30", respondents: 1043, percentage: 18.9 },
  { code: "survey_consultation_nearby", fiscalYear: 2022, surveyName: "大和郡山市市民意識調査", surveyedOn: "2022-11-30", respondents: 1043, percentage: 18.0 },
  { code: "survey_support_until_solved", fiscalYear: 2022, surveyName: "大和郡山市市民意識調査", surveyedOn: "2022-11-30", respondents: 1043, percentage: 17.4 },
] as const;

/** Loads what is missing; returns how many course attendees, starting figures and survey results it made. */
export async function seedDemoIndicators(db: Db, now: Date = new Date()): Promise<{ trained: number; figures: number; surveys: number }> {
  const admin = await findUserByEmail(db, "admin@example.jp");
  const staff = (await findUserByEmail(db, "staff@example.jp")) ?? admin;
  if (!admin || !staff) return { trained: 0, figures: 0, surveys: 0 };
  const trained = await seedCourse(db, admin.id, (await findUserByEmail(db, "volunteer@example.jp")) ?? undefined, now);

  let figures = 0;
  const [figure] = await db.select({ id: supporterStartingFigures.id }).from(supporterStartingFigures).where(eq(supporterStartingFigures.asOf, "2024-01-01"));
  if (!figure) {
    await setStartingFigure(db, { asOf: "2024-01-01", people: 1646, userId: staff.id, ip: null });
    figures = 1;
  }

  let entered = 0;
  for (const result of surveys) {
    const [there] = await db
      .select({ id: surveyResults.id })
      .from(surveyResults)
      .where(and(eq(surveyResults.code, result.code), eq(surveyResults.fiscalYear, result.fiscalYear)));
    if (there) continue;
    await setSurveyResult(db, { ...result, userId: staff.id, ip: null });
    entered++;
  }
  return { trained, figures, surveys: entered };
}
