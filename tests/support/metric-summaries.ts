import { sql } from "drizzle-orm";
import type { Db } from "~/lib/db.server";
import { rowsOf } from "~/lib/db-rows.server";

/** The rows of every summary kept on write, in a stable order, volunteer hours rounded. */
export async function summaryTables(db: Db) {
  const tables = {
    metric_hub_years: "hub_id, fiscal_year, category_id",
    metric_hub_first_held: "hub_id",
    metric_operator_years: "fiscal_year, person",
    metric_hub_activity: "hub_id, scope",
    metric_operator_activity: "hub_id, category_id, person",
    metric_hub_year_totals: "fiscal_year, hub_id",
    metric_scope_months: "scope, month",
    metric_association_years: "fiscal_year, association_id",
    metric_city_years: "fiscal_year",
    metric_operator_people: "scope, person",
    metric_association_activity: "scope, association_id",
    metric_month_pairs: "scope, subject, month, prev_month",
  } as const;
  const out = {} as Record<keyof typeof tables, unknown[]>;
  for (const [table, order] of Object.entries(tables) as [keyof typeof tables, string][]) {
    const result: unknown = await db.execute(sql.raw(`select * from ${table} order by ${order}`));
    const rows = rowsOf(result);
    // Empty month sets and all-zero rows are what a write leaves behind; a rebuild makes no such rows.
    out[table] = rows
      .filter((r) => !(Array.isArray(r.months) && r.months.length === 0))
      .filter((r) => !("prev_month" in r && Number(r.n) === 0))
      .filter((r) => !(table === "metric_association_years" && Number(r.active_hubs) === 0))
      .filter((r) => !("sessions" in r && Number(r.sessions) === 0 && Number(r.participants) === 0 && !("active_hubs" in r && Number(r.active_hubs) > 0)))
      .map((r) => ({ ...r, ...("volunteer_hours" in r ? { volunteer_hours: Math.round(Number(r.volunteer_hours) * 1e4) / 1e4 } : {}) }));
  }
  return out;
}
