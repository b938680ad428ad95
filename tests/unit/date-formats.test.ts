// One format per kind of place, from app/lib/dates.ts (issue 12): a session, a recorded day, a
// moment something was done. Pages, notices and mails all take their dates from that module.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { formatCalendarDate, formatSession, formatSessionStart, formatTimestamp } from "~/lib/dates";
import { formatSessionTime } from "~/lib/notification-text";

// 2026-12-12 09:00 and 10:30 in Tokyo (a Saturday).
const start = new Date("2026-12-12T00:00:00Z");
const end = new Date("2026-12-12T01:30:00Z");

describe("date formats", () => {
  test("a session: no year, half-width parentheses, HH:mm, 〜", () => {
    expect(formatSession(start, end)).toBe("12月12日(土) 09:00〜10:30");
    expect(formatSessionStart(start)).toBe("12月12日(土) 09:00");
    expect(formatSession(start, end, "en")).toBe("Sat, 12 Dec 09:00–10:30");
    // Notices and mails say it the same way as the pages.
    expect(formatSessionTime("ja", start, end)).toBe(formatSession(start, end));
    expect(formatSessionTime("ja", start)).toBe(formatSessionStart(start));
  });

  test("a recorded day: with its year, from a calendar date", () => {
    expect(formatCalendarDate("2026-12-02")).toBe("2026年12月2日(水)");
    expect(formatCalendarDate("2026-12-02", "en")).toBe("Wed, 2 Dec 2026");
    expect(formatCalendarDate("not a date")).toBe("not a date");
  });

  test("a moment: with its year and time (seconds when asked), in Tokyo whatever the server's zone", () => {
    expect(formatTimestamp("2026-11-30T15:05:09Z")).toBe("2026年12月1日(火) 00:05");
    expect(formatTimestamp("2026-11-30T15:05:09Z", "ja", { seconds: true })).toBe("2026年12月1日(火) 00:05:09");
  });
});

test("no page, component or notice formats a date by itself (Intl, toLocale…String): they use app/lib/dates.ts", () => {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.tsx?$/.test(name)) files.push(full);
    }
  };
  walk(path.resolve(__dirname, "../../app"));
  const offenders = files
    .filter((file) => !file.endsWith(path.join("lib", "dates.ts")))
    .filter((file) => /Intl\.DateTimeFormat|toLocale(Date|Time)String\(/.test(readFileSync(file, "utf8")))
    .map((file) => path.relative(process.cwd(), file));
  expect(offenders).toEqual([]);
});
