import { describe, expect, it } from "vitest";
import { contentDisposition, csvFileName, parseCsv, toCsv } from "~/lib/metrics/csv";
import {
  customPeriod,
  fiscalYearLabel,
  fiscalYearOf,
  fiscalYearPeriod,
  monthKey,
  monthsIn,
  previousPeriod,
} from "~/lib/metrics/periods";
import { differsBySmallCount, show, suppressTable, type Hidden } from "~/lib/metrics/suppression";

const tokyo = (iso: string) => new Date(`${iso}+09:00`);

describe("fiscal years in Asia/Tokyo", () => {
  it("runs from 1 April 00:00 to the next 1 April 00:00 Tokyo time", () => {
    const fy = fiscalYearPeriod(2026);
    expect(fy.start.toISOString()).toBe("2026-03-31T15:00:00.000Z");
    expect(fy.end.toISOString()).toBe("2027-03-31T15:00:00.000Z");
  });
  it("puts 31 March 23:59 in the previous year and 1 April 00:00 in the next", () => {
    expect(fiscalYearOf(tokyo("2027-03-31T23:59:59"))).toBe(2026);
    expect(fiscalYearOf(tokyo("2027-04-01T00:00:00"))).toBe(2027);
    // 1 April 08:00 Tokyo is still 31 March in UTC: Tokyo decides.
    expect(fiscalYearOf(new Date("2027-03-31T23:30:00Z"))).toBe(2027);
  });
  it("labels 令和 years with the Western year, 2019 as 元年", () => {
    expect(fiscalYearLabel(2026)).toBe("令和8年度（2026年度）");
    expect(fiscalYearLabel(2019)).toBe("令和元年度（2019年度）");
    expect(fiscalYearLabel(2021)).toBe("令和3年度（2021年度）");
    expect(fiscalYearLabel(2018)).toBe("2018年度");
  });
  it("lists the twelve months April to March and the previous year", () => {
    const months = monthsIn(fiscalYearPeriod(2026));
    expect(months).toHaveLength(12);
    expect(months[0]).toBe("2026-04-01");
    expect(months[11]).toBe("2027-03-01");
    expect(previousPeriod(fiscalYearPeriod(2026)).fiscalYear).toBe(2025);
    expect(monthKey(tokyo("2026-05-01T00:00:00"))).toBe("2026-05-01");
    expect(monthKey(new Date("2026-04-30T15:30:00Z"))).toBe("2026-05-01");
  });
  it("widens a custom range to whole months and finds the same-length range before it", () => {
    const p = customPeriod("2026-06-15", "2026-08-02");
    expect(p?.from).toBe("2026-06-01");
    expect(p?.to).toBe("2026-09-01");
    expect(monthsIn(p!)).toEqual(["2026-06-01", "2026-07-01", "2026-08-01"]);
    const before = previousPeriod(p!);
    expect(before.from).toBe("2026-03-01");
    expect(before.to).toBe("2026-06-01");
    expect(customPeriod("2026-08-01", "2026-06-01")).toBeNull();
    expect(customPeriod("2026-02-30", "2026-06-01")).toBeNull();
  });
});

describe("small counts", () => {
  it("shows 1–9 参加支援 figures as 10未満 and 1–2 people as 3未満, zero as 0", () => {
    expect(show(9, "support").text).toBe("10未満");
    expect(show(9, "support").csv).toBe("<10");
    expect(show(9, "support").value).toBeNull();
    expect(show(10, "support").text).toBe("10");
    expect(show(2, "people").csv).toBe("<3");
    expect(show(3, "people").value).toBe(3);
    expect(show(0, "people").text).toBe("0");
    expect(show(0, "support").text).toBe("0");
    expect(show(1, "none").text).toBe("1");
  });
});

/**
 * The attacker: knows every shown cell and total, and repeatedly solves any row or column
 * equation with exactly one unknown. Returns the cells it recovered.
 */
function attack(cells: number[][], hidden: ReturnType<typeof suppressTable>) {
  const rows = cells.length;
  const cols = cells[0]?.length ?? 0;
  const known: (number | null)[][] = cells.map((r, i) => r.map((v, j) => (hidden.cells[i]?.[j] ? null : v)));
  const rowT: (number | null)[] = cells.map((r, i) => (hidden.rowTotals[i] ? null : r.reduce((a, b) => a + b, 0)));
  const colT: (number | null)[] = Array.from({ length: cols }, (_, j) =>
    hidden.columnTotals[j] ? null : cells.reduce((a, r) => a + (r[j] ?? 0), 0),
  );
  const grand = hidden.grandTotal ? null : cells.flat().reduce((a, b) => a + b, 0);
  let progress = true;
  while (progress) {
    progress = false;
    for (let i = 0; i < rows; i++) {
      const unknown = known[i]!.map((v, j) => (v === null ? j : -1)).filter((j) => j >= 0);
      if (rowT[i] !== null && unknown.length === 1) {
        known[i]![unknown[0]!] = rowT[i]! - known[i]!.reduce<number>((a, v) => a + (v ?? 0), 0);
        progress = true;
      }
    }
    for (let j = 0; j < cols; j++) {
      const unknown = known.map((r, i) => (r[j] === null ? i : -1)).filter((i) => i >= 0);
      if (colT[j] !== null && unknown.length === 1) {
        known[unknown[0]!]![j] = colT[j]! - known.reduce<number>((a, r) => a + (r[j] ?? 0), 0);
        progress = true;
      }
    }
    // Totals from their cells, and a missing total from the grand total.
    for (let i = 0; i < rows; i++) {
      if (rowT[i] === null && known[i]!.every((v) => v !== null)) {
        rowT[i] = known[i]!.reduce<number>((a, v) => a + (v ?? 0), 0);
        progress = true;
      }
    }
    for (let j = 0; j < cols; j++) {
      if (colT[j] === null && known.every((r) => r[j] !== null)) {
        colT[j] = known.reduce<number>((a, r) => a + (r[j] ?? 0), 0);
        progress = true;
      }
    }
    if (grand !== null) {
      const missingRows = rowT.map((v, i) => (v === null ? i : -1)).filter((i) => i >= 0);
      if (missingRows.length === 1) {
        rowT[missingRows[0]!] = grand - rowT.reduce<number>((a, v) => a + (v ?? 0), 0);
        progress = true;
      }
      const missingCols = colT.map((v, j) => (v === null ? j : -1)).filter((j) => j >= 0);
      if (missingCols.length === 1) {
        colT[missingCols[0]!] = grand - colT.reduce<number>((a, v) => a + (v ?? 0), 0);
        progress = true;
      }
    }
  }
  const recovered: [number, number][] = [];
  cells.forEach((r, i) =>
    r.forEach((_, j) => {
      if (hidden.cells[i]?.[j] === "small" && known[i]![j] !== null) recovered.push([i, j]);
    }),
  );
  return recovered;
}

