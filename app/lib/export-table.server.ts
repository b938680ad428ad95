import { contentDisposition, toCsv } from "~/lib/metrics/csv";
import type { ShownFigure } from "~/lib/metrics/suppression";
import { toXlsx, XLSX_TYPE, type XlsxCell, type XlsxColumn } from "~/lib/xlsx.server";

/**
 * A download as one table, written once and rendered as CSV or .xlsx, so both formats hold the
 * same cells: a number is a number in both, a published mark (`<3`, `x`) the same text in both,
 * a percentage `45.3%` in the CSV and 0.453 shown as 45.3% in the workbook.
 */
export type ExportCell = string | number | null | ExportPercent;

/** A percentage (45.3 for 45.3%), written with `digits` decimals when given (`45.0%`). */
export interface ExportPercent {
  readonly percent: number;
  readonly digits?: number;
}

export interface ExportTable {
  /** The worksheet's name. */
  readonly name: string;
  readonly columns: readonly XlsxColumn[];
  readonly rows: readonly (readonly ExportCell[])[];
  /** What the figures are, the period, the filters, the suppression note: the workbook's 「説明」 sheet. */
  readonly notes: ExportNotes;
}

export interface ExportNotes {
  readonly name: string;
  readonly header: readonly [label: string, text: string];
  readonly rows: readonly (readonly [label: string, text: string])[];
}

export type ExportFormat = "csv" | "xlsx";

/** A published figure as a cell: its number, or the CSV's mark as text ("" when there is no figure). */
export function figureCell(figure: ShownFigure | null | undefined): ExportCell {
  if (!figure || figure.csv === "") return null;
  const n = Number(figure.csv);
  return /^-?\d+(\.\d+)?$/.test(figure.csv) && Number.isFinite(n) ? n : figure.csv;
}

/** `45.3%` as the CSV has always written a percentage. */
function percentText({ percent, digits }: ExportPercent): string {
  return `${digits === undefined ? percent : percent.toFixed(digits)}%`;
}

export function tableCsv(table: ExportTable): string {
  return toCsv(
    table.columns.map((c) => c.header),
    table.rows.map((row) => row.map((cell) => (cell === null ? "" : typeof cell === "object" ? percentText(cell) : cell))),
  );
}

/** The table as the first worksheet (header frozen) and its notes as a second one. */
export function tableXlsx(table: ExportTable): Promise<Buffer> {
  const rows = table.rows.map((row) =>
    row.map((cell): XlsxCell => (cell !== null && typeof cell === "object" ? { number: Number((cell.percent / 100).toFixed(6)), numFmt: "0.0%" } : cell)),
  );
  return toXlsx([
    { name: table.name, columns: table.columns, rows },
    { name: table.notes.name, columns: [{ header: table.notes.header[0] }, { header: table.notes.header[1], width: 100 }], rows: table.notes.rows },
  ]);
}

/** The HTTP answer for a download, never kept by a shared cache: every download is behind a role. */
export async function tableDownload(table: ExportTable, format: ExportFormat, fileName: string): Promise<Response> {
  const headers = { "Content-Disposition": contentDisposition(fileName), "Cache-Control": "private, no-store" };
  if (format === "csv") return new Response(tableCsv(table), { headers: { ...headers, "Content-Type": "text/csv; charset=utf-8" } });
  return new Response(new Uint8Array(await tableXlsx(table)), { headers: { ...headers, "Content-Type": XLSX_TYPE } });
}
