// Prints dates and instants computed by the app's date code, for the time-zone test to compare
// across processes started with different TZ values.
import { formatSession, monthBounds, rangeBounds, tokyoDate } from "~/lib/dates";
import { buildMonthGrid } from "~/lib/month-grid";
import { scheduleDates, sessionTimes, type Schedule } from "~/lib/recurrence";

const schedule: Schedule = {
  kind: "monthly",
  interval: 1,
  weekdays: [6],
  monthWeeks: [2],
  startDate: "2026-01-01",
  endDate: null,
  startTime: "10:00",
  endTime: "14:30",
  exceptionDates: [],
};
const dates = scheduleDates(schedule, "2026-03-01", "2026-12-31");
const sessions = dates.map((date) => sessionTimes(schedule, date));
const now = new Date("2026-11-25T23:30:00Z");
console.log(
  JSON.stringify({
    tz: process.env.TZ,
    dates,
    instants: sessions.map((s) => s.startsAt.toISOString()),
    formatted: sessions.map((s) => formatSession(s.startsAt, s.endsAt)),
    today: tokyoDate(now),
    week: rangeBounds("week", now),
    month: monthBounds("2026-12"),
    grid: buildMonthGrid("2026-03", [{ id: 1, startsAt: new Date("2026-03-14T15:30:00Z"), title: "x", status: "scheduled" }])
      .flat()
      .filter((d) => d && d.sessions.length > 0)
      .map((d) => d?.date),
  }),
);
