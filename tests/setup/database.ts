import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import postgres from "postgres";
import { afterAll, beforeAll } from "vitest";
import { openDatabase, provideDatabase, type DatabaseHandle, type Db } from "~/lib/db.server";
import { adminUrl, PGLITE_TEMPLATE, postgresTemplateName, withDatabase } from "./paths";

export type TestDbKind = "pglite" | "postgres";

export function testDbKind(): TestDbKind {
  return process.env.TEST_DB_KIND === "postgres" ? "postgres" : "pglite";
}

/** A fresh, migrated database for one test file: a copy of the run's template. */
export async function createTestDatabase(options: { poolMax?: number } = {}): Promise<DatabaseHandle & { drop(): Promise<void> }> {
  if (testDbKind() === "pglite") {
    const dump = await readFile(PGLITE_TEMPLATE);
    const handle = await openDatabase({ dataDir: "memory://", loadDataDir: new Blob([dump]) });
    return { ...handle, drop: () => handle.close() };
  }
  const url = process.env.TEST_DATABASE_URL ?? "";
  const name = `${postgresTemplateName(url).replace(/_template$/, "")}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(adminUrl(url), { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}" template "${postgresTemplateName(url)}"`);
  const handle = await openDatabase({ url: withDatabase(url, name), poolMax: options.poolMax ?? 5 });
  return {
    ...handle,
    drop: async () => {
      await handle.close();
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}

/**
 * Gives the test file its own database, opened before the tests and dropped after:
 * `const database = useTestDatabase();` then `database.db` inside tests. With
 * `{ asAppDatabase: true }` it is also what `getDb()` returns, so the file can call route
 * loaders and actions directly (docs/decisions/005).
 */
export function useTestDatabase(options: { poolMax?: number; asAppDatabase?: boolean } = {}) {
  let handle: (DatabaseHandle & { drop(): Promise<void> }) | undefined;
  beforeAll(async () => {
    handle = await createTestDatabase(options);
    if (options.asAppDatabase) provideDatabase(handle);
  });
  afterAll(async () => {
    await handle?.drop();
  });
  return {
    get db(): Db {
      if (!handle) throw new Error("the test database is not open yet (use it inside a test or hook)");
      return handle.db;
    },
    get handle(): DatabaseHandle {
      if (!handle) throw new Error("the test database is not open yet");
      return handle;
    },
  };
}
