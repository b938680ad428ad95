// db:backup then db:restore gives back the same database: every table's row count and a sample
// of its rows (PostgreSQL with pg_dump/pg_restore, the embedded one with a PGlite tarball).
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, expect, test } from "vitest";
import { backupDatabase, restoreDatabase } from "~/commands/backup-lib";
import { loadDemoData } from "~/commands/demo";
import { migrateDatabase, openDatabase, type DatabaseHandle } from "~/lib/db.server";
import { createTestDatabase, testDbKind } from "../setup/database";
import { adminUrl, withDatabase } from "../setup/paths";

interface Snapshot {
  counts: Record<string, number>;
  samples: Record<string, string[]>;
}

/** Every table outside the catalogs (the migrations journal too), its row count and 5 rows. */
async function snapshot(handle: DatabaseHandle): Promise<Snapshot> {
  const query = async <T,>(text: string): Promise<T[]> =>
    handle.kind === "pglite" ? (await handle.client.query<T>(text)).rows : await handle.client.unsafe<T[]>(text);
  const tables = await query<{ name: string }>(
    "select quote_ident(schemaname) || '.' || quote_ident(tablename) as name from pg_tables where schemaname not in ('pg_catalog', 'information_schema') order by 1",
  );
  const counts: Record<string, number> = {};
  const samples: Record<string, string[]> = {};
  for (const { name } of tables) {
    const [row] = await query<{ count: number }>(`select count(*)::int as count from ${name}`);
    counts[name] = row?.count ?? -1;
    // Ordered by the row's own text, so the sample does not depend on physical order.
    const rows = await query<{ row: string }>(`select to_jsonb(t)::text as row from ${name} t order by 1 limit 5`);
    samples[name] = rows.map((r) => r.row);
  }
  return { counts, samples };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "machinaeki-backup-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

test(`a backup restores to the same tables, row counts and rows (${testDbKind()})`, async () => {
  const lines: string[] = [];
  const log = (line: string) => lines.push(line);

  if (testDbKind() === "pglite") {
    const dataDir = path.join(dir, "source");
    const source = await openDatabase({ dataDir });
    await migrateDatabase(source);
    await loadDemoData(source.db);
    const before = await snapshot(source);
    await source.close();

    const file = path.join(dir, "backup.tar.gz");
    await backupDatabase({ dataDir }, file, log);
    const restoredDir = path.join(dir, "restored");
    await restoreDatabase({ dataDir: restoredDir }, file, log);
    const restored = await openDatabase({ dataDir: restoredDir });
    try {
      expect(await snapshot(restored)).toEqual(before);
    } finally {
      await restored.close();
    }
    expect(before.counts["public.hubs"]).toBeGreaterThan(0);
  } else {
    const source = await createTestDatabase({ poolMax: 2 });
    const url = process.env.TEST_DATABASE_URL ?? "";
    const targetName = `${new URL(url).pathname.slice(1)}_restore_${randomBytes(4).toString("hex")}`;
    const admin = postgres(adminUrl(url), { max: 1, onnotice: () => {} });
    try {
      await loadDemoData(source.db);
      const before = await snapshot(source);
      if (source.kind !== "postgres") throw new Error("expected PostgreSQL");
      const [current] = await source.client<{ name: string }[]>`select current_database() as name`;
      const sourceUrl = withDatabase(url, current?.name ?? "");
      const file = path.join(dir, "backup.dump");
      await backupDatabase({ url: sourceUrl }, file, log);

      // Into an empty database, as after losing the server.
      await admin.unsafe(`create database "${targetName}"`);
      const targetUrl = withDatabase(url, targetName);
      await restoreDatabase({ url: targetUrl }, file, log);
      const restored = await openDatabase({ url: targetUrl, poolMax: 1 });
      try {
        expect(await snapshot(restored)).toEqual(before);
      } finally {
        await restored.close();
      }
      expect(before.counts["public.hubs"]).toBeGreaterThan(0);
      // Progress: one line per table dumped and restored.
      expect(lines.filter((line) => /^\[\d+\/\d+\] /.test(line)).length).toBeGreaterThanOrEqual(2 * Object.keys(before.counts).length);
    } finally {
      await source.drop();
      await admin.unsafe(`drop database if exists "${targetName}" with (force)`);
      await admin.end();
    }
  }
  expect(lines.some((line) => line.startsWith("Backup written"))).toBe(true);
  expect(lines.some((line) => line.startsWith("Restored in"))).toBe(true);
});
