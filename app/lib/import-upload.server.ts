// An import page's action (ADR 025): the upload of a file to preview, or 「取り込む」 with the
// table the preview carried. A body larger than the limit is refused before it is read.
import { json } from "@remix-run/node";
import { readImportFile, unreadablePreview, type ConfirmResult, type ImportTable } from "~/services/imports.server";
import { redirectWithFlash } from "./flash.server";
import { readForm } from "./http.server";
import { MAX_IMPORT_BYTES, type ImportIssue, type ImportNotice, type ImportPreview } from "./imports";

export type ImportForm = { tooLarge: true } | { tooLarge: false; form: FormData };

/** The form, unless the request says it is larger than an import may be (the upload is then not read at all). */
export async function readImportForm(request: Request): Promise<ImportForm> {
  const length = Number(request.headers.get("Content-Length") ?? "0");
  // Twice the file limit: the confirm form carries the table as JSON, which is larger than the file.
  if (Number.isFinite(length) && length > 2 * MAX_IMPORT_BYTES) return { tooLarge: true };
  return { tooLarge: false, form: await readForm(request) };
}

/** The uploaded file's name and bytes, or null when none was chosen (or it is over the limit: `tooLarge`). */
export async function uploadedFile(form: FormData, name = "file"): Promise<{ name: string; bytes: Uint8Array } | "tooLarge" | null> {
  const file = form.get(name);
  if (!(file instanceof File) || (file.size === 0 && file.name === "")) return null;
  if (file.size > MAX_IMPORT_BYTES) return "tooLarge";
  return { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
}

export const MAX_IMPORT_MB = MAX_IMPORT_BYTES / 1024 / 1024;

const tooLargeIssue: ImportIssue = { key: "imports.file.tooLarge", params: { mb: MAX_IMPORT_MB } };

/** What an import page's action answers: the preview, with `fields` (the page's options as typed) kept. */
export type ImportAnswer<F> = F & { preview: ImportPreview; notice?: ImportNotice };

/** An answer with no preview, only why there is none (a file that could not be read, an option refused). */
export function importRefusal<F extends object>(fields: F, issue: ImportIssue, status = 400) {
  return json<ImportAnswer<F>>({ ...fields, preview: unreadablePreview(issue) }, { status });
}

/** The answer to a body over the limit, which was not read. */
export function importTooLarge<F extends object>(fields: F) {
  return importRefusal(fields, tooLargeIssue, 413);
}

/**
 * The two steps of every import page once its options are read: 「取り込む」 confirms the table the
 * preview carried and returns to `page` with the counts; otherwise the uploaded file is read and
 * previewed. Whatever fails comes back with the page's `fields` as they were typed.
 */
export async function previewOrConfirm<F extends object>(
  form: FormData,
  page: string,
  fields: F,
  steps: { preview(table: ImportTable): Promise<ImportPreview>; confirm(input: { payload: string; digest: string }): Promise<ConfirmResult> },
) {
  if (form.get("intent") === "confirm") {
    const result = await steps.confirm({ payload: String(form.get("payload") ?? ""), digest: String(form.get("digest") ?? "") });
    if (result.ok) return redirectWithFlash(page, { key: "imports.done", params: { new: result.counts.new, update: result.counts.update, unchanged: result.counts.unchanged } });
    return json<ImportAnswer<F>>({ ...fields, preview: result.preview, notice: result.reason }, { status: result.reason === "changed" ? 409 : 400 });
  }
  const file = await uploadedFile(form);
  if (file === null) return importRefusal(fields, { key: "imports.file.missing" });
  if (file === "tooLarge") return importTooLarge(fields);
  const read = await readImportFile(file);
  if (!read.ok) return importRefusal(fields, read.error);
  return json<ImportAnswer<F>>({ ...fields, preview: await steps.preview(read.table) });
}
