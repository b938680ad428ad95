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
import { differsBySmallCount, protectPartition, show, showPeople, type Hidden } from "~/lib/metrics/suppression";

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

describe("across filters", () => {
  it("担い手 and 連携先 (distinct people): a filtered figure that differs from a wider one by a small count is hidden", () => {
    // all hubs: 120; all but one hub: 118 → that hub's 2 would show.
    expect(differsBySmallCount(118, [120], "people")).toBe(true);
    expect(differsBySmallCount(100, [120], "people")).toBe(false);
    expect(differsBySmallCount(120, [120], "people")).toBe(false);
    expect(differsBySmallCount(41, [50], "support")).toBe(true);
  });
});

describe("a partition and its total (ADR 023)", () => {
  /**
   * An attacker independent of the code: every assignment of the parts not shown as numbers
   * that agrees with the shown parts, the total and each mark (「10未満」 1–9, 「秘匿」 0 or ≥ 10,
   * never shown ≥ 0). Returns the parts hidden as small whose value only one assignment allows.
   */
  function pinnedBySearch(values: number[], shown: boolean[], hidden: Hidden[], total: number, totalHidden: Hidden): number[] {
    if (totalHidden !== false) return [];
    const unknown = values.map((_, i) => i).filter((i) => !shown[i] || hidden[i] !== false);
    const rest = total - values.reduce((a, v, i) => a + (unknown.includes(i) ? 0 : v), 0);
    const possible = new Map<number, Set<number>>(unknown.map((i) => [i, new Set()]));
    const walk = (k: number, left: number, chosen: number[]) => {
      if (k === unknown.length) {
        if (left === 0) chosen.forEach((v, j) => possible.get(unknown[j] ?? -1)?.add(v));
        return;
      }
      const i = unknown[k] ?? -1;
      for (let v = 0; v <= left; v++) {
        const fits = !shown[i] || (hidden[i] === "small" ? v >= 1 && v <= 9 : v === 0 || v >= 10);
        if (fits) walk(k + 1, left - v, [...chosen, v]);
      }
    };
    walk(0, rest, []);
    return unknown.filter((i) => hidden[i] === "small" && (possible.get(i)?.size ?? 0) < 2);
  }

  it("a district of 1–9 takes another with it, so the city less the others gives nothing", () => {
    const result = protectPartition([{ value: 3, shown: true }, { value: 40, shown: true }, { value: 25, shown: true }], 68, "support");
    expect(result.parts[0]).toBe("small");
    expect(result.parts.filter((h) => h !== false)).toHaveLength(2);
    expect(result.total).toBe(false);
  });

  it("two small districts that would pin each other (2 = 1 + 1) take a large one with them", () => {
    const result = protectPartition([{ value: 1, shown: true }, { value: 1, shown: true }, { value: 30, shown: true }], 32, "support");
    expect(result.parts).toEqual(["small", "small", "complementary"]);
  });

  it("people without a district are an unknown already: one small district needs no partner", () => {
    const result = protectPartition([{ value: 4, shown: true }, { value: 40, shown: true }, { value: 25, shown: false }], 69, "support");
    expect(result.parts).toEqual(["small", false, false]);
  });

  it("300 random partitions: no part hidden as small is pinned by any assignment search", () => {
    let seed = 7;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let n = 0; n < 300; n++) {
      const size = 2 + Math.floor(next() * 4);
      const values = Array.from({ length: size }, () => (next() < 0.5 ? Math.floor(next() * 10) : 10 + Math.floor(next() * 30)));
      const shown = values.map(() => next() > 0.1);
      const total = values.reduce((a, b) => a + b, 0);
      const result = protectPartition(values.map((value, i) => ({ value, shown: shown[i] ?? true })), total, "support");
      expect(pinnedBySearch(values, shown, result.parts, total, result.total), JSON.stringify({ values, shown, result })).toEqual([]);
    }
  });
});

describe("published counts of people (ADR 023)", () => {
  it("a view made only of cells of 1–2 says how few, not how many; otherwise the adjusted sum", () => {
    expect(showPeople({ exact: 2, adjustment: 1, smallCells: 1, smallSum: 2 })).toMatchObject({ value: null, text: "3未満", csv: "<3" });
    expect(showPeople({ exact: 3, adjustment: -3, smallCells: 2, smallSum: 3 })).toMatchObject({ value: null, text: "5未満", csv: "<5" });
    expect(showPeople({ exact: 22, adjustment: 1, smallCells: 1, smallSum: 2 })).toMatchObject({ value: 23, text: "23" });
    expect(showPeople({ exact: 0, adjustment: 0, smallCells: 0, smallSum: 0 })).toMatchObject({ value: 0, text: "0" });
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
