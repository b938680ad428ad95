// Backups of the PostgreSQL database (pg_dump custom format) and of the embedded one (a PGlite
// data-folder tarball). Used by backup.ts, restore.ts and the round-trip test.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { cube } from "@electric-sql/pglite/contrib/cube";

export type Log = (line: string) => void;

export type BackupTarget = { url: string } | { dataDir: string };

/** `backups/machinaeki-2026-11-22T17-30-00Z.dump` (PostgreSQL) or `….tar.gz` (embedded). */
export function defaultBackupFile(target: BackupTarget, now = new Date()): string {
  const stamp = now.toISOString().replace(/\.\d+Z$/, "Z").replace(/:/g, "-");
  return path.join("backups", `machinaeki-${stamp}${"url" in target ? ".dump" : ".tar.gz"}`);
}

function formatBytes(bytes: number): string {
  return bytes > 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${(bytes / 1024).toFixed(1)} kB`;
}

/**
 * Runs a pg_dump/pg_restore with `--verbose` and turns its per-table lines into
 * `[3/41] public.hubs` progress; `total` is how many table-data steps to expect.
 */
function runWithProgress(command: string, args: string[], total: number, pattern: RegExp, log: Log): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "inherit", "pipe"] });
    let done = 0;
    let pending = "";
    let errors = "";
    child.stderr.on("data", (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) {
        const match = pattern.exec(line);
        if (match) log(`[${++done}/${total}] ${match[1]}`);
        else if (/error|fatal|warning/i.test(line)) errors += `${line}\n`;
      }
    });
    child.on("error", (error) => reject(new Error(`${command} could not start (is the PostgreSQL client installed?): ${error.message}`)));
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${command} exited with ${code}:\n${errors}`))));
  });
}

function runForOutput(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.stderr.on("data", (chunk) => (err += chunk));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} exited with ${code}: ${err}`))));
  });
}

/** Writes a backup of `target` to `file`. The embedded database must not be open elsewhere. */
export async function backupDatabase(target: BackupTarget, file: string, log: Log = console.log): Promise<void> {
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  const started = Date.now();
  if ("url" in target) {
    const tableCount = await runForOutput("psql", [target.url, "-XAtc", "select count(*) from pg_tables where schemaname not in ('pg_catalog','information_schema')"]);
    log(`pg_dump (custom format) → ${file}`);
    await runWithProgress(
      "pg_dump",
      ["--format=custom", "--verbose", "--no-owner", "--no-privileges", `--file=${file}`, `--dbname=${target.url}`],
      Number(tableCount.trim()),
      /dumping contents of table "(.+)"/,
      log,
    );
  } else {
    if (!existsSync(target.dataDir)) throw new Error(`No embedded database at ${target.dataDir}`);
    log(`Opening the embedded database at ${target.dataDir}…`);
    const client = await PGlite.create(target.dataDir, { extensions: { cube } });
    try {
      log("Dumping its data folder (gzip)…");
      const dump = await client.dumpDataDir("gzip");
      await writeFile(file, Buffer.from(await dump.arrayBuffer()));
    } finally {
      await client.close();
    }
  }
  const { size } = await stat(file);
  log(`Backup written: ${file} (${formatBytes(size)}, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

/**
 * Restores `file` into `target`. PostgreSQL: `pg_restore --clean` in one transaction, so a failed
 * restore leaves the database as it was. Embedded: an existing data folder is moved aside first
 * (`<dir>.before-restore-<time>`), never deleted.
 */
export async function restoreDatabase(target: BackupTarget, file: string, log: Log = console.log): Promise<void> {
  if (!existsSync(file)) throw new Error(`No backup file at ${file}`);
  const started = Date.now();
  if ("url" in target) {
    const listing = await runForOutput("pg_restore", ["--list", file]);
    const total = listing.split("\n").filter((line) => / TABLE DATA /.test(line)).length;
    log(`pg_restore ${file} → the database (one transaction)`);
    await runWithProgress(
      "pg_restore",
      ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error", "--verbose", `--dbname=${target.url}`, file],
      total,
      /processing data for table "(.+)"/,
      log,
    );
  } else {
    if (existsSync(target.dataDir)) {
      const aside = `${target.dataDir.replace(/\/+$/, "")}.before-restore-${Date.now()}`;
      await rename(target.dataDir, aside);
      log(`The current embedded database was moved aside to ${aside}`);
    }
    await mkdir(path.dirname(path.resolve(target.dataDir)), { recursive: true });
    log(`Loading ${file} into ${target.dataDir}…`);
    const client = await PGlite.create(target.dataDir, { extensions: { cube }, loadDataDir: new Blob([await readFile(file)]) });
    await client.close();
  }
  log(`Restored in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** Reads `--out file` / a positional file and the target from the environment. */
export function targetFromEnv(env: Record<string, string | undefined> = process.env): BackupTarget {
  return env.DATABASE_URL ? { url: env.DATABASE_URL } : { dataDir: env.PGLITE_DATA_DIR ?? "./data/pglite" };
}
