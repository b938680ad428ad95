// Reading an import's form (ADR 025): the upload of a file to preview, or 「取り込む」 with the
// table the preview carried. A body larger than the limit is refused before it is read.
import { MAX_IMPORT_BYTES } from "./imports";
import { readForm } from "./http.server";

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
