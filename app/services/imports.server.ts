// The one framework both imports use (公共施設一覧 → hubs, 地域・年齢別人口 → district
// populations): read an uploaded file (CSV in UTF-8 with or without BOM, CSV in Shift_JIS, or
// .xlsx), check its header against the data set's columns, and turn each row's outcome into the
// preview a person confirms. Nothing here writes: each import plans its rows, and writes them in
// one transaction only when the person confirms and the plan, made again from the file, still
// has no error and is the one they saw (docs/decisions/025-preview-and-confirm-imports.md).
import { createHash } from "node:crypto";
import Papa from "papaparse";
import { z } from "zod";
import type { Db } from "~/lib/db.server";
import { Forbidden } from "~/lib/domain-errors";
import { MAX_IMPORT_ROWS, type ImportIssue, type ImportPreview, type ImportPreviewRow, type ImportRowStatus } from "~/lib/imports";
import type { RoleName } from "~/lib/roles";
import { readXlsx } from "~/lib/xlsx.server";
import { recordAudit, type AuditAction } from "./audit.server";
import { listRoles, type Actor } from "./permissions.server";

/** A file as read: its header and its rows of text (every cell a string, "" when empty). */
export interface ImportTable {
  header: string[];
  /** Each data row with its line in the file (the header is line 1). */
  rows: { line: number; cells: string[] }[];
}

export type ReadResult = { ok: true; table: ImportTable } | { ok: false; error: ImportIssue };

const XLSX_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/**
 * The text of a CSV file: UTF-8 (a BOM is dropped) when the bytes are valid UTF-8, otherwise
 * Shift_JIS (Windows-31J, as Excel in Japan saves "CSV"), which Node's ICU decodes.
 */
export function decodeCsvBytes(bytes: Uint8Array): string {
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return text.startsWith("\uFEFF") ? text.slice(1) : text;
  } catch {
    return new TextDecoder("shift_jis").decode(bytes);
  }
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  return String(value).trim();
}

function tableOf(grid: unknown[][]): ReadResult {
  // PostgreSQL text cannot hold NUL: a file with one is not a list of places or people.
  if (grid.some((cells) => cells.some((cell) => cellText(cell).includes("\u0000")))) return { ok: false, error: { key: "imports.file.unreadable" } };
  const [head, ...body] = grid;
  if (!head || head.every((cell) => cellText(cell) === "")) return { ok: false, error: { key: "imports.file.empty" } };
  const header = head.map(cellText);
  const rows = body
    .map((cells, i) => ({ line: i + 2, cells: header.map((_, c) => cellText(cells[c])) }))
    // Spreadsheets leave blank rows (and Excel a trailing one): they are nobody's data.
    .filter((row) => row.cells.some((cell) => cell !== ""));
  if (rows.length > MAX_IMPORT_ROWS) return { ok: false, error: { key: "imports.file.tooManyRows", params: { max: MAX_IMPORT_ROWS } } };
  // Cells beyond the header (a stray value far to the right) are not silently dropped.
  const wide = body.findIndex((cells) => cells.slice(header.length).some((cell) => cellText(cell) !== ""));
  if (wide >= 0) return { ok: false, error: { key: "imports.file.cellsBeyondHeader", params: { line: wide + 2 } } };
  return { ok: true, table: { header, rows } };
}

/** Reads an uploaded .xlsx (its first sheet) or CSV file. */
export async function readImportFile(file: { name: string; bytes: Uint8Array }): Promise<ReadResult> {
  if (file.bytes.length === 0) return { ok: false, error: { key: "imports.file.empty" } };
  const isXlsx = XLSX_MAGIC.every((byte, i) => file.bytes[i] === byte);
  if (isXlsx) {
    let sheets: Awaited<ReturnType<typeof readXlsx>>;
    try {
      sheets = await readXlsx(Buffer.from(file.bytes));
    } catch {
      return { ok: false, error: { key: "imports.file.unreadable" } };
    }
    const first = sheets[0];
    if (!first) return { ok: false, error: { key: "imports.file.empty" } };
    return tableOf(first.rows);
  }
  if (/\.(xls|xlsm|ods|numbers)$/i.test(file.name)) return { ok: false, error: { key: "imports.file.unsupported" } };
  const text = decodeCsvBytes(file.bytes);
  // Blank lines are kept while parsing so every row keeps its line number.
  return tableOf(Papa.parse<string[]>(text, { skipEmptyLines: false }).data);
}

