import ExcelJS from "exceljs";

/** A cell: text stays text (a leading = is never a formula), numbers are numbers, `date` columns take YYYY-MM-DD. */
export type XlsxValue = string | number | null;

/** What a row of `toXlsx` may hold: a value, or a number with its own display format (e.g. "0.0%" for 0.453). */
export type XlsxCell = XlsxValue | { readonly number: number; readonly numFmt: string };

export interface XlsxColumn {
  readonly header: string;
  /** "date": YYYY-MM-DD text becomes an Excel date shown as yyyy-mm-dd; other text stays text. */
  readonly kind?: "text" | "number" | "date";
  /** Width in characters; by default fitted to the longest value (a full-width character counts 2). */
  readonly width?: number;
}

export interface XlsxSheet {
  /** At most 31 characters; []:*?/\ are replaced. */
  readonly name: string;
  readonly columns: readonly XlsxColumn[];
  readonly rows: readonly (readonly XlsxCell[])[];
}

export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** exceljs's default column width, which it does not write for a column: declared as the sheet's default. */
const DEFAULT_WIDTH = 9;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Columns a person reads as a width: full-width (Japanese) characters take two. */
function displayWidth(cell: XlsxCell): number {
  const value = cell !== null && typeof cell === "object" ? String(cell.number) : cell;
  let width = 0;
  for (const ch of String(value ?? "")) width += (ch.codePointAt(0) ?? 0) > 0xff ? 2 : 1;
  return width;
}

function cellValue(value: XlsxValue, kind: XlsxColumn["kind"]): string | number | Date | null {
  if (value === null || value === "") return null;
  if (kind === "date" && typeof value === "string") {
    const m = DATE.exec(value);
    // Excel dates have no zone: exceljs writes a UTC midnight as that calendar day.
    if (m) return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  }
  return value;
}

/**
 * One workbook, one worksheet per sheet: a bold header row frozen at the top, column widths set,
 * numbers as numbers and dates as dates. Text is written as a shared string, never as a formula,
 * so a hub named `=HYPERLINK(…)` opens as that text in Excel and LibreOffice alike.
 */
export async function toXlsx(sheets: readonly XlsxSheet[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "まちなえき";
  for (const sheet of sheets) {
    const worksheet = workbook.addWorksheet(sheet.name.replace(/[[\]:*?/\\]/g, "_").slice(0, 31), {
      views: [{ state: "frozen", ySplit: 1 }],
      // exceljs leaves out a column of width 9 as its default: the sheet says what that default is.
      properties: { defaultColWidth: DEFAULT_WIDTH },
    });
    worksheet.columns = sheet.columns.map((column, i) => ({
      header: column.header,
      width:
        column.width ??
        Math.min(60, Math.max(6, displayWidth(column.header), ...sheet.rows.map((row) => displayWidth(row[i] ?? null))) + 2),
      style: column.kind === "date" ? { numFmt: "yyyy-mm-dd" } : {},
    }));
    worksheet.getRow(1).font = { bold: true };
    for (const row of sheet.rows) {
      const added = worksheet.addRow(row.map((cell, i) => (cell !== null && typeof cell === "object" ? cell.number : cellValue(cell, sheet.columns[i]?.kind))));
      row.forEach((cell, i) => {
        if (cell !== null && typeof cell === "object") added.getCell(i + 1).numFmt = cell.numFmt;
      });
    }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Reads every worksheet back as rows of cell values (dates as YYYY-MM-DD): for imports and tests. */
export async function readXlsx(data: ArrayBuffer | Buffer): Promise<{ name: string; rows: XlsxValue[][] }[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(data as ArrayBuffer);
  return workbook.worksheets.map((worksheet) => {
    const rows: XlsxValue[][] = [];
    worksheet.eachRow({ includeEmpty: true }, (row) => {
      const values: XlsxValue[] = [];
      for (let c = 1; c <= worksheet.columnCount; c++) values.push(plain(row.getCell(c).value));
      rows.push(values);
    });
    return { name: worksheet.name, rows };
  });
}

function plain(value: ExcelJS.CellValue): XlsxValue {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "number" || typeof value === "string") return value;
  if (typeof value === "boolean") return String(value);
  if (typeof value === "object" && "richText" in value) return value.richText.map((part) => part.text).join("");
  if (typeof value === "object" && "text" in value) return String(value.text);
  if (typeof value === "object" && "result" in value) return plain(value.result as ExcelJS.CellValue);
  return String(value);
}
