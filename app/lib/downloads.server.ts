import { requireActor, requireRole } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { tableDownload, type ExportFormat } from "~/lib/export-table.server";
import { getLocale } from "~/lib/locale.server";
import { csvFileName } from "~/lib/metrics/csv";
import { fiscalYearPeriod } from "~/lib/metrics/periods";
import { fiscalYearParam, parseDashboardQuery, STAFF_ROLES, type DashboardQuery } from "~/lib/metrics/query";
import { hubEditorRoles } from "~/lib/roles";
import { listAttendanceRecords } from "~/services/attendance.server";
import { attendanceExportTable } from "~/services/attendance-export.server";
import { getHubMonthExport, getIndicatorExport } from "~/services/dashboard.server";
import { hubMonthExportTable, indicatorExportTable } from "~/services/metrics-export.server";

// The downloads, each as `.csv` and `.xlsx` from one table (app/lib/export-table.server.ts): the
// routes differ only in the format, so access, query and naming live here once.

function staffFileName(what: string, query: DashboardQuery, format: ExportFormat): string {
  const { districtId, associationId, kindId, categoryId } = query.filters;
  return csvFileName(what, query.period.from, query.period.to, { district: districtId, association: associationId, kind: kindId, category: categoryId }, format);
}

/** `/staff/indicators.{csv,xlsx}`: the indicator table as on /staff, staff and admins only. */
export async function staffIndicatorsDownload(request: Request, format: ExportFormat): Promise<Response> {
  await requireRole(request, STAFF_ROLES);
  const query = parseDashboardQuery(new URL(request.url).searchParams);
  const locale = getLocale(request);
  const { rows, stageMoves, surveys, selection } = await getIndicatorExport(await getDb(), query, locale);
  return tableDownload(indicatorExportTable(rows, query.period, locale, stageMoves, surveys, selection), format, staffFileName("indicators", query, format));
}

/** `/staff/hubs.{csv,xlsx}`: per-hub monthly sessions and participants, every hub of the selection, suppressed as on the page. */
export async function staffHubsDownload(request: Request, format: ExportFormat): Promise<Response> {
  await requireRole(request, STAFF_ROLES);
  const query = parseDashboardQuery(new URL(request.url).searchParams);
  const locale = getLocale(request);
  const { table, selection } = await getHubMonthExport(await getDb(), query, locale);
  return tableDownload(hubMonthExportTable(table, query.period, locale, selection), format, staffFileName("hubs-monthly", query, format));
}

/** `/organise/attendance.{csv,xlsx}`: the attendance records of the hubs the organiser edits, as /organise/attendance lists them. */
export async function organiserAttendanceDownload(request: Request, format: ExportFormat): Promise<Response> {
  const actor = await requireActor(request, hubEditorRoles);
  const fiscalYear = fiscalYearParam(new URL(request.url).searchParams);
  const locale = getLocale(request);
  const records = await listAttendanceRecords(await getDb(), actor, fiscalYear);
  const period = fiscalYearPeriod(fiscalYear);
  return tableDownload(attendanceExportTable(records, fiscalYear, locale), format, csvFileName("attendance", period.from, period.to, {}, format));
}
