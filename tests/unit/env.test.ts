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
