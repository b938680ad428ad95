import { TZDate } from "@date-fns/tz";

/** Every period is in Asia/Tokyo and half-open: `[start, end)`. */
export const TOKYO = "Asia/Tokyo";

export interface Period {
  start: Date;
  end: Date;
  /** Fiscal year N when the period is exactly 年度 N. */
  fiscalYear?: number;
  /** First day and the day after the last, as YYYY-MM-DD in Tokyo (for URLs and file names). */
  from: string;
  to: string;
}

function tokyoMidnight(year: number, month1: number, day: number): Date {
  return new Date(+new TZDate(year, month1 - 1, day, 0, 0, 0, TOKYO));
}

export function isoDateInTokyo(date: Date): string {
  const t = new TZDate(+date, TOKYO);
  return `${t.getFullYear()}-${String(t.getMonth() + 1).padStart(2, "0")}-${String(t.getDate()).padStart(2, "0")}`;
}

/** 年度 N: 1 April N 00:00 to 1 April N+1 00:00, Tokyo time. */
export function fiscalYearPeriod(year: number): Period {
  return {
    start: tokyoMidnight(year, 4, 1),
    end: tokyoMidnight(year + 1, 4, 1),
    fiscalYear: year,
    from: `${year}-04-01`,
    to: `${year + 1}-04-01`,
  };
}

/** The fiscal year a moment falls in (January–March belong to the previous year's 年度). */
export function fiscalYearOf(date: Date): number {
  const t = new TZDate(+date, TOKYO);
  return t.getMonth() >= 3 ? t.getFullYear() : t.getFullYear() - 1;
}

/** 令和 year: N − 2018 (2019 = 令和元年). Null before 2019. */
/** The 年度 a period ends in (its own for a 年度). */
export function fiscalYearEnding(period: Period): number {
  return period.fiscalYear ?? fiscalYearOf(new Date(+period.end - 1));
}

export function reiwaYear(year: number): number | null {
  return year >= 2019 ? year - 2018 : null;
}

/** 「令和8年度（2026年度）」; 「令和元年度（2019年度）」. */
export function fiscalYearLabel(year: number, locale: "ja" | "en" = "ja"): string {
  if (locale === "en") return `FY${year} (April ${year} – March ${year + 1})`;
  const r = reiwaYear(year);
  if (r === null) return `${year}年度`;
  return `令和${r === 1 ? "元" : r}年度（${year}年度）`;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function parseIsoDate(value: string): { y: number; m: number; d: number } | null {
  const match = ISO_DATE.exec(value);
  if (!match) return null;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const probe = new Date(Date.UTC(y, m - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== m - 1 || probe.getUTCDate() !== d) return null;
  return { y, m, d };
}

/**
 * A custom range from the first day to the last day inclusive (as people say it), widened to
 * whole months because the dashboard reads month rollups (docs/indicators.md).
 */
export function customPeriod(fromDate: string, toDate: string): Period | null {
  const a = parseIsoDate(fromDate);
  const b = parseIsoDate(toDate);
  if (!a || !b) return null;
  const start = tokyoMidnight(a.y, a.m, 1);
  const endMonth = b.m === 12 ? { y: b.y + 1, m: 1 } : { y: b.y, m: b.m + 1 };
  const end = tokyoMidnight(endMonth.y, endMonth.m, 1);
  if (+end <= +start) return null;
  const period: Period = { start, end, from: isoDateInTokyo(start), to: isoDateInTokyo(end) };
  if (a.m === 4 && b.m === 3 && b.y === a.y + 1) period.fiscalYear = a.y;
  return period;
}

/** The period of the same length just before (for 継続拠点: the previous fiscal year). */
export function previousPeriod(period: Period): Period {
  if (period.fiscalYear !== undefined) return fiscalYearPeriod(period.fiscalYear - 1);
  const months = monthsIn(period).length;
  const s = new TZDate(+period.start, TOKYO);
  const start = tokyoMidnight(s.getFullYear(), s.getMonth() + 1 - months, 1);
  return { start, end: period.start, from: isoDateInTokyo(start), to: period.from };
}

/** The first days (YYYY-MM-01) of the months a period covers. */
export function monthsIn(period: Period): string[] {
  const out: string[] = [];
  const s = new TZDate(+period.start, TOKYO);
  let y = s.getFullYear();
  let m = s.getMonth() + 1;
  while (+tokyoMidnight(y, m, 1) < +period.end) {
    out.push(`${y}-${String(m).padStart(2, "0")}-01`);
    m += 1;
    if (m === 13) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

/** The month (YYYY-MM-01, Tokyo) a moment falls in: the rollup key. */
export function monthKey(date: Date): string {
  const t = new TZDate(+date, TOKYO);
  return `${t.getFullYear()}-${String(t.getMonth() + 1).padStart(2, "0")}-01`;
}

/** A month as the activity sets store it (SQL metric_month_index): year × 12 + month − 1. */
export function monthIndex(key: string): number {
  const [y, m] = key.split("-").map(Number);
  return (y ?? 0) * 12 + (m ?? 1) - 1;
}

/** 「2026年4月」 */
export function monthLabel(key: string, locale: "ja" | "en" = "ja"): string {
  const [y, m] = key.split("-");
  return locale === "en" ? `${y}-${m}` : `${Number(y)}年${Number(m)}月`;
}
