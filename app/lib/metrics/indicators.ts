import type { Sensitivity } from "./suppression";

/**
 * The indicator registry (docs/indicators.md, "Adding an indicator"): each indicator of the
 * dashboard, the CSV and the targets, in the order they are shown, with
 * - `sensitivity`: its small-count class (suppression.ts);
 * - `disclosure`: how it is protected across views (ADR 023): `people-cells` sums of cells whose
 *   1–2 are adjusted, `support-partition` the districts as one partition, `city-year` the whole
 *   city and 年度 only, `distinct` hidden when it differs from a wider selection by a small count
 *   (distinct people are no sum of cells), `none` not a count of people;
 * - `period`: `any` run of months, or `fiscal-year` only (参加支援, see ADR 023);
 * - `source`: `summaries` (the rollups kept on write, rebuilt by `npm run metrics:rebuild`),
 *   `support` (the coordinators' records), `records` (staff records: 協議体, 支えあいの仕組み),
 *   `cumulative` (everything up to the period's end plus an entered starting figure);
 * - `seed`: the municipal document the figure comes from.
 * The query of a `records` or `cumulative` indicator is named in `app/services/indicator-sources.server.ts`.
 * Survey figures (entered percentages) are the other half of the dashboard: `app/lib/surveys.ts`.
 */
export const indicators = [
  { code: "active_hubs", sensitivity: "none", disclosure: "none", period: "any", source: "summaries", seed: "Nagakute" },
  { code: "active_associations", sensitivity: "none", disclosure: "none", period: "any", source: "summaries", seed: "Nagakute" },
  { code: "new_hubs", sensitivity: "none", disclosure: "none", period: "any", source: "summaries", seed: "Nagakute" },
  { code: "continuing_hubs", sensitivity: "none", disclosure: "none", period: "any", source: "summaries", seed: "Nagakute" },
  { code: "sessions_held", sensitivity: "none", disclosure: "none", period: "any", source: "summaries", seed: "Nagakute" },
  { code: "participants", sensitivity: "people", disclosure: "people-cells", period: "any", source: "summaries", seed: "Nagakute" },
  { code: "first_timers", sensitivity: "people", disclosure: "people-cells", period: "any", source: "summaries", seed: "Nagakute" },
  { code: "operators", sensitivity: "people", disclosure: "distinct", period: "any", source: "summaries", seed: "Nagakute" },
  { code: "volunteer_hours", sensitivity: "none", disclosure: "none", period: "any", source: "summaries", seed: "Nagakute" },
  { code: "accompanied", sensitivity: "support", disclosure: "support-partition", period: "fiscal-year", source: "support", seed: "Ikoma" },
  { code: "stage_moves", sensitivity: "support", disclosure: "support-partition", period: "fiscal-year", source: "support", seed: "Ikoma" },
  { code: "partners", sensitivity: "support", disclosure: "distinct", period: "fiscal-year", source: "support", seed: "Ikoma" },
  { code: "support_meetings", sensitivity: "none", disclosure: "none", period: "any", source: "support", seed: "Ikoma, Yamatokoriyama" },
  { code: "support_participants", sensitivity: "support", disclosure: "city-year", period: "fiscal-year", source: "summaries", seed: "Ikoma" },
  { code: "councils", sensitivity: "none", disclosure: "none", period: "any", source: "records", seed: "Yamatokoriyama" },
  { code: "mutual_aid_launches", sensitivity: "none", disclosure: "none", period: "any", source: "records", seed: "Yamatokoriyama" },
  { code: "mutual_aid_launches_cumulative", sensitivity: "none", disclosure: "none", period: "any", source: "cumulative", seed: "Yamatokoriyama" },
  // あいサポーター is a public, named programme whose totals the city publishes itself.
  { code: "supporters_trained", sensitivity: "none", disclosure: "none", period: "any", source: "cumulative", seed: "Ikoma" },
] as const satisfies readonly IndicatorDefinition[];

export interface IndicatorDefinition {
  code: string;
  sensitivity: Sensitivity;
  disclosure: "people-cells" | "support-partition" | "city-year" | "distinct" | "none";
  period: "any" | "fiscal-year";
  source: "summaries" | "support" | "records" | "cumulative";
  seed: string;
}

export type IndicatorCode = (typeof indicators)[number]["code"];
export const indicatorCodes: readonly IndicatorCode[] = indicators.map((i) => i.code);

export function isIndicatorCode(value: unknown): value is IndicatorCode {
  return typeof value === "string" && (indicatorCodes as readonly string[]).includes(value);
}

export function definitionOf(code: IndicatorCode): IndicatorDefinition {
  const found = indicators.find((i) => i.code === code);
  if (!found) throw new Error(`no indicator ${code}`);
  return found;
}

export function sensitivityOf(code: IndicatorCode): Sensitivity {
  return definitionOf(code).sensitivity;
}

/** Progress toward a target: (actual − baseline) / (target − baseline); null when undefined. */
export function progressToward(actual: number, baseline: number, target: number): number | null {
  if (target === baseline) return null;
  return (actual - baseline) / (target - baseline);
}

/** Optional age bands on an attendance record. */
export const ageBandCodes = ["0-17", "18-64", "65-74", "75+"] as const;
