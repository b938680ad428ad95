// The 市民実感度調査 indicators (survey_*): shares of respondents, entered by staff per 年度
// (/staff/surveys). Shown as survey figures beside the counted ones and never summed. The codes
// are also the database's CHECK list (db/indicator-codes.ts, migration 0024). Names are
// dictionary keys `indicators.survey.<code>`.
import { surveyCodes, type SurveyCode } from "#db/indicator-codes";

export { surveyCodes, type SurveyCode };

export interface SurveyIndicator {
  code: SurveyCode;
  /** Whose plan the indicator comes from, and the survey that measures it. */
  city: "ikoma" | "yamatokoriyama";
  surveyName: string;
  /** 策定時の値 as the plan states it. */
  baseline: { percentage: number; fiscalYear: number; label: string };
  /** A number, or "up" where the plan says only ↗. */
  target: { percentage: number; fiscalYear: number } | "up";
}

export const surveyIndicators: readonly SurveyIndicator[] = [
  {
    code: "survey_help_nearby",
    city: "ikoma",
    surveyName: "生駒市市民実感度調査",
    baseline: { percentage: 42.5, fiscalYear: 2022, label: "R5.1" },
    target: { percentage: 46.5, fiscalYear: 2027 },
  },
  {
    code: "survey_residents_solving",
    city: "yamatokoriyama",
    surveyName: "大和郡山市市民意識調査",
    baseline: { percentage: 18.9, fiscalYear: 2022, label: "R4" },
    target: "up",
  },
  {
    code: "survey_consultation_nearby",
    city: "yamatokoriyama",
    surveyName: "大和郡山市市民意識調査",
    baseline: { percentage: 18.0, fiscalYear: 2022, label: "R4" },
    target: "up",
  },
  {
    code: "survey_support_until_solved",
    city: "yamatokoriyama",
    surveyName: "大和郡山市市民意識調査",
    baseline: { percentage: 17.4, fiscalYear: 2022, label: "R4" },
    target: "up",
  },
];

export function isSurveyCode(value: string): value is SurveyCode {
  return (surveyCodes as readonly string[]).includes(value);
}

export function surveyIndicator(code: SurveyCode): SurveyIndicator {
  const found = surveyIndicators.find((s) => s.code === code);
  if (!found) throw new Error(`unknown survey indicator ${code}`);
  return found;
}

/** あいサポーター養成人数（累計）: counted from 養成講座 attendance plus the entered starting figure. */
export const SUPPORTERS_TRAINED = "supporters_trained";
export const supportersTrainedPlan = { baseline: { people: 1646, asOf: "2024-01-01" }, target: { people: 1900, fiscalYear: 2027 } } as const;
