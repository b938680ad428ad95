import { and, asc, desc, eq, lte, sql } from "drizzle-orm";
import { surveyResults, users } from "#db/schema";
import type { Db } from "~/lib/db.server";
import type { SurveyCode } from "~/lib/surveys";
import { recordAudit } from "./audit.server";

// 市民実感度調査 results (survey_*), entered by staff: one per survey indicator and 年度.

export interface SurveyResult {
  code: SurveyCode;
  fiscalYear: number;
  surveyName: string;
  surveyedOn: string;
  respondents: number;
  percentage: number;
  /** The display name of who entered it; null once their account is deleted. */
  enteredBy: string | null;
  enteredAt: Date;
}

const columns = {
  code: surveyResults.code,
  fiscalYear: surveyResults.fiscalYear,
  surveyName: surveyResults.surveyName,
  surveyedOn: surveyResults.surveyedOn,
  respondents: surveyResults.respondents,
  percentage: sql<number>`${surveyResults.percentage}`.mapWith(Number),
  enteredBy: users.displayName,
  enteredAt: surveyResults.enteredAt,
};

function select(db: Db) {
  return db.select(columns).from(surveyResults).leftJoin(users, eq(users.id, surveyResults.enteredByUserId));
}

/** The results entered for one 年度, by code. */
export async function listSurveyResults(db: Db, fiscalYear: number): Promise<SurveyResult[]> {
  return select(db).where(eq(surveyResults.fiscalYear, fiscalYear)).orderBy(asc(surveyResults.code));
}

/** Every result entered, newest 年度 first (the page's list of past results). */
export async function listAllSurveyResults(db: Db): Promise<SurveyResult[]> {
  return select(db).orderBy(desc(surveyResults.fiscalYear), asc(surveyResults.code));
}

/** The latest result of a survey indicator in or before `fiscalYear` (surveys are not held every year). */
export async function latestSurveyResult(db: Db, code: SurveyCode, fiscalYear: number): Promise<SurveyResult | null> {
  const [row] = await select(db)
    .where(and(eq(surveyResults.code, code), lte(surveyResults.fiscalYear, fiscalYear)))
    .orderBy(desc(surveyResults.fiscalYear))
    .limit(1);
  return row ?? null;
}

export interface SurveyResultInput {
  code: SurveyCode;
  fiscalYear: number;
  surveyName: string;
  surveyedOn: string;
  respondents: number;
  /** Percent with at most one decimal; the column keeps one (numeric(4,1)). */
  percentage: number;
}

/** Enters a 年度's result of a survey indicator, replacing one already there; audited with the figures it replaced. */
export async function setSurveyResult(db: Db, input: SurveyResultInput & { userId: string; ip?: string | null }): Promise<void> {
  await db.transaction(async (tx) => {
    const [previous] = await tx
      .select({ respondents: surveyResults.respondents, percentage: sql<number>`${surveyResults.percentage}`.mapWith(Number) })
      .from(surveyResults)
      .where(and(eq(surveyResults.code, input.code), eq(surveyResults.fiscalYear, input.fiscalYear)))
      .for("update");
    const values = {
      code: input.code,
      fiscalYear: input.fiscalYear,
      surveyName: input.surveyName,
      surveyedOn: input.surveyedOn,
      respondents: input.respondents,
      percentage: input.percentage.toFixed(1),
      enteredByUserId: input.userId,
      enteredAt: sql`now()`,
    };
    const [row] = await tx
      .insert(surveyResults)
      .values(values)
      .onConflictDoUpdate({ target: [surveyResults.code, surveyResults.fiscalYear], set: { ...values, updatedAt: sql`now()` } })
      .returning({ id: surveyResults.id });
    await recordAudit(tx, {
      actorUserId: input.userId,
      action: "survey_result.set",
      targetType: "survey_result",
      targetId: row?.id ?? null,
      ip: input.ip ?? null,
      details: { code: input.code, fiscalYear: input.fiscalYear, respondents: input.respondents, percentage: input.percentage, previous: previous ?? null },
    });
  });
}
