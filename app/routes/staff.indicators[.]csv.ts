import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { getLocale } from "~/lib/locale.server";
import { contentDisposition, csvFileName } from "~/lib/metrics/csv";
import { parseDashboardQuery, STAFF_ROLES } from "~/lib/metrics/query";
import { getIndicatorExport } from "~/services/dashboard.server";
import { indicatorCsv } from "~/services/metrics-export.server";

/** The indicator table as CSV (UTF-8 with BOM), the same suppressed figures as /staff. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, STAFF_ROLES);
  const query = parseDashboardQuery(new URL(request.url).searchParams);
  const db = await getDb();
  const { rows, stageMoves, surveys } = await getIndicatorExport(db, query);
  const name = csvFileName("indicators", query.period.from, query.period.to, {
    district: query.filters.districtId,
    association: query.filters.associationId,
    kind: query.filters.kindId,
    category: query.filters.categoryId,
  });
  return new Response(indicatorCsv(rows, query.period, getLocale(request), stageMoves, surveys), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": contentDisposition(name),
      "Cache-Control": "private, no-store",
    },
  });
}
