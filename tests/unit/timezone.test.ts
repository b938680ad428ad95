import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const script = path.resolve("tests/support/print-schedule.ts");
const tsx = path.resolve("node_modules/.bin/tsx");

/** Runs the app's date code in a separate process whose TZ is `tz`. */
async function datesUnder(tz: string) {
  const { stdout } = await run(tsx, [script], { env: { ...process.env, TZ: tz }, cwd: path.resolve(".") });
  const { tz: seen, ...rest } = JSON.parse(stdout.trim().split("\n").pop() ?? "{}");
  expect(seen).toBe(tz);
  return rest;
}

describe("dates do not depend on the server's TZ", () => {
  it("gives the same schedule dates, instants and formatting in New York, Kiritimati, UTC and Tokyo", async () => {
    const [newYork, kiritimati, utc, tokyo] = await Promise.all(
      ["America/New_York", "Pacific/Kiritimati", "UTC", "Asia/Tokyo"].map(datesUnder),
    );
    expect(newYork).toEqual(tokyo);
    expect(kiritimati).toEqual(tokyo);
    expect(utc).toEqual(tokyo);
    // And they are the right ones: 第2土曜 10:00 in Tokyo is 01:00 UTC, across New York's DST change.
    expect(tokyo.dates.slice(0, 2)).toEqual(["2026-03-14", "2026-04-11"]);
    expect(tokyo.instants.slice(0, 2)).toEqual(["2026-03-14T01:00:00.000Z", "2026-04-11T01:00:00.000Z"]);
    expect(tokyo.formatted[0]).toBe("3月14日(土) 10:00〜14:30");
    expect(tokyo.today).toBe("2026-11-26");
    expect(tokyo.grid).toEqual(["2026-03-15"]);
  });
});
