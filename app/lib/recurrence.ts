import * as rruleModule from "rrule";
import { addToDate, tokyoInstant } from "./dates";

// rrule's "main" is a UMD bundle: Node's ESM loader exposes it only as the default export,
// bundlers as named exports. Take whichever this runtime gives.
const { RRule }: typeof rruleModule = rruleModule.RRule ? rruleModule : Reflect.get(rruleModule, "default");

export type ScheduleKind = "once" | "weekly" | "monthly";

/** A schedule as people say it; dates "yyyy-MM-dd" and times "HH:mm" are Asia/Tokyo wall clock. */
export interface Schedule {
  kind: ScheduleKind;
  /** Weeks between sessions (2 = 隔週); weekly only. */
  interval: number;
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  weekdays: number[];
  /** Monthly: 1–4 = 第1〜第4, -1 = 最終. */
  monthWeeks: number[];
  startDate: string;
  endDate: string | null;
  startTime: string;
  endTime: string;
  exceptionDates: string[];
}

const rruleWeekdays = [RRule.MO, RRule.TU, RRule.WE, RRule.TH, RRule.FR, RRule.SA, RRule.SU];

function weekdayOf(iso: number) {
  const day = rruleWeekdays[iso - 1];
  if (!day) throw new RangeError(`not an ISO weekday: ${iso}`);
  return day;
}

/**
 * rrule computes in "floating" UTC: a date is midnight UTC of that calendar day and results are
 * read back by their UTC fields, so neither the process TZ nor DST can shift a day.
 */
function floating(date: string): Date {
  const [y, m, d] = date.split("-").map(Number);
  return new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1));
}

function fromFloating(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The rule for a recurring schedule (also what the iCalendar RRULE would say). */
export function scheduleRule(schedule: Schedule) {
  if (schedule.kind === "once") return undefined;
  const byweekday =
    schedule.kind === "weekly"
      ? schedule.weekdays.map(weekdayOf)
      : schedule.weekdays.flatMap((day) => schedule.monthWeeks.map((n) => weekdayOf(day).nth(n)));
  return new RRule({
    freq: schedule.kind === "weekly" ? RRule.WEEKLY : RRule.MONTHLY,
    interval: schedule.kind === "weekly" ? schedule.interval : 1,
    wkst: RRule.MO,
    byweekday,
    dtstart: floating(schedule.startDate),
    until: schedule.endDate ? floating(schedule.endDate) : null,
  });
}

/** The dates ("yyyy-MM-dd") the schedule has between `from` and `to` inclusive, exceptions left out. */
export function scheduleDates(schedule: Schedule, from: string, to: string): string[] {
  const skip = new Set(schedule.exceptionDates);
  const rule = scheduleRule(schedule);
  const dates = rule
    ? rule.between(floating(from), floating(to), true).map(fromFloating)
    : schedule.startDate >= from && schedule.startDate <= to
      ? [schedule.startDate]
      : [];
  return dates.filter((date) => !skip.has(date));
}

/** The session's start and end instants for a date of the schedule. */
export function sessionTimes(schedule: Pick<Schedule, "startTime" | "endTime">, date: string): { startsAt: Date; endsAt: Date } {
  return { startsAt: tokyoInstant(date, schedule.startTime), endsAt: tokyoInstant(date, schedule.endTime) };
}

/** How far ahead occurrences are kept: at least MIN_AHEAD months, topped up to HORIZON months. */
export const MIN_AHEAD_MONTHS = 6;
export const HORIZON_MONTHS = 7;

export function horizonFrom(today: string): string {
  return addToDate(today, { months: HORIZON_MONTHS });
}

export function needsTopUp(materialisedThrough: string | null, today: string): boolean {
  return materialisedThrough === null || materialisedThrough < addToDate(today, { months: MIN_AHEAD_MONTHS });
}