const payloadSchema = z.object({
  header: z.array(z.string().max(200)).max(200),
  rows: z
    .array(z.object({ line: z.number().int().positive(), cells: z.array(z.string().max(10_000)).max(200) }))
    .max(MAX_IMPORT_ROWS),
});

/** The table the preview page sent back with 「取り込む」, or null if it is not one. */
export function tableFromPayload(payload: string): ImportTable | null {
  try {
    const parsed = payloadSchema.safeParse(JSON.parse(payload));
    if (!parsed.success) return null;
    const { header, rows } = parsed.data;
    if (rows.some((row) => row.cells.length !== header.length)) return null;
    if ([...header, ...rows.flatMap((row) => row.cells)].some((cell) => cell.includes("\u0000"))) return null;
    return { header, rows };
  } catch {
    return null;
  }
}

export interface HeaderSpec {
  /** Every column the data set defines, in its order. */
  known: readonly string[];
  /** Columns a file must have. */
  required: readonly string[];
  /** Columns this import reads; the other known ones are accepted and listed as not imported. */
  used: readonly string[];
}

export interface CheckedHeader {
  errors: ImportIssue[];
  ignoredColumns: string[];
  /** A row as column → text, for the columns the file has. */
  record(cells: string[]): Map<string, string>;
}

/** Unknown, repeated and missing columns, each named in the error. */
export function checkHeader(header: string[], spec: HeaderSpec): CheckedHeader {
  const errors: ImportIssue[] = [];
  const seen = new Set<string>();
  header.forEach((name, i) => {
    if (name === "") errors.push({ key: "imports.header.blank", params: { column: i + 1 } });
    else if (!spec.known.includes(name)) errors.push({ key: "imports.header.unknown", params: { name } });
    else if (seen.has(name)) errors.push({ key: "imports.header.repeated", params: { name } });
    seen.add(name);
  });
  for (const name of spec.required) if (!seen.has(name)) errors.push({ key: "imports.header.missing", params: { name } });
  return {
    errors,
    ignoredColumns: header.filter((name) => spec.known.includes(name) && !spec.used.includes(name)),
    record: (cells) => new Map(header.map((name, i) => [name, cells[i] ?? ""])),
  };
}

/** What one row would do, as the import planned it. */
export interface RowOutcome<P> {
  line: number;
  label: string;
  status: ImportRowStatus;
  changed: string[];
  errors: ImportIssue[];
  /** The write, for 新規 and 更新 rows. */
  plan?: P;
}

/** The preview of planned rows; the digest covers every planned write, so a confirm can tell the outcome changed. */
export function previewOf<P>(table: ImportTable, header: CheckedHeader, outcomes: RowOutcome<P>[]): ImportPreview {
  const counts: Record<ImportRowStatus, number> = { new: 0, update: 0, unchanged: 0, error: 0 };
  for (const outcome of outcomes) counts[outcome.status]++;
  const rows: ImportPreviewRow[] = outcomes.map(({ line, label, status, changed, errors }) => ({ line, label, status, changed, errors }));
  const fileErrors = [...header.errors];
  if (table.rows.length === 0 && fileErrors.length === 0) fileErrors.push({ key: "imports.file.noRows" });
  const digest = createHash("sha256")
    .update(JSON.stringify(outcomes.map((o) => [o.line, o.status, o.plan ?? null])))
    .digest("base64url");
  return { fileErrors, rows, counts, ignoredColumns: header.ignoredColumns, payload: JSON.stringify(table), digest };
}

