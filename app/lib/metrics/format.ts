import { formatCalendarDate } from "~/lib/dates";
import type { Locale, Translate } from "~/lib/i18n";
import { progressToward } from "./indicators";
import { fiscalYearLabel, type Period } from "./periods";

/** "2024年度", or a custom range in words (`t` needs the metrics group). */
export function periodLabel(t: Translate, period: Period, locale: Locale): string {
  if (period.fiscalYear !== undefined) return fiscalYearLabel(period.fiscalYear, locale);
  return t("metrics.period.custom", { from: formatCalendarDate(period.from, locale), to: formatCalendarDate(period.to, locale) });
}

/** Progress in percent (one decimal), or null when the actual is hidden or the target equals the baseline. */
export function progressPercent(actual: number | null, target: { baseline: number; target: number } | null): number | null {
  if (actual === null || target === null) return null;
  const p = progressToward(actual, target.baseline, target.target);
  return p === null ? null : Math.round(p * 1000) / 10;
}

