import { createHash } from "node:crypto";
import { eq, inArray, lt, sql } from "drizzle-orm";
import { loginThrottles } from "#db/schema";
import type { Db } from "~/lib/db.server";

/** 10 failed logins from one IP, or on one account, within 10 minutes: the 11th waits (429). */
export const MAX_FAILURES = 10;
export const WINDOW_MS = 10 * 60 * 1000;

/**
 * The counter keys for an attempt. The account key is a hash of the e-mail, so the table holds
 * no e-mail address (and the same key whether or not the account exists).
 */
export function throttleKeys(ip: string, email: string): string[] {
  const account = createHash("sha256").update(email.trim().toLowerCase()).digest("hex");
  return [`ip:${ip}`, `account:${account}`];
}

/** Seconds until the attempt may be made, or 0 when it may be made now. */
export async function secondsUntilAllowed(db: Db, keys: string[], now = new Date()): Promise<number> {
  const rows = await db.select().from(loginThrottles).where(inArray(loginThrottles.key, keys));
  let wait = 0;
  for (const row of rows) {
    const endsAt = row.windowStartedAt.getTime() + WINDOW_MS;
    if (row.failures >= MAX_FAILURES && endsAt > now.getTime()) {
      wait = Math.max(wait, Math.ceil((endsAt - now.getTime()) / 1000));
    }
  }
  return wait;
}

/**
 * Counts one failure on every key, atomically (one upsert per key, so concurrent processes
 * never lose a count). A failure after a window has ended starts a new one.
 */
export async function recordFailure(db: Db, keys: string[], now = new Date()): Promise<void> {
  const windowStart = new Date(now.getTime() - WINDOW_MS);
  for (const key of keys) {
    const current = sql`${loginThrottles.windowStartedAt} > ${windowStart.toISOString()}::timestamptz`;
    await db
      .insert(loginThrottles)
      .values({ key, windowStartedAt: now, failures: 1 })
      .onConflictDoUpdate({
        target: loginThrottles.key,
        set: {
          failures: sql`case when ${current} then ${loginThrottles.failures} + 1 else 1 end`,
          windowStartedAt: sql`case when ${current} then ${loginThrottles.windowStartedAt} else ${now.toISOString()}::timestamptz end`,
        },
      });
  }
}

/** A successful login clears its account's counter (not the IP's: one good account must not reset it). */
export async function clearFailures(db: Db, key: string): Promise<void> {
  await db.delete(loginThrottles).where(eq(loginThrottles.key, key));
}

/** Removes counters whose window ended; cheap housekeeping run on successful logins. */
export async function pruneExpiredCounters(db: Db, now = new Date()): Promise<void> {
  await db.delete(loginThrottles).where(lt(loginThrottles.windowStartedAt, new Date(now.getTime() - WINDOW_MS)));
}
