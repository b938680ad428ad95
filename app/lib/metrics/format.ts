import { getTranslate, type Locale } from "~/lib/i18n";
import { progressToward } from "./indicators";
import { fiscalYearLabel, type Period } from "./periods";

export function periodLabel(period: Period, locale: Locale): string {
  if (period.fiscalYear !== undefined) return fiscalYearLabel(period.fiscalYear, locale);
  return getTranslate(locale)("metrics.period.custom", { from: period.from, to: period.to });
}

/** Progress in percent (one decimal), or null when the actual is hidden or the target equals the baseline. */
export function progressPercent(actual: number | null, target: { baseline: number; target: number } | null): number | null {
  if (actual === null || target === null) return null;
  const p = progressToward(actual, target.baseline, target.target);
  return p === null ? null : Math.round(p * 1000) / 10;
}

/** 「2026年4月1日(水) 10:00」 in Tokyo time, for a session's start. */
export function formatSessionStart(date: Date | string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === "en" ? "en-GB" : "ja-JP", {
    timeZone: "Asia/Tokyo",
    dateStyle: "medium",
    timeStyle: "short",
  }).format(new Date(date));
}