/** A preview of a file that could not be read at all. */
export function unreadablePreview(error: ImportIssue): ImportPreview {
  return { fileErrors: [error], rows: [], counts: { new: 0, update: 0, unchanged: 0, error: 0 }, ignoredColumns: [], payload: "", digest: "" };
}

/** Refuses an actor who holds none of `roles` (the route checks too: an action is its own endpoint). */
export async function requireImporter(db: Db, actor: Actor, roles: readonly RoleName[]): Promise<void> {
  const held = await listRoles(db, actor.userId);
  if (!roles.some((role) => held.includes(role))) throw new Forbidden("may not import");
}

/** Japanese numbers as people type them: full-width digits, 「1,234」, spaces. */
export function normaliseNumberText(value: string): string {
  return value.normalize("NFKC").replace(/[,\s]/g, "").replace(/[−ー－]/g, "-");
}

/** A count of people or households: a whole number ≥ 0, or null if it is not one. */
export function parseCount(value: string): number | null {
  const text = normaliseNumberText(value);
  if (!/^\d{1,9}$/.test(text)) return null;
  return Number(text);
}

/** Thrown inside an import's transaction to roll it back when the confirmed outcome is not the one previewed. */
class OutcomeChanged extends Error {
  constructor(readonly preview: ImportPreview) {
    super("the import's outcome changed since the preview");
  }
}

export type ConfirmResult = { ok: true; counts: Record<ImportRowStatus, number> } | { ok: false; preview: ImportPreview; reason: "errors" | "changed" | "failed" };

/** An import's planning and writing, for `confirmImport`. */
export interface ImportSteps<P> {
  /** What each row of the table would do (reads only). */
  plan(db: Db, table: ImportTable): Promise<{ header: CheckedHeader; outcomes: RowOutcome<P>[] }>;
  /** One planned row's write. */
  write(tx: Db, plan: P): Promise<void>;
  /** The audit log's action for the whole import. */
  auditAction: AuditAction;
}

/**
 * Imports the table the preview carried, planned again in full inside one transaction: written
 * only if no row has an error and the outcome is still the one previewed (`digest`), then
 * audited once with the counts. A constraint the database enforces rolls it all back.
 */
export async function confirmImport<P>(db: Db, actor: Actor, input: { payload: string; digest: string }, steps: ImportSteps<P>): Promise<ConfirmResult> {
  const table = tableFromPayload(input.payload);
  if (!table) return { ok: false, reason: "errors", preview: unreadablePreview({ key: "imports.file.payload" }) };
  const planned: { preview?: ImportPreview } = {};
  try {
    return await db.transaction(async (tx) => {
      const { header, outcomes } = await steps.plan(tx, table);
      const preview = previewOf(table, header, outcomes);
      planned.preview = preview;
      if (preview.fileErrors.length > 0 || preview.counts.error > 0) return { ok: false as const, reason: "errors" as const, preview };
      if (preview.digest !== input.digest) throw new OutcomeChanged(preview);
      for (const { plan } of outcomes) if (plan) await steps.write(tx, plan);
      await recordAudit(tx, {
        actorUserId: actor.userId,
        action: steps.auditAction,
        ip: actor.ip ?? null,
        details: { rows: table.rows.length, created: preview.counts.new, updated: preview.counts.update, unchanged: preview.counts.unchanged },
      });
      return { ok: true as const, counts: preview.counts };
    });
  } catch (error) {
    if (error instanceof OutcomeChanged) return { ok: false, reason: "changed", preview: error.preview };
    // The database refused a row (a constraint): the transaction wrote nothing.
    if (planned.preview && isConstraintViolation(error)) return { ok: false, reason: "failed", preview: planned.preview };
    throw error;
  }
}

/** Whether the database refused a write by a constraint (SQLSTATE class 23), in `error` or what it wraps. */
function isConstraintViolation(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 4) return false;
  if ("code" in error && typeof error.code === "string" && error.code.startsWith("23")) return true;
  return isConstraintViolation(error.cause, depth + 1);
}
