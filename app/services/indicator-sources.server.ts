import type { Db } from "~/lib/db.server";
import type { IndicatorCode } from "~/lib/metrics/indicators";
import type { Period } from "~/lib/metrics/periods";
import { countCouncils, countMutualAidLaunches, countMutualAidLaunchesUpTo } from "./council-counts.server";
import { countSupportersTrained } from "./supporters.server";

/**
 * The query of each indicator whose source is staff records or a cumulative count (the registry
 * in app/lib/metrics/indicators.ts): the whole city's figure for a period. These records carry
 * no hub, 自治会, kind or category, so with a filter the figure is 未集計.
 */
export const recordedIndicators = {
  councils: countCouncils,
  mutual_aid_launches: countMutualAidLaunches,
  mutual_aid_launches_cumulative: countMutualAidLaunchesUpTo,
  supporters_trained: countSupportersTrained,
} satisfies Partial<Record<IndicatorCode, (db: Db, period: Period) => Promise<number | null>>>;

export type RecordedIndicator = keyof typeof recordedIndicators;

export async function computeRecordedIndicators(db: Db, period: Period, filtered: boolean): Promise<Record<RecordedIndicator, number | null>> {
  const entries = await Promise.all(
    (Object.keys(recordedIndicators) as RecordedIndicator[]).map(async (code) => [code, filtered ? null : await recordedIndicators[code](db, period)] as const),
  );
  return Object.fromEntries(entries) as Record<RecordedIndicator, number | null>;
}
