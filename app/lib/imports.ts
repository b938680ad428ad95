// What a preview-and-confirm import (公共施設一覧 → hubs, 地域・年齢別人口 → district populations)
// shows a person: one line per row of the file, what would happen to it, and why a row cannot be
// taken. Shared by the services that build previews and the pages that draw them, so it holds no
// server code (docs/decisions/025-preview-and-confirm-imports.md).
import type { MessageKey, Params } from "./i18n";

/** One thing wrong with the file or a row, as a message key (Japanese first) and its parameters. */
export interface ImportIssue {
  /** The file's column at fault, shown before the message (「緯度：…」). */
  column?: string;
  key: MessageKey;
  params?: Params;
}

/** 新規 / 更新 / 変更なし / エラー. */
export type ImportRowStatus = "new" | "update" | "unchanged" | "error";

export interface ImportPreviewRow {
  /** The row's line in the file (the header is line 1), as a spreadsheet numbers it. */
  line: number;
  /** What a person recognises the row by (a facility's 名称, a district's 地域名). */
  label: string;
  status: ImportRowStatus;
  /** The file's columns whose values would change (「更新」 only). */
  changed: string[];
  errors: ImportIssue[];
}

export interface ImportPreview {
  /** Problems with the file as a whole (an unknown column, a missing required one, an unreadable file). */
  fileErrors: ImportIssue[];
  rows: ImportPreviewRow[];
  counts: Record<ImportRowStatus, number>;
  /** Known columns the file has but the import does not use (shown so nobody wonders where they went). */
  ignoredColumns: string[];
  /** The table as read, sent back with 「取り込む」: the server reads and checks it again in full. */
  payload: string;
  /** A digest of what the preview would change: confirming a different outcome is refused. */
  digest: string;
}

/** Why a confirm did not write: rows with errors, an outcome changed since the preview, or a refusal by the database. */
export type ImportNotice = "errors" | "changed" | "failed";

/** Whether a preview may be confirmed: nothing wrong and something to write. */
export function canConfirm(preview: ImportPreview): boolean {
  return preview.fileErrors.length === 0 && preview.counts.error === 0 && preview.counts.new + preview.counts.update > 0;
}

/** Uploads larger than this are refused before they are read (a city's list is a few hundred kB). */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

/** Rows beyond this are refused: a 公共施設一覧 or 地域・年齢別人口 file has hundreds, not tens of thousands. */
export const MAX_IMPORT_ROWS = 5000;

/** 新規, 更新, … as message keys. */
export const importStatusKeys = {
  new: "imports.status.new",
  update: "imports.status.update",
  unchanged: "imports.status.unchanged",
  error: "imports.status.error",
} as const satisfies Record<ImportRowStatus, MessageKey>;

/** What a hub the 公共施設一覧 import creates starts as: a draft by default, so staff check it before residents see it. */
export const facilityStatuses = ["draft", "public"] as const;
export type FacilityImportStatus = (typeof facilityStatuses)[number];
