import { mkdir } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { cube } from "@electric-sql/pglite/contrib/cube";
import { sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite, type PgliteDatabase } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import * as schema from "#db/schema";
import { databaseUnavailableResponse, describeDatabaseError } from "./db-errors.server";
import { createDatabaseGate, probeDatabase, type DatabaseGate } from "./db-health.server";
import { getEnv } from "./env.server";

/** The one database type every service takes: PGlite and postgres.js handles both fit it. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export type DatabaseHandle =
  | { kind: "pglite"; db: PgliteDatabase<typeof schema>; client: PGlite; close(): Promise<void> }
  | { kind: "postgres"; db: PostgresJsDatabase<typeof schema>; client: postgres.Sql; close(): Promise<void> };

export interface DatabaseConfig {
  /** A postgres:// URL; without it, PGlite. */
  url?: string;
  /** PGlite data folder, or "memory://". */
  dataDir?: string;
  /** PGlite: start from a dumped data folder (tests use one migrated template). */
  loadDataDir?: Blob | File;
  poolMax?: number;
  /** PostgreSQL: cancel a statement (or a wait for a lock) after this long; 0 = never. */
  statementTimeoutMs?: number;
}

const migrationsFolder = path.resolve(process.cwd(), "db/migrations");
// Any fixed number: every app process takes this lock so only one runs migrations at a time.
const MIGRATION_LOCK_ID = 720_451;

export async function openDatabase(config: DatabaseConfig): Promise<DatabaseHandle> {
  if (config.url) {
    const client = postgres(config.url, {
      max: config.poolMax ?? 10,
      idle_timeout: 20,
      // A connection is made in milliseconds on a working network; one that takes seconds means
      // the server is unreachable, and the request had better get its 503.
      connect_timeout: 2,
      // postgres.js waits before reconnecting, up to 20 s after repeated failures, and queued
      // queries wait with it even once PostgreSQL is back. The health gate keeps requests off the
      // pool while it is down (db-health.server.ts), so there is no storm to hold back: 1 s at most.
      backoff: (retries: number) => (0.5 + Math.random() / 2) * Math.min(3 ** retries / 100, 1),
      // A slow query or a lock must not hold a pooled connection for ever: it is cancelled and
      // the request answers 503 (app/lib/db-errors.server.ts), so the pool frees up.
      connection: config.statementTimeoutMs
        ? { statement_timeout: config.statementTimeoutMs, lock_timeout: config.statementTimeoutMs }
        : {},
      onnotice: () => {},
    });
    const db = drizzlePostgres(client, { schema, casing: "snake_case" });
    return { db, client, kind: "postgres", close: () => client.end({ timeout: 5 }) };
  }
  const dataDir = config.dataDir ?? "memory://";
  if (!dataDir.startsWith("memory://")) {
    // PGlite does not create parent folders.
    await mkdir(path.dirname(path.resolve(dataDir)), { recursive: true });
  }
  const client = await PGlite.create(dataDir, {
    extensions: { cube },
    loadDataDir: config.loadDataDir,
  });
  const db = drizzlePglite(client, { schema, casing: "snake_case" });
  return { db, client, kind: "pglite", close: () => client.close() };
}

/** Applies the committed migrations; safe to call from several processes at once. */
export async function migrateDatabase(handle: DatabaseHandle): Promise<void> {
  if (handle.kind === "pglite") {
    await migratePglite(handle.db, { migrationsFolder });
    return;
  }
  // A session-level advisory lock on one reserved connection serialises concurrent start-ups.
  const reserved = await handle.client.reserve();
  try {
    await reserved`select pg_advisory_lock(${MIGRATION_LOCK_ID})`;
    await migratePostgres(handle.db, { migrationsFolder });
  } finally {
    await reserved`select pg_advisory_unlock(${MIGRATION_LOCK_ID})`.catch(() => {});
    reserved.release();
  }
}

export function configFromEnv(): DatabaseConfig {
  const env = getEnv();
  return {
    url: env.DATABASE_URL,
    dataDir: env.PGLITE_DATA_DIR,
    poolMax: env.DATABASE_POOL_MAX,
    statementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
  };
}

let opening: Promise<DatabaseHandle> | undefined;
let gate: DatabaseGate | undefined;
/** Pools replaced after a failure, still finishing the requests that had them (see renewPool). */
const retiring = new Set<DatabaseHandle>();

