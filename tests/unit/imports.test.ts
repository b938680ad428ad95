import { describe, expect, test } from "vitest";
import { checkHeader, decodeCsvBytes, parseCount, readImportFile } from "~/services/imports.server";
import { parseSurveyDate } from "~/services/population-import.server";
import { encodeShiftJis } from "../support/shift-jis";

describe("reading a city's file", () => {
  test("UTF-8 with or without a BOM, and Shift_JIS, decode to the same text", () => {
    const text = "名称,住所\r\n萩の台ふれあい会館,奈良県生駒市萩の台1-2\r\n";
    expect(decodeCsvBytes(new TextEncoder().encode(text))).toBe(text);
    expect(decodeCsvBytes(new TextEncoder().encode(`\uFEFF${text}`))).toBe(text);
    expect(decodeCsvBytes(encodeShiftJis(text))).toBe(text);
  });

  test("blank lines keep the rows' line numbers; an old .xls is refused in words", async () => {
    const read = await readImportFile({ name: "a.csv", bytes: new TextEncoder().encode("名称\r\nA\r\n\r\n,\r\nB\r\n") });
    expect(read).toEqual({ ok: true, table: { header: ["名称"], rows: [{ line: 2, cells: ["A"] }, { line: 5, cells: ["B"] }] } });
    expect(await readImportFile({ name: "old.xls", bytes: new Uint8Array([0xd0, 0xcf, 0x11, 0xe0]) })).toEqual({ ok: false, error: { key: "imports.file.unsupported" } });
    expect(await readImportFile({ name: "nul.csv", bytes: new TextEncoder().encode("名称\r\na\u0000b\r\n") })).toEqual({ ok: false, error: { key: "imports.file.unreadable" } });
  });

  test("the header: unknown, repeated, blank and missing columns are each named", () => {
    const checked = checkHeader(["名称", "担当者", "名称", ""], { known: ["名称", "住所", "URL"], required: ["名称", "住所"], used: ["名称", "住所"] });
    expect(checked.errors).toEqual([
      { key: "imports.header.unknown", params: { name: "担当者" } },
      { key: "imports.header.repeated", params: { name: "名称" } },
      { key: "imports.header.blank", params: { column: 4 } },
      { key: "imports.header.missing", params: { name: "住所" } },
    ]);
  });

  test("counts and dates as cities write them", () => {
    expect(["1,234", "１２３４", " 0 ", "-1", "1.5", "約10", ""].map(parseCount)).toEqual([1234, 1234, 0, null, null, null, null]);
    expect(["2025-04-01", "2025/4/1", "2025年4月1日", "20250401", "２０２５/４/１", "2025-02-30", "R7.4.1"].map(parseSurveyDate)).toEqual([
      "2025-04-01",
      "2025-04-01",
      "2025-04-01",
      "2025-04-01",
      "2025-04-01",
      null,
      null,
    ]);
  });
});
