import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { getLocale } from "~/lib/locale.server";
import { contentDisposition, csvFileName } from "~/lib/metrics/csv";
import { parseDashboardQuery, STAFF_ROLES } from "~/lib/metrics/query";
import { hubMonthTable } from "~/services/metrics.server";
import { hubMonthCsv } from "~/services/metrics-export.server";

/** Per-hub monthly sessions and participants as CSV, every hub of the selection, suppressed as on the page. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, STAFF_ROLES);
  const query = parseDashboardQuery(new URL(request.url).searchParams);
  const table = await hubMonthTable(await getDb(), query.period, query.filters, { pageSize: null });
  const name = csvFileName("hubs-monthly", query.period.from, query.period.to, {
    district: query.filters.districtId,
    association: query.filters.associationId,
    kind: query.filters.kindId,
    category: query.filters.categoryId,
  });
  return new Response(hubMonthCsv(table, query.period, getLocale(request)), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": contentDisposition(name),
      "Cache-Control": "private, no-store",
    },
  });
}
