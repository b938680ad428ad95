import type { Locale } from "./i18n";

/** Every date and time in this product is Japanese wall-clock time, whatever the server's TZ. */
export const TOKYO = "Asia/Tokyo";

/**
 * Japan has kept UTC+9 all year since 1951, so Tokyo's wall clock is the UTC clock nine hours
 * on, and a calendar date is plain UTC arithmetic. This module therefore needs no date library:
 * it runs in the browser on every page that lists sessions, where date-fns, @date-fns/tz and
 * their locales were 8 kB of the gzipped JavaScript (docs/performance.md). Nothing here reads
 * the process's TZ (tests/unit/timezone.test.ts runs it under four).
 */
const TOKYO_OFFSET_MS = 9 * 60 * 60 * 1000;

function tokyoClock(instant: Date | string | number) {
  const d = new Date(+new Date(instant) + TOKYO_OFFSET_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), weekday: d.getUTCDay(), hours: d.getUTCHours(), minutes: d.getUTCMinutes() };
}

const pad = (n: number) => String(n).padStart(2, "0");
const jaWeekdays = ["日", "月", "火", "水", "木", "金", "土"];
const enWeekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const enMonths = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** "2026-12-03" from a UTC-midnight Date standing for a calendar day. */
function calendarDate(d: Date): string {
  return `${String(d.getUTCFullYear()).padStart(4, "0")}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** "2026-12-03" for the Tokyo calendar day containing `instant`. */
export function tokyoDate(instant: Date | number = Date.now()): string {
  return calendarDate(new Date(+new Date(instant) + TOKYO_OFFSET_MS));
}

/** The instant of a Tokyo wall-clock date ("2026-12-03") and time ("10:00" or "10:00:00"). */
export function tokyoInstant(date: string, time = "00:00"): Date {
  const [y, m, d] = date.split("-").map(Number);
  const [hh, mm] = time.split(":").map(Number);
  return new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1, hh ?? 0, mm ?? 0) - TOKYO_OFFSET_MS);
}

/**
 * Adds days or months to a "yyyy-MM-dd" date (calendar arithmetic, no time zone involved).
 * Months keep the day where the month has it, else its last day (1月31日 + 1 month = 2月28日).
 */
export function addToDate(date: string, amount: { days?: number; months?: number }): string {
  const [y, m, d] = date.split("-").map(Number);
  const start = new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1));
  let year = start.getUTCFullYear();
  let month = start.getUTCMonth();
  let day = start.getUTCDate();
  if (amount.months) {
    const target = new Date(Date.UTC(year, month + amount.months, 1));
    [year, month] = [target.getUTCFullYear(), target.getUTCMonth()];
    day = Math.min(day, new Date(Date.UTC(year, month + 1, 0)).getUTCDate());
  }
  return calendarDate(new Date(Date.UTC(year, month, day + (amount.days ?? 0))));
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
  const today = tokyoDate(now);
  const end =
    range === "today"
      ? addToDate(today, { days: 1 })
      : range === "week"
        ? addToDate(today, { days: 8 - isoWeekday(today) })
        : addToDate(`${today.slice(0, 7)}-01`, { months: 1 });
  return { from: tokyoInstant(today), to: tokyoInstant(end) };
}

/** The first and last day of a "yyyy-MM" month as Tokyo instants [from, to). */
export function monthBounds(month: string): { from: Date; to: Date; firstDate: string; lastDate: string } {
  const firstDate = addToDate(`${month}-01`, {});
  const nextFirst = addToDate(firstDate, { months: 1 });
  return { from: tokyoInstant(firstDate), to: tokyoInstant(nextFirst), firstDate, lastDate: addToDate(nextFirst, { days: -1 }) };
}

/** "12月3日(水)" / "Thu, 3 Dec". */
export function formatDay(instant: Date | string, locale: Locale = "ja"): string {
  const { month, day, weekday } = tokyoClock(instant);
  if (locale === "ja") return `${month}月${day}日(${jaWeekdays[weekday]})`;
  return `${enWeekdays[weekday]}, ${day} ${enMonths[month - 1]?.slice(0, 3)}`;
}

/** "2026年12月3日(水)" / "Thu, 3 Dec 2026". */
export function formatDayWithYear(instant: Date | string, locale: Locale = "ja"): string {
  const { year } = tokyoClock(instant);
  return locale === "ja" ? `${year}年${formatDay(instant, locale)}` : `${formatDay(instant, locale)} ${year}`;
}

/** "10:00" in Tokyo. */
export function formatTime(instant: Date | string): string {
  const { hours, minutes } = tokyoClock(instant);
  return `${pad(hours)}:${pad(minutes)}`;
}

/** "12月3日(水) 10:00〜11:30": the way Japanese readers expect a session's date and time. */
export function formatSession(startsAt: Date | string, endsAt: Date | string, locale: Locale = "ja"): string {
  const dash = locale === "ja" ? "〜" : "–";
  return `${formatDay(startsAt, locale)} ${formatTime(startsAt)}${dash}${formatTime(endsAt)}`;
}

/*
 * One format per kind of place (issue 12): every page, notice and mail takes its dates from here.
 *   a session (upcoming, this year):  12月3日(水) 10:00〜11:30   formatSession / formatSessionStart
 *   a recorded day (with its year):    2026年12月3日(木)          formatCalendarDate
 *   a moment something happened:      2026年12月3日(木) 10:05    formatTimestamp
 * Half-width parentheses, 24-hour "HH:mm", 〜 between times.
 */

/** "12月3日(水) 10:00": when a session starts. */
export function formatSessionStart(startsAt: Date | string, locale: Locale = "ja"): string {
  return `${formatDay(startsAt, locale)} ${formatTime(startsAt)}`;
}

/** "2026年12月3日(木)" for a calendar date ("2026-12-03"): a record's day (支援の記録, 基準日). */
export function formatCalendarDate(date: string, locale: Locale = "ja"): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return date;
  return formatDayWithYear(tokyoInstant(date), locale);
}

/** "2026年12月3日(木) 10:05" (with ":30" seconds if asked): when something was done (audit, accounts). */
export function formatTimestamp(instant: Date | string, locale: Locale = "ja", options: { seconds?: boolean } = {}): string {
  const time = options.seconds ? `${formatTime(instant)}:${pad(new Date(instant).getUTCSeconds())}` : formatTime(instant);
  return `${formatDayWithYear(instant, locale)} ${time}`;
}

/** "2026年12月" / "December 2026" for a "yyyy-MM" month. */
export function formatMonth(month: string, locale: Locale = "ja"): string {
  const [year, number] = month.split("-").map(Number);
  return locale === "ja" ? `${year}年${number}月` : `${enMonths[(number ?? 1) - 1]} ${year}`;
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
  return tokyoDate(instant).slice(0, 7);
}

/** "HH:MM" from a database time ("10:00:00"). */
export function shortTime(time: string): string {
  return time.slice(0, 5);
}