describe("complementary suppression", () => {
  const table = [
    [12, 1, 30, 8],
    [20, 15, 14, 9],
    [5, 40, 2, 11],
    [7, 6, 0, 13],
  ];

  it("hides a partner for every small cell so no row or column total gives it away", () => {
    const result = suppressTable(table, "people");
    expect(result.cells[0]?.[1]).toBe("small");
    expect(result.cells[2]?.[2]).toBe("small");
    const hiddenPerRow = result.cells.map((r) => r.filter((h: Hidden) => h).length);
    for (const count of hiddenPerRow) expect(count === 0 || count >= 2).toBe(true);
    expect(attack(table, result)).toEqual([]);
  });

  it("fails to recover anything from many random tables", () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let n = 0; n < 300; n++) {
      const rows = 1 + Math.floor(random() * 5);
      const cols = 1 + Math.floor(random() * 6);
      const cells = Array.from({ length: rows }, () => Array.from({ length: cols }, () => Math.floor(random() * 8)));
      for (const sensitivity of ["people", "support"] as const) {
        const result = suppressTable(cells, sensitivity);
        expect(attack(cells, result), JSON.stringify({ cells, sensitivity })).toEqual([]);
      }
    }
  });

  it("without complementary suppression the same attack would succeed (the test can see a leak)", () => {
    const naive = suppressTable([[12, 1, 30]], "none");
    const leaky = { ...naive, cells: [[false, "small", false] as Hidden[]] };
    expect(attack([[12, 1, 30]], leaky)).toEqual([[0, 1]]);
  });

  it("hides a filtered figure that differs from a wider one by a small count", () => {
    // all hubs: 120 participants; all but one hub: 118 → that hub had 2.
    expect(differsBySmallCount(118, [120], "people")).toBe(true);
    expect(differsBySmallCount(100, [120], "people")).toBe(false);
    expect(differsBySmallCount(120, [120], "people")).toBe(false);
    expect(differsBySmallCount(41, [50], "support")).toBe(true);
  });
});

describe("CSV", () => {
  it("starts with a BOM and parses back to the same cells, Japanese, commas and quotes included", () => {
    const rows = [
      ["活動拠点数", "14", "<3"],
      ['参加者数（延べ）, "延べ"', "1,234", "x"],
    ];
    const text = toCsv(["指標", "実績", "注"], rows);
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(parseCsv(text)).toEqual([["指標", "実績", "注"], ...rows]);
  });
  it("puts a ' before text a spreadsheet would run as a formula, never before a number", () => {
    const hostile = ['=HYPERLINK("http://evil.example","x")', "+1+cmd|' /C calc'!A0", "@SUM(A1)", "-2+3", "\t=1", "=1"];
    const numbers = ["-12", "-3.5%", "+4", "12%", "<3", "x"];
    const parsed = parseCsv(toCsv(["name"], [...hostile, ...numbers].map((v) => [v]))).slice(1).map((r) => r[0]);
    expect(parsed).toEqual([...hostile.map((v) => `'${v}`), ...numbers]);
  });
  it("names the file after the period and the filters", () => {
    const name = csvFileName("indicators", "2026-04-01", "2027-04-01", { district: 3, kind: "", category: undefined });
    expect(name).toBe("machinaeki-indicators_2026-04-01_2027-04-01_district-3.csv");
    expect(contentDisposition("machinaeki-拠点_2026.csv")).toContain("filename*=UTF-8''machinaeki-%E6%8B%A0");
  });
});

describe("progress toward a target", () => {
  it("is (actual − baseline) / (target − baseline)", async () => {
    const { progressToward } = await import("~/lib/metrics/indicators");
    // Nagakute: partners R3 65 → R8 102; 84 reached is half way.
    expect(progressToward(83.5, 65, 102)).toBeCloseTo(0.5);
    expect(progressToward(65, 65, 102)).toBe(0);
    expect(progressToward(70, 70, 70)).toBeNull();
  });
});
