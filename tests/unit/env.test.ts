import { describe, expect, test } from "vitest";
import { parseEnv } from "~/lib/env.server";

describe("parseEnv", () => {
  test("everything has a default: the embedded database on port 3000", () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.PGLITE_DATA_DIR).toBe("./data/pglite");
  });
  test("an empty DATABASE_URL means the embedded database", () => {
    expect(parseEnv({ DATABASE_URL: "" }).DATABASE_URL).toBeUndefined();
  });
  test("accepts a postgres URL", () => {
    expect(parseEnv({ DATABASE_URL: "postgresql://u@db:5432/x" }).DATABASE_URL).toBe("postgresql://u@db:5432/x");
  });
  test("names every bad variable and what is wrong with it", () => {
    expect(() => parseEnv({ PORT: "eighty", DATABASE_URL: "mysql://x" })).toThrowError(
      /PORT: .*\n.*DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL/s,
    );
    expect(() => parseEnv({ PORT: "70000" })).toThrowError(/PORT/);
  });
});

describe("SUPPORT_DATA_KEY", () => {
  test("production without a key stops start-up, naming the variable", () => {
    expect(() => parseEnv({ NODE_ENV: "production" })).toThrowError(/SUPPORT_DATA_KEY: is required in production/);
  });
  test("a key must be base64 of exactly 32 bytes", () => {
    expect(() => parseEnv({ SUPPORT_DATA_KEY: Buffer.alloc(16).toString("base64") })).toThrowError(/SUPPORT_DATA_KEY: must be base64 of exactly 32 bytes/);
    expect(parseEnv({ NODE_ENV: "production", SUPPORT_DATA_KEY: Buffer.alloc(32, 7).toString("base64") }).SUPPORT_DATA_KEY).toBeDefined();
  });
  test("retention defaults to three years", () => {
    expect(parseEnv({}).SUPPORT_RETENTION_DAYS).toBe(1095);
  });
});

describe("COOKIE_SECURE", () => {
  test("the session cookie is Secure in production unless the demo turns it off", () => {
    const key = Buffer.alloc(32, 7).toString("base64");
    expect(parseEnv({ NODE_ENV: "production", SUPPORT_DATA_KEY: key }).COOKIE_SECURE).toBe(true);
    expect(parseEnv({ NODE_ENV: "production", SUPPORT_DATA_KEY: key, COOKIE_SECURE: "false" }).COOKIE_SECURE).toBe(false);
    expect(parseEnv({}).COOKIE_SECURE).toBe(false);
    expect(parseEnv({ COOKIE_SECURE: "true" }).COOKIE_SECURE).toBe(true);
  });
  test("anything but true or false stops start-up", () => {
    expect(() => parseEnv({ COOKIE_SECURE: "no" })).toThrowError(/COOKIE_SECURE: must be "true" or "false"/);
  });
});
