import { sql, type SQL } from "drizzle-orm";
import type { Db } from "~/lib/db.server";
import { rowsOf } from "~/lib/db-rows.server";
import type { Period } from "~/lib/metrics/periods";
import type { MetricFilters } from "./metrics.server";

/** Stages from 見学 to 定着: a person in one of these is being accompanied (伴走). */
const ACCOMPANIED_STAGES = sql`array['visit','trial','role','settled']::support_stage[]`;
/** The order of the stages; 'ended' is not a later stage. */
const STAGE_ORDER = sql`array['consultation','visit','trial','role','settled']::text[]`;

/** A stage change `c` dated in the period to a later stage (終了 is not a move). */
function movedForward(period: Period): SQL {
  return sql`c.changed_on >= ${period.from}::date and c.changed_on < ${period.to}::date
    and c.from_stage is not null and c.to_stage <> 'ended' and c.from_stage <> 'ended'
    and array_position(${STAGE_ORDER}, c.to_stage::text) > array_position(${STAGE_ORDER}, c.from_stage::text)`;
}

/** Persons accompanied in the period (INDICATORS.md `accompanied`), as a subquery of ids. */
function accompaniedIds(period: Period, districtId: number | undefined): SQL {
  const district = districtId === undefined ? sql`true` : sql`p.district_id = ${districtId}`;
  return sql`select p.id from supported_persons p
    where ${district} and (
      exists (select 1 from accompaniment_entries a where a.person_id = p.id and a.occurred_on >= ${period.from}::date and a.occurred_on < ${period.to}::date)
      or exists (select 1 from support_stage_changes c where c.person_id = p.id and c.changed_on >= ${period.from}::date and c.changed_on < ${period.to}::date
                 and c.to_stage = any(${ACCOMPANIED_STAGES}))
      or (select c.to_stage from support_stage_changes c where c.person_id = p.id and c.changed_on < ${period.from}::date
          order by c.changed_on desc, c.id desc limit 1) = any(${ACCOMPANIED_STAGES})
      or (not exists (select 1 from support_stage_changes c where c.person_id = p.id)
          and p.stage = any(${ACCOMPANIED_STAGES}) and p.created_at < ${period.end.toISOString()}::timestamptz)
    )`;
}

/**
 * The 参加支援 indicators from the coordinators' records (issue 6). These tables hold hundreds or
 * thousands of rows, not millions, so they are read directly. Support records carry a district
 * but no hub, kind or category: with those filters the figures are null (未集計 for that filter),
 * and meetings (no district either) are only counted unfiltered.
 */
export async function computeSupportIndicators(
  db: Db,
  period: Period,
  filters: MetricFilters,
): Promise<{ accompanied: number | null; stage_moves: number | null; partners: number | null; support_meetings: number | null }> {
  const hubOnly = filters.associationId !== undefined || filters.kindId !== undefined || filters.categoryId !== undefined;
  if (hubOnly) return { accompanied: null, stage_moves: null, partners: null, support_meetings: null };
  const district = filters.districtId === undefined ? sql`true` : sql`p.district_id = ${filters.districtId}`;
  const [row] = rowsOf(
    await db.execute(sql`select
      (select count(*) from (${accompaniedIds(period, filters.districtId)}) x)::int as accompanied,
      (select count(*) from support_stage_changes c join supported_persons p on p.id = c.person_id
        where ${district} and ${movedForward(period)})::int as stage_moves,
      (select count(distinct l.partner_id) from support_partner_links l
        where l.linked_on < ${period.to}::date and l.person_id in (${accompaniedIds(period, filters.districtId)}))::int as partners,
      (select count(*) from support_meetings m where m.held_on >= ${period.from}::date and m.held_on < ${period.to}::date)::int as support_meetings`),
  );
  const n = (key: string) => Number(row?.[key] ?? 0);
  return {
    accompanied: n("accompanied"),
    stage_moves: n("stage_moves"),
    partners: n("partners"),
    support_meetings: filters.districtId === undefined ? n("support_meetings") : null,
  };
}

/** The later stages a move can go to, in order (相談 is only ever a starting point). */
export const moveTargetStages = ["visit", "trial", "role", "settled"] as const;
export type MoveTargetStage = (typeof moveTargetStages)[number];

/**
 * `stage_moves` by target stage (INDICATORS.md): changes dated in the period to a later stage,
 * counted by the stage moved to. Null with a hub-only filter, as the other 参加支援 figures.
 */
export async function countStageMovesByTarget(db: Db, period: Period, filters: MetricFilters): Promise<Record<MoveTargetStage, number> | null> {
  if (filters.associationId !== undefined || filters.kindId !== undefined || filters.categoryId !== undefined) return null;
  const district = filters.districtId === undefined ? sql`true` : sql`p.district_id = ${filters.districtId}`;
  const rows = rowsOf(
    await db.execute(sql`select c.to_stage::text as stage, count(*)::int as n
      from support_stage_changes c join supported_persons p on p.id = c.person_id
      where ${district} and ${movedForward(period)}
      group by c.to_stage`),
  );
  const counts = { visit: 0, trial: 0, role: 0, settled: 0 };
  for (const row of rows) {
    const stage = moveTargetStages.find((s) => s === row.stage);
    if (stage) counts[stage] = Number(row.n ?? 0);
  }
  return counts;
}

/**
 * 伴走 and 段階の前進 of the period per district (null: people without one), for the partition
 * the district filter publishes (ADR 023): one query each, however many districts.
 */
export async function supportByDistrict(db: Db, period: Period): Promise<{ districtId: number | null; accompanied: number; stage_moves: number }[]> {
  const rows = rowsOf(
    await db.execute(sql`select d.district_id, coalesce(a.n, 0)::int as accompanied, coalesce(m.n, 0)::int as stage_moves
      from (select distinct district_id from supported_persons) d
      left join (select p.district_id, count(*) as n from supported_persons p where p.id in (${accompaniedIds(period, undefined)}) group by p.district_id) a
        on a.district_id is not distinct from d.district_id
      left join (select p.district_id, count(*) as n from support_stage_changes c join supported_persons p on p.id = c.person_id
        where ${movedForward(period)}
        group by p.district_id) m on m.district_id is not distinct from d.district_id`),
  );
  return rows.map((row) => ({ districtId: row.district_id === null ? null : Number(row.district_id), accompanied: Number(row.accompanied ?? 0), stage_moves: Number(row.stage_moves ?? 0) }));
}
