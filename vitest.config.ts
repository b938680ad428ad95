import os from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";
import { CONDITION_MS, HANG_MS } from "./tests/support/deadlines";

const alias = {
  "~": path.resolve(__dirname, "app"),
  "#db": path.resolve(__dirname, "db"),
};

// Database tests run on PGlite always, and on PostgreSQL too when TEST_DATABASE_URL is set.
const databases = ["pglite", ...(process.env.TEST_DATABASE_URL ? ["postgres"] : [])];

export default defineConfig({
  resolve: { alias },
  test: {
    // At least two files at a time. Vitest's default (one fewer than the cores) runs one at a time
    // on CI's two cores, where a file spends much of its time waiting (a database, a spawned
    // server, LibreOffice) and loading modules: measured, CI's two cores were half idle.
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
    // expect.poll waits for its condition up to this (vitest's default, 1 s, fails a busy machine).
    expect: { poll: { timeout: CONDITION_MS } },
    projects: [
      {
        extends: true as const,
        test: { name: "unit", include: ["tests/unit/**/*.test.{ts,tsx}"], environment: "node", testTimeout: HANG_MS, hookTimeout: HANG_MS },
      },
      {
        // The built server in its own process, with its own database (needs `npm run build`).
        extends: true as const,
        test: { name: "server", include: ["tests/server/**/*.test.ts"], environment: "node", testTimeout: HANG_MS, hookTimeout: HANG_MS },
      },
      ...databases.map((kind) => ({
        extends: true as const,
        test: {
          name: `integration-${kind}`,
          include: ["tests/integration/**/*.test.{ts,tsx}"],
          environment: "node",
          env: { TEST_DB_KIND: kind },
          globalSetup: ["tests/setup/global-database.ts"],
          // Only a hang fails on time: a loaded machine may take several times the usual.
          testTimeout: HANG_MS,
          hookTimeout: HANG_MS,
        },
      })),
    ],
  },
});