/** The health gate of the app's PostgreSQL database; none for PGlite, which is in-process. */
function healthGate(): DatabaseGate | undefined {
  const { url } = configFromEnv();
  if (!url) return undefined;
  gate ??= createDatabaseGate({ probe: () => probeDatabase(url), onDown: renewPool });
  return gate;
}

/**
 * After a connection failure, later requests get a new postgres.js pool: the connections of the
 * old one were opened before the failure, and after a restart of PostgreSQL each of them would
 * fail its next query (57P01, or closed) and answer 503 although the database is back; the old
 * pool's reconnect pauses would delay them too. The new pool opens connections lazily, once the
 * gate lets requests through. The old one is ended once every request that holds it has had its
 * answer (the request deadline), or at shutdown.
 */
function renewPool(): void {
  const current = opening;
  if (!current) return;
  void current
    .then(async (handle) => {
      if (handle.kind !== "postgres" || opening !== current) return;
      const config = configFromEnv();
      const fresh = await openDatabase(config);
      if (opening !== current) {
        await fresh.close();
        return;
      }
      opening = Promise.resolve(fresh);
      retiring.add(handle);
      const retire = setTimeout(() => {
        retiring.delete(handle);
        void handle.close().catch(() => {});
      }, config.statementTimeoutMs || 15_000);
      retire.unref();
    })
    .catch((error: unknown) => console.error(`database: renewing the pool failed: ${describeDatabaseError(error)}`));
}

/**
 * Tells the health gate about a database error from a request (app/server.ts passes this to
 * mapDatabaseErrors); a connection failure makes the next requests answer 503 at once.
 */
export function reportDatabaseFailure(error: unknown): void {
  healthGate()?.reportFailure(error);
}

/** The app's database, opened and migrated on first use. A failed open is not cached. */
export function getDatabase(): Promise<DatabaseHandle> {
  if (!opening) {
    opening = (async () => {
      const handle = await openDatabase(configFromEnv());
      try {
        await migrateDatabase(handle);
      } catch (error) {
        await handle.close().catch(() => {});
        throw error;
      }
      return handle;
    })();
    opening.catch(() => {
      opening = undefined;
    });
  }
  return opening;
}

/**
 * Makes `handle` the app's database, so `getDb()` in loaders and actions returns it. For
 * route-level tests, which call loaders and actions against their own test database (ADR 005).
 */
export function provideDatabase(handle: DatabaseHandle): void {
  opening = Promise.resolve(handle);
}

/**
 * The database for a loader or action. While the health gate is down, or when the database
 * cannot be opened, the request gets a 503 at once (the error page says to try again shortly)
 * rather than waiting or a 500; once it answers again, so does the next request.
 */
export async function getDb(): Promise<Db> {
  if (healthGate()?.isDown) throw databaseUnavailableResponse();
  try {
    return (await getDatabase()).db;
  } catch (error) {
    console.error(`database unavailable: ${describeDatabaseError(error)}`);
    reportDatabaseFailure(error);
    throw databaseUnavailableResponse();
  }
}

export async function closeDatabase(): Promise<void> {
  gate?.stop();
  gate = undefined;
  const retired = [...retiring];
  retiring.clear();
  await Promise.all(retired.map((handle) => handle.close().catch(() => {})));
  if (!opening) return;
  const pending = opening;
  opening = undefined;
  const handle = await pending.catch(() => undefined);
  await handle?.close();
}

/** Answers whether the database responds within `timeoutMs` (at once "no" while the gate is down). */
export async function pingDatabase(timeoutMs = 2000): Promise<boolean> {
  if (healthGate()?.isDown) return false;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const ping = (async () => {
    const { db } = await getDatabase();
    await db.execute(sql`select 1`);
    return true;
  })().catch((error: unknown) => {
    reportDatabaseFailure(error);
    return false;
  });
  try {
    return await Promise.race([ping, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The plan PostgreSQL chooses for a built query (`query.toSQL()`), as text. */
export async function explain(handle: DatabaseHandle, query: { sql: string; params: unknown[] }, analyze = false): Promise<string> {
  const text = `explain ${analyze ? "(analyze, buffers) " : ""}${query.sql}`;
  if (handle.kind === "pglite") {
    const result = await handle.client.query<{ "QUERY PLAN": string }>(text, query.params);
    return result.rows.map((row) => row["QUERY PLAN"]).join("\n");
  }
  const rows = await handle.client.unsafe<{ "QUERY PLAN": string }[]>(text, query.params as never[]);
  return rows.map((row) => row["QUERY PLAN"]).join("\n");
}
