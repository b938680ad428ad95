import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { readXlsx, toXlsx } from "~/lib/xlsx.server";
import { readWithLibreOffice } from "../support/libreoffice";

describe("toXlsx", () => {
  it("writes Japanese text, numbers as numbers, dates as dates, a frozen header and widths", async () => {
    const data = await toXlsx([
      {
        name: "ハブ別",
        columns: [{ header: "名称" }, { header: "参加者数", kind: "number" }, { header: "開始日", kind: "date" }],
        rows: [
          ["萩の台まちなえき", 42, "2026-04-01"],
          ["=HYPERLINK(\"http://x\")", "3未満", null],
        ],
      },
    ]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(data as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet("ハブ別")!;
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(sheet.getCell("A2").value).toBe("萩の台まちなえき");
    expect(sheet.getCell("B2").type).toBe(ExcelJS.ValueType.Number);
    expect(sheet.getCell("C2").type).toBe(ExcelJS.ValueType.Date);
    expect(sheet.getCell("C2").numFmt).toBe("yyyy-mm-dd");
    // A leading = is text, not a formula; a suppression mark stays text beside numbers.
    expect(sheet.getCell("A3").type).toBe(ExcelJS.ValueType.String);
    expect(sheet.getCell("B3").value).toBe("3未満");
    expect(sheet.getColumn(1).width).toBeGreaterThanOrEqual(18);

    expect((await readXlsx(data))[0]!.rows).toEqual([
      ["名称", "参加者数", "開始日"],
      ["萩の台まちなえき", 42, "2026-04-01"],
      ["=HYPERLINK(\"http://x\")", "3未満", null],
    ]);
  });

  it("writes a number with its own format (a percentage), and a width of 9 as the sheet's default", async () => {
    const data = await toXlsx([{ name: "率", columns: [{ header: "2026-04", kind: "number" }, { header: "進捗率", kind: "number" }], rows: [[1, { number: 0.453, numFmt: "0.0%" }]] }]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(data as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getCell("B2").type).toBe(ExcelJS.ValueType.Number);
    expect(sheet.getCell("B2").value).toBe(0.453);
    expect(sheet.getCell("B2").numFmt).toBe("0.0%");
    // "2026-04" takes 9 columns, exceljs's default: it writes no width for the column, so the sheet declares 9 as its default.
    expect(sheet.getColumn(1).width ?? sheet.properties.defaultColWidth).toBe(9);
    expect((await readXlsx(data))[0]!.rows[1]).toEqual([1, 0.453]);
  });

  it("opens in LibreOffice with its Japanese intact, the formula as text and the date as a date", async () => {
    const data = await toXlsx([
      {
        name: "公共施設一覧",
        columns: [{ header: "名称" }, { header: "定員", kind: "number" }, { header: "開始日", kind: "date" }],
        rows: [
          ["萩の台まちなえき（集会所）", 20, "2026-04-01"],
          ["=1+1", "3未満", null],
        ],
      },
    ]);
    expect(await readWithLibreOffice(data, "xlsx")).toEqual([
      ["名称", "定員", "開始日"],
      ["萩の台まちなえき（集会所）", "20", "2026-04-01"],
      ["=1+1", "3未満", ""],
    ]);
  }, 120_000);
});
