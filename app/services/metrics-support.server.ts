import type { Db } from "~/lib/db.server";
import type { Period } from "~/lib/metrics/periods";
import type { MetricFilters } from "./metrics.server";

/**
 * The 参加支援 indicators (accompanied, stage_moves, partners, support_meetings) read the
 * coordinators' records of issue 6 (supported persons, stage history, accompaniment logs,
 * partners, support meetings). Those tables are not on this branch yet, so they read as null
 * (shown as 未集計) until the merge; this is the one place to fill in then.
 */
export async function computeSupportIndicators(
  _db: Db,
  _period: Period,
  _filters: MetricFilters,
): Promise<{ accompanied: number | null; stage_moves: number | null; partners: number | null; support_meetings: number | null }> {
  return { accompanied: null, stage_moves: null, partners: null, support_meetings: null };
}
