import { tz, TZDate } from "@date-fns/tz";
import { addDays, addMonths, endOfMonth, endOfWeek, format, startOfDay, startOfMonth } from "date-fns";
import { enUS, ja } from "date-fns/locale";
import type { Locale } from "./i18n";

/** Every date and time in this product is Japanese wall-clock time, whatever the server's TZ. */
export const TOKYO = "Asia/Tokyo";
const inTokyo = tz(TOKYO);

/** Midnight (Tokyo) of a "yyyy-MM-dd" date, built from numbers so the process TZ never matters. */
function tokyoMidnight(date: string): TZDate {
  const [y, m, d] = date.split("-").map(Number);
  return new TZDate(y ?? 0, (m ?? 1) - 1, d ?? 1, TOKYO);
}

/** "2026-12-03" for the Tokyo calendar day containing `instant`. */
export function tokyoDate(instant: Date | number = Date.now()): string {
  return format(instant, "yyyy-MM-dd", { in: inTokyo });
}

/** The instant of a Tokyo wall-clock date ("2026-12-03") and time ("10:00" or "10:00:00"). */
export function tokyoInstant(date: string, time = "00:00"): Date {
  const [y, m, d] = date.split("-").map(Number);
  const [hh, mm] = time.split(":").map(Number);
  return new Date(+new TZDate(y ?? 0, (m ?? 1) - 1, d ?? 1, hh ?? 0, mm ?? 0, TOKYO));
}

/** Adds days or months to a "yyyy-MM-dd" date (calendar arithmetic, no time zone involved). */
export function addToDate(date: string, amount: { days?: number; months?: number }): string {
  let d = tokyoMidnight(date);
  if (amount.months) d = addMonths(d, amount.months);
  if (amount.days) d = addDays(d, amount.days);
  return format(d, "yyyy-MM-dd", { in: inTokyo });
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a "yyyy-MM-dd" date. */
export function isoWeekday(date: string): number {
  const [y, m, d] = date.split("-").map(Number);
  const day = new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1)).getUTCDay();
  return day === 0 ? 7 : day;
}

export type DateRange = "today" | "week" | "month";

/** The instants a resident means by 今日, 今週 (to Sunday) and 今月, seen from `now` in Tokyo. */
export function rangeBounds(range: DateRange, now: Date = new Date()): { from: Date; to: Date } {
  const here = new TZDate(+now, TOKYO);
  const start = startOfDay(here);
  const end =
    range === "today" ? addDays(start, 1) : range === "week" ? addDays(startOfDay(endOfWeek(here, { weekStartsOn: 1 })), 1) : addDays(startOfDay(endOfMonth(here)), 1);
  // Plain Dates: database drivers and JSON should see instants, not zoned objects.
  return { from: new Date(+start), to: new Date(+end) };
}

/** The first and last day of a "yyyy-MM" month as Tokyo instants [from, to). */
export function monthBounds(month: string): { from: Date; to: Date; firstDate: string; lastDate: string } {
  const first = tokyoMidnight(`${month}-01`);
  const next = addMonths(startOfMonth(first), 1);
  return {
    from: new Date(+first),
    to: new Date(+next),
    firstDate: format(first, "yyyy-MM-dd", { in: inTokyo }),
    lastDate: format(addDays(next, -1), "yyyy-MM-dd", { in: inTokyo }),
  };
}

const dateFnsLocale = { ja, en: enUS } as const;

/** "12月3日(水)" / "Thu, 3 Dec". */
export function formatDay(instant: Date | string, locale: Locale = "ja"): string {
  const pattern = locale === "ja" ? "M月d日(E)" : "EEE, d MMM";
  return format(new Date(instant), pattern, { in: inTokyo, locale: dateFnsLocale[locale] });
}

/** "2026年12月3日(水)" / "Thu, 3 Dec 2026". */
export function formatDayWithYear(instant: Date | string, locale: Locale = "ja"): string {
  const pattern = locale === "ja" ? "yyyy年M月d日(E)" : "EEE, d MMM yyyy";
  return format(new Date(instant), pattern, { in: inTokyo, locale: dateFnsLocale[locale] });
}

/** "10:00" in Tokyo. */
export function formatTime(instant: Date | string): string {
  return format(new Date(instant), "HH:mm", { in: inTokyo });
}

/** "12月3日(水) 10:00〜11:30": the way Japanese readers expect a session's date and time. */
export function formatSession(startsAt: Date | string, endsAt: Date | string, locale: Locale = "ja"): string {
  const dash = locale === "ja" ? "〜" : "–";
  return `${formatDay(startsAt, locale)} ${formatTime(startsAt)}${dash}${formatTime(endsAt)}`;
}

/** "2026年12月" / "December 2026" for a "yyyy-MM" month. */
export function formatMonth(month: string, locale: Locale = "ja"): string {
  return format(tokyoMidnight(`${month}-01`), locale === "ja" ? "yyyy年M月" : "MMMM yyyy", {
    in: inTokyo,
    locale: dateFnsLocale[locale],
  });
}

/** Parses "yyyy-MM" with a real month (01–12); undefined otherwise. */
export function parseMonth(value: string | null): string | undefined {
  if (!value) return undefined;
  const match = /^(\d{4})-(\d{2})$/.exec(value);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  if (year < 2000 || year > 2100 || month < 1 || month > 12) return undefined;
  return value;
}

/** "yyyy-MM" of the Tokyo month containing `instant`. */
export function tokyoMonth(instant: Date | number = Date.now()): string {
  return format(instant, "yyyy-MM", { in: inTokyo });
}

/** "HH:MM" from a database time ("10:00:00"). */
export function shortTime(time: string): string {
  return time.slice(0, 5);
}
