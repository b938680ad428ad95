import { formatDayWithYear, tokyoInstant } from "./dates";
import type { Locale, Translate } from "./i18n";
import type { Schedule } from "./recurrence";
import { weekdayLabel } from "./weekdays";

const monthWeekValues = [1, 2, 3, 4, -1] as const;

/** "第2" / "2nd", "最終" / "last". */
export function monthWeekLabel(t: Translate, week: number): string {
  return t(`schedule.week.${monthWeekValues.find((w) => w === week) ?? 1}`);
}

function joinList(items: string[], locale: Locale): string {
  if (locale === "ja") return items.join("・");
  return new Intl.ListFormat("en", { type: "conjunction" }).format(items);
}

/**
 * The schedule in words, the way people say it: "毎月第2土曜 10:00〜14:30", "毎週月・水・金曜 …",
 * "隔週金曜 …", or the date of a one-off.
 */
export function describeSchedule(schedule: Schedule, t: Translate, locale: Locale): string {
  const time = t("schedule.time", { start: schedule.startTime.slice(0, 5), end: schedule.endTime.slice(0, 5) });
  if (schedule.kind === "once") return `${formatDayWithYear(tokyoInstant(schedule.startDate, "12:00"), locale)} ${time}`;
  const days = t("schedule.days", {
    list: joinList(
      [...schedule.weekdays].sort((a, b) => a - b).map((d) => weekdayLabel(t, d, locale === "en")),
      locale,
    ),
  });
  let rule: string;
  if (schedule.kind === "weekly") {
    rule =
      schedule.interval === 1
        ? t("schedule.weekly", { days })
        : schedule.interval === 2
          ? t("schedule.biweekly", { days })
          : t("schedule.everyNWeeks", { n: schedule.interval, days });
  } else {
    const weeks = [...schedule.monthWeeks].sort((a, b) => (a === -1 ? 1 : b === -1 ? -1 : a - b)).map((w) => monthWeekLabel(t, w));
    rule = t("schedule.monthly", { weeks: joinList(weeks, locale), days });
  }
  return `${rule} ${time}`;
}

/** "2026年12月1日(火)から" / "…まで" lines for the series' bounds, when they matter to a reader. */
export function describeScheduleBounds(schedule: Schedule, t: Translate, locale: Locale, today: string): string[] {
  if (schedule.kind === "once") return [];
  const lines: string[] = [];
  if (schedule.startDate > today) lines.push(t("schedule.from", { date: formatDayWithYear(tokyoInstant(schedule.startDate, "12:00"), locale) }));
  if (schedule.endDate) lines.push(t("schedule.until", { date: formatDayWithYear(tokyoInstant(schedule.endDate, "12:00"), locale) }));
  return lines;
}
