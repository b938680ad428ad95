import { describe, expect, test } from "vitest";
import { describeDatabaseError, isConnectionFailure, isDatabaseUnavailable } from "~/lib/db-errors.server";

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

describe("isConnectionFailure (what closes the health gate)", () => {
  test.each(["ECONNREFUSED", "ECONNRESET", "EHOSTUNREACH", "ENOTFOUND", "CONNECT_TIMEOUT", "CONNECTION_CLOSED", "57P01", "57P03", "08006"])("%s is", (code) => {
    expect(isConnectionFailure(withCode(code))).toBe(true);
    expect(isConnectionFailure(new Error("Failed query", { cause: withCode(code) }))).toBe(true);
  });

  test.each(["57014", "55P03", "53300", "CONNECTION_ENDED", "CONNECTION_DESTROYED", "23505"])("%s (busy, our own shutdown, a constraint) is not", (code) => {
    expect(isConnectionFailure(withCode(code))).toBe(false);
  });
});

describe("describeDatabaseError (for the log)", () => {
  test("gives the driver's code and message, never drizzle's query and parameters", () => {
    const wrapped = new Error('Failed query: select 1 from users where email = $1\nparams: someone@example.jp', { cause: withCode("57P01") });
    expect(describeDatabaseError(wrapped)).toBe("57P01 57P01");
    expect(describeDatabaseError(new Error("first line\nparams: secret"))).toBe("first line");
  });
});
