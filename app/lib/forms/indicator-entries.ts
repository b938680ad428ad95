import { z } from "zod";
import { isSurveyCode } from "../surveys";

// The figures staff enter for the indicators: a 市民実感度調査 result and the あいサポーター
// starting figure. Shared by the server and the pages; messages are dictionary keys shown beside
// the field. The database refuses the same (migration 0024's checks).

/** A calendar date YYYY-MM-DD that exists (2025-02-30 does not), between 2000 and 2100. */
const calendarDate = (message: "indicators.error.surveyedOn" | "indicators.error.asOf") =>
  z
    .string()
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, message)
    .refine((value) => {
      const [y = 0, m = 0, d = 0] = value.split("-").map(Number);
      const date = new Date(Date.UTC(y, m - 1, d));
      return date.getUTCFullYear() === y && date.getUTCMonth() + 1 === m && date.getUTCDate() === d && y >= 2000 && y <= 2100;
    }, message);

/** A count as people write it: 1200 or 1,200 (full-width digits are normalised before this). */
const peopleCount = (message: "indicators.error.respondents" | "indicators.error.people") =>
  z
    .string()
    .trim()
    .regex(/^\d{1,3}(,?\d{3})*$/, message)
    .transform((v) => Number(v.replace(/,/g, "")))
    .refine((n) => Number.isSafeInteger(n) && n <= 10_000_000, message);

export const surveyResultSchema = z.object({
  code: z.string().refine(isSurveyCode, "indicators.error.survey"),
  fiscalYear: z
    .string()
    .trim()
    .regex(/^\d{4}$/, "indicators.error.fiscalYear")
    .transform(Number)
    .refine((y) => y >= 2000 && y <= 2100, "indicators.error.fiscalYear"),
  surveyName: z.string().trim().min(1, "indicators.error.surveyName").max(100, "indicators.error.surveyName"),
  surveyedOn: calendarDate("indicators.error.surveyedOn"),
  respondents: peopleCount("indicators.error.respondents").refine((n) => n > 0, "indicators.error.respondents"),
  // 0 to 100 with at most one decimal; a trailing % is allowed (people copy it from the report).
  percentage: z
    .string()
    .trim()
    .transform((v) => v.replace(/\s*%$/, ""))
    .pipe(
      z
        .string()
        .regex(/^\d{1,3}(\.\d)?$/, "indicators.error.percentage")
        .transform(Number)
        .refine((n) => n >= 0 && n <= 100, "indicators.error.percentage"),
    ),
});
export type SurveyResultForm = z.output<typeof surveyResultSchema>;

export const startingFigureSchema = z.object({
  asOf: calendarDate("indicators.error.asOf"),
  people: peopleCount("indicators.error.people"),
});
