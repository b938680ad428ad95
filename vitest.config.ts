import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = {
  "~": path.resolve(__dirname, "app"),
  "#db": path.resolve(__dirname, "db"),
};

// Database tests run on PGlite always, and on PostgreSQL too when TEST_DATABASE_URL is set.
const databases = ["pglite", ...(process.env.TEST_DATABASE_URL ? ["postgres"] : [])];

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        extends: true as const,
        test: { name: "unit", include: ["tests/unit/**/*.test.{ts,tsx}"], environment: "node" },
      },
      {
        // The built server in its own process, with its own database (needs `npm run build`).
        extends: true as const,
        test: { name: "server", include: ["tests/server/**/*.test.ts"], environment: "node", testTimeout: 60_000 },
      },
      ...databases.map((kind) => ({
        extends: true as const,
        test: {
          name: `integration-${kind}`,
          include: ["tests/integration/**/*.test.{ts,tsx}"],
          environment: "node",
          env: { TEST_DB_KIND: kind },
          globalSetup: ["tests/setup/global-database.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      })),
    ],
  },
});
