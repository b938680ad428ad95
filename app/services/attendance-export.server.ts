import type { ExportCell, ExportTable } from "~/lib/export-table.server";
import { formatTime, tokyoDate } from "~/lib/dates";
import type { Locale } from "~/lib/i18n";
import { getServerTranslate } from "~/lib/i18n/all-messages.server";
import { ageBandCodes } from "~/lib/metrics/indicators";
import { fiscalYearLabel } from "~/lib/metrics/periods";
import type { AttendanceRecordRow } from "./attendance.server";

/**
 * An organiser's attendance records as one table (`/organise/attendance.{csv,xlsx}`): the rows
 * /organise/attendance lists for the 年度, the counts exactly as recorded (what the attendance
 * form shows them), a date column Excel reads as a date. Age bands left blank stay blank.
 */
export function attendanceExportTable(records: readonly AttendanceRecordRow[], fiscalYear: number, locale: Locale = "ja"): ExportTable {
  const t = getServerTranslate(locale);
  return {
    name: t("attendance.download.sheet"),
    columns: [
      { header: t("attendance.download.date"), kind: "date" },
      { header: t("attendance.download.time") },
      { header: t("attendance.download.hubId"), kind: "number" },
      { header: t("attendance.download.hub") },
      { header: t("attendance.download.activity") },
      { header: t("attendance.download.participants"), kind: "number" },
      { header: t("attendance.download.firstTimers"), kind: "number" },
      { header: t("attendance.download.supported"), kind: "number" },
      { header: t("attendance.download.volunteers"), kind: "number" },
      ...ageBandCodes.map((code) => ({ header: t(`attendance.ageBand.${code}`), kind: "number" as const })),
    ],
    rows: records.map((r): ExportCell[] => [
      tokyoDate(r.startsAt),
      formatTime(r.startsAt),
      r.hubId,
      r.hubName,
      r.activityTitle,
      r.participants,
      r.firstTimers,
      r.supportedParticipants,
      r.volunteersAttended,
      ...ageBandCodes.map((code) => r.ageBands[code] ?? null),
    ]),
    notes: {
      name: t("metrics.download.notes"),
      header: [t("metrics.download.notes.item"), t("metrics.download.notes.text")],
      rows: [
        [t("metrics.download.notes.what"), t("attendance.download.what")],
        [t("metrics.download.notes.period"), fiscalYearLabel(fiscalYear, locale)],
        [t("attendance.download.countsLabel"), t("attendance.download.counts")],
      ],
    },
  };
}
