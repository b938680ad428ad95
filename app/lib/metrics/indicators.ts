import type { Sensitivity } from "./suppression";

/**
 * The city-wide indicators of INDICATORS.md, in the order the page and the CSV show them.
 * `source` says which records feed it: "attendance" works now; "signups" needs the volunteers
 * issue (roster marks) and "support" the 参加支援 issue; until then those read as 未集計.
 */
export const indicators = [
  { code: "active_hubs", sensitivity: "none", source: "attendance" },
  { code: "active_associations", sensitivity: "none", source: "attendance" },
  { code: "new_hubs", sensitivity: "none", source: "attendance" },
  { code: "continuing_hubs", sensitivity: "none", source: "attendance" },
  { code: "sessions_held", sensitivity: "none", source: "attendance" },
  { code: "participants", sensitivity: "people", source: "attendance" },
  { code: "first_timers", sensitivity: "people", source: "attendance" },
  { code: "operators", sensitivity: "people", source: "attendance" },
  { code: "volunteer_hours", sensitivity: "none", source: "signups" },
  { code: "accompanied", sensitivity: "support", source: "support" },
  { code: "stage_moves", sensitivity: "support", source: "support" },
  { code: "partners", sensitivity: "support", source: "support" },
  { code: "support_meetings", sensitivity: "none", source: "support" },
  { code: "support_participants", sensitivity: "support", source: "attendance" },
] as const satisfies readonly { code: string; sensitivity: Sensitivity; source: string }[];

export type IndicatorCode = (typeof indicators)[number]["code"];
export const indicatorCodes: readonly IndicatorCode[] = indicators.map((i) => i.code);

export function isIndicatorCode(value: unknown): value is IndicatorCode {
  return typeof value === "string" && (indicatorCodes as readonly string[]).includes(value);
}

export function sensitivityOf(code: IndicatorCode): Sensitivity {
  return indicators.find((i) => i.code === code)?.sensitivity ?? "none";
}

/** Progress toward a target: (actual − baseline) / (target − baseline); null when undefined. */
export function progressToward(actual: number, baseline: number, target: number): number | null {
  if (target === baseline) return null;
  return (actual - baseline) / (target - baseline);
}

/** Optional age bands on an attendance record. */
export const ageBandCodes = ["0-17", "18-64", "65-74", "75+"] as const;
