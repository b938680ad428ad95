import Papa from "papaparse";

/** Excel opens UTF-8 CSV as Shift_JIS unless the file starts with a byte-order mark. */
export const BOM = "\uFEFF";

/**
 * Text a spreadsheet would run as a formula (=, +, -, @, tab, CR first), unless it is a plain
 * number or percentage ("-12", "-3.5%"). A hub named =HYPERLINK(…) is an organiser's text that
 * city staff open in Excel (CSV injection); papaparse then puts a ' in front.
 */
const FORMULA = /^(?![-+]?\d+(\.\d+)?%?$)[=+\-@\t\r]/;

/** CSV text (CRLF, every field quoted where needed by papaparse) with a BOM in front. */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  return BOM + Papa.unparse({ fields: [...header], data: rows.map((r) => r.map(String)) }, { newline: "\r\n", escapeFormulae: FORMULA });
}

/** Parses CSV made by `toCsv` (the BOM is dropped). For tests and re-imports. */
export function parseCsv(text: string): string[][] {
  const body = text.startsWith(BOM) ? text.slice(1) : text;
  const result = Papa.parse<string[]>(body, { skipEmptyLines: true });
  return result.data;
}

/** Safe in a Content-Disposition header: letters, digits, Japanese and `-_.` only. */
function slug(value: string): string {
  return value.replace(/[^\p{L}\p{N}_.-]+/gu, "-").replace(/^-+|-+$/g, "");
}

/**
 * `machinaeki-indicators_2026-04-01_2027-04-01_district-3.csv`: what, the period `[from, to)` and
 * the filters, so files saved side by side never look alike (`.xlsx` for the workbook twin).
 */
export function csvFileName(what: string, from: string, to: string, filters: Record<string, string | number | undefined>, extension: "csv" | "xlsx" = "csv"): string {
  const parts = Object.entries(filters)
    .filter(([, v]) => v !== undefined && v !== "")
    .map(([k, v]) => `${slug(k)}-${slug(String(v))}`);
  return [`machinaeki-${slug(what)}`, from, to, ...parts].join("_") + `.${extension}`;
}

/** RFC 6266 header with an ASCII fallback and the UTF-8 name. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
