import { describe, expect, test } from "vitest";
import { isDatabaseUnavailable } from "~/lib/db-errors.server";

function withCode(code: string, cause?: unknown) {
  return Object.assign(new Error(code, { cause }), { code });
}

describe("isDatabaseUnavailable", () => {
  test.each(["ECONNREFUSED", "CONNECT_TIMEOUT", "CONNECTION_CLOSED", "57014", "55P03", "57P01", "57P03", "53300", "08006"])("%s is an outage", (code) => {
    expect(isDatabaseUnavailable(withCode(code))).toBe(true);
  });

  test("found inside drizzle's wrapper (cause)", () => {
    expect(isDatabaseUnavailable(new Error("Failed query", { cause: withCode("57P01") }))).toBe(true);
  });

  test.each(["23505", "23514", "42P01"])("%s (a real bug or a constraint) is not", (code) => {
    expect(isDatabaseUnavailable(withCode(code))).toBe(false);
    expect(isDatabaseUnavailable(new Error("plain"))).toBe(false);
    expect(isDatabaseUnavailable("not an error")).toBe(false);
  });
});
