// The counts behind two of Yamatokoriyama's indicators (協議体の設置数, 支えあいの仕組みの立ち上げ件数),
// read by the indicator registry (./indicator-sources.server.ts). The definitions live here and
// nowhere else; the records themselves are kept by ./councils.server.ts.
import { and, count, gte, isNull, lt, or } from "drizzle-orm";
import { councils, mutualAidSchemes } from "#db/schema";
import type { Db } from "~/lib/db.server";
import type { Period } from "~/lib/metrics/periods";

// Every date here is a Tokyo calendar day stored in a `date` column and compared with the
// period's `from` (its first day) and `to` (the day after its last), so the server's TZ plays
// no part: a council established on 31 March belongs to the 年度 that ends that day.

/**
 * 協議体の設置数: councils established on or before the period's last day and not dissolved
 * before its first day (one dissolved during the period still counts for it).
 */
export async function countCouncils(db: Db, period: Period): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(councils)
    .where(and(lt(councils.establishedOn, period.to), or(isNull(councils.dissolvedOn), gte(councils.dissolvedOn, period.from))));
  return row?.n ?? 0;
}

/** 支えあいの仕組みの立ち上げ件数: schemes launched within the period. */
export async function countMutualAidLaunches(db: Db, period: Period): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(mutualAidSchemes)
    .where(and(gte(mutualAidSchemes.launchedOn, period.from), lt(mutualAidSchemes.launchedOn, period.to)));
  return row?.n ?? 0;
}

/** The same, cumulative: every scheme launched up to the period's last day (the seed's R5 2 → R10 8). */
export async function countMutualAidLaunchesUpTo(db: Db, period: Period): Promise<number> {
  const [row] = await db.select({ n: count() }).from(mutualAidSchemes).where(lt(mutualAidSchemes.launchedOn, period.to));
  return row?.n ?? 0;
}

