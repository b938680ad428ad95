import type { Translate } from "./i18n";

// Weekdays as ISO numbers (1 = Monday … 7 = Sunday). Kept apart from schedule-words so a page
// that only names weekdays (the search form on `/`) does not download the schedule wording.
export const isoWeekdays = [1, 2, 3, 4, 5, 6, 7] as const;
export type IsoWeekday = (typeof isoWeekdays)[number];

function asWeekday(day: number): IsoWeekday {
  return isoWeekdays.find((d) => d === day) ?? 1;
}

/** "水" / "Wed", or with `long` "水曜日" / "Wednesday". */
export function weekdayLabel(t: Translate, day: number, long = false): string {
  return long ? t(`weekday.long.${asWeekday(day)}`) : t(`weekday.${asWeekday(day)}`);
}
