import { describe, expect, it } from "vitest";
import { formatSession, rangeBounds, tokyoDate, tokyoInstant } from "~/lib/dates";
import { getServerTranslate } from "~/lib/i18n/all-messages.server";
import { buildMonthGrid } from "~/lib/month-grid";
import { needsTopUp, scheduleDates, sessionTimes, type Schedule } from "~/lib/recurrence";
import { describeSchedule } from "~/lib/schedule-words";

const base: Schedule = {
  kind: "weekly",
  interval: 1,
  weekdays: [3],
  monthWeeks: [],
  startDate: "2026-11-01",
  endDate: null,
  startTime: "10:00",
  endTime: "11:00",
  exceptionDates: [],
};

describe("scheduleDates", () => {
  it("gives every Wednesday (毎週水曜) and skips exception dates", () => {
    expect(scheduleDates({ ...base, exceptionDates: ["2026-12-30"] }, "2026-12-01", "2027-01-10")).toEqual([
      "2026-12-02",
      "2026-12-09",
      "2026-12-16",
      "2026-12-23",
      "2027-01-06",
    ]);
  });

  it("gives several weekdays, every other week (隔週火・金曜), counted from the start week", () => {
    const dates = scheduleDates({ ...base, interval: 2, weekdays: [2, 5], startDate: "2026-11-03" }, "2026-11-01", "2026-11-30");
    expect(dates).toEqual(["2026-11-03", "2026-11-06", "2026-11-17", "2026-11-20"]);
  });

  it("gives the 2nd Saturday of each month (毎月第2土曜) and the last Monday (最終月曜)", () => {
    expect(scheduleDates({ ...base, kind: "monthly", weekdays: [6], monthWeeks: [2] }, "2026-11-01", "2027-02-28")).toEqual([
      "2026-11-14",
      "2026-12-12",
      "2027-01-09",
      "2027-02-13",
    ]);
    expect(scheduleDates({ ...base, kind: "monthly", weekdays: [1], monthWeeks: [-1] }, "2026-11-01", "2027-01-31")).toEqual([
      "2026-11-30",
      "2026-12-28",
      "2027-01-25",
    ]);
  });

  it("gives the 1st and 3rd Thursday (第1・第3木曜)", () => {
    expect(scheduleDates({ ...base, kind: "monthly", weekdays: [4], monthWeeks: [1, 3] }, "2026-12-01", "2026-12-31")).toEqual([
      "2026-12-03",
      "2026-12-17",
    ]);
  });

  it("stops at the end date and starts at the start date", () => {
    expect(scheduleDates({ ...base, startDate: "2026-12-09", endDate: "2026-12-23" }, "2026-12-01", "2027-01-31")).toEqual([
      "2026-12-09",
      "2026-12-16",
      "2026-12-23",
    ]);
  });

  it("gives a one-off only inside the window", () => {
    const once: Schedule = { ...base, kind: "once", weekdays: [], startDate: "2026-12-20" };
    expect(scheduleDates(once, "2026-12-01", "2026-12-31")).toEqual(["2026-12-20"]);
    expect(scheduleDates(once, "2027-01-01", "2027-01-31")).toEqual([]);
  });
});

describe("Asia/Tokyo times", () => {
  it("puts 10:00 in Tokyo at 01:00 UTC, and a 00:30 session on the right Tokyo day", () => {
    expect(sessionTimes(base, "2026-12-03").startsAt.toISOString()).toBe("2026-12-03T01:00:00.000Z");
    expect(tokyoInstant("2026-12-03", "00:30").toISOString()).toBe("2026-12-02T15:30:00.000Z");
    expect(tokyoDate(new Date("2026-12-02T15:30:00Z"))).toBe("2026-12-03");
  });

  it("formats a session the way Japanese readers expect", () => {
    const { startsAt } = sessionTimes(base, "2026-12-03");
    const endsAt = tokyoInstant("2026-12-03", "11:30");
    expect(formatSession(startsAt, endsAt, "ja")).toBe("12月3日(木) 10:00〜11:30");
    expect(formatSession(startsAt, endsAt, "en")).toBe("Thu, 3 Dec 10:00–11:30");
  });

  it("takes 今週 as today to Sunday night and 今日 as today, in Tokyo", () => {
    // 2026-11-25 (Wed) 23:30 UTC is Thursday 08:30 in Tokyo.
    const now = new Date("2026-11-25T23:30:00Z");
    expect(rangeBounds("today", now)).toEqual({ from: new Date("2026-11-25T15:00:00Z"), to: new Date("2026-11-26T15:00:00Z") });
    expect(rangeBounds("week", now).to).toEqual(new Date("2026-11-29T15:00:00Z"));
    expect(rangeBounds("month", now).to).toEqual(new Date("2026-11-30T15:00:00Z"));
  });

  it("tops up when fewer than six months are materialised", () => {
    expect(needsTopUp(null, "2026-11-22")).toBe(true);
    expect(needsTopUp("2027-05-21", "2026-11-22")).toBe(true);
    expect(needsTopUp("2027-06-22", "2026-11-22")).toBe(false);
  });
});

describe("describeSchedule", () => {
  const ja = getServerTranslate("ja");
  const en = getServerTranslate("en");
  it("says schedules the way people say them", () => {
    expect(describeSchedule({ ...base, kind: "monthly", weekdays: [6], monthWeeks: [2], endTime: "14:30" }, ja, "ja")).toBe(
      "毎月第2土曜 10:00〜14:30",
    );
    expect(describeSchedule({ ...base, weekdays: [5, 1, 3] }, ja, "ja")).toBe("毎週月・水・金曜 10:00〜11:00");
    expect(describeSchedule({ ...base, interval: 2, weekdays: [5] }, ja, "ja")).toBe("隔週金曜 10:00〜11:00");
    expect(describeSchedule({ ...base, kind: "monthly", weekdays: [4], monthWeeks: [-1, 1] }, ja, "ja")).toBe("毎月第1・最終木曜 10:00〜11:00");
    expect(describeSchedule({ ...base, kind: "once", weekdays: [], startDate: "2026-12-20" }, ja, "ja")).toBe("2026年12月20日(日) 10:00〜11:00");
    expect(describeSchedule({ ...base, kind: "monthly", weekdays: [6], monthWeeks: [2, 4] }, en, "en")).toBe(
      "The 2nd and 4th Saturday of every month 10:00–11:00",
    );
  });
});

describe("buildMonthGrid", () => {
  it("lays December 2026 out from Sunday, with sessions on their Tokyo date", () => {
    const weeks = buildMonthGrid("2026-12", [
      { id: 1, startsAt: "2026-12-02T15:30:00.000Z", title: "夜明けの体操", status: "scheduled" },
      { id: 2, startsAt: "2026-12-12T01:00:00.000Z", title: "カフェ", status: "cancelled" },
    ]);
    expect(weeks).toHaveLength(5);
    // 1 December 2026 is a Tuesday: Sunday and Monday are outside the month.
    expect(weeks[0]?.slice(0, 3).map((d) => d?.day ?? null)).toEqual([null, null, 1]);
    expect(weeks[0]?.[4]?.sessions).toEqual([{ id: 1, time: "00:30", title: "夜明けの体操", cancelled: false }]);
    expect(weeks[1]?.[6]?.sessions[0]).toMatchObject({ title: "カフェ", cancelled: true });
  });
});
