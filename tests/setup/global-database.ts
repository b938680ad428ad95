// Prepares one migrated template database per run; each test file then starts from a copy
// (PGlite: loadDataDir from a dump, PostgreSQL: CREATE DATABASE … TEMPLATE), which is fast.
import { mkdir, writeFile } from "node:fs/promises";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { migrateDatabase, openDatabase } from "~/lib/db.server";
import { adminUrl, PGLITE_TEMPLATE, postgresTemplateName, TMP_DIR, withDatabase } from "./paths";

export default async function setup(project: TestProject) {
  const kind = project.config.env.TEST_DB_KIND;
  if (kind === "pglite") {
    await mkdir(TMP_DIR, { recursive: true });
    const handle = await openDatabase({ dataDir: "memory://" });
    await migrateDatabase(handle);
    if (handle.kind !== "pglite") throw new Error("expected PGlite");
    const dump = await handle.client.dumpDataDir("gzip");
    await writeFile(PGLITE_TEMPLATE, Buffer.from(await dump.arrayBuffer()));
    await handle.close();
    return;
  }
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error("TEST_DATABASE_URL is required for the PostgreSQL tests");
  const template = postgresTemplateName(url);
  const admin = postgres(adminUrl(url), { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists "${template}" with (force)`);
    await admin.unsafe(`create database "${template}"`);
  } finally {
    await admin.end();
  }
  const handle = await openDatabase({ url: withDatabase(url, template), poolMax: 2 });
  await migrateDatabase(handle);
  await handle.close();
}
