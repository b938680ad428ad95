// Fail fast while PostgreSQL is down (docs/decisions/011). After a connection failure the gate
// is "down": getDb() answers 503 at once instead of queueing the request behind postgres.js's
// reconnect attempts, and one probe at a time checks, on a connection of its own, whether the
// server answers again. The first probe that does opens the gate. A refused connection fails in
// a millisecond, so probing often costs nothing and the 503s stop as soon as PostgreSQL answers.
import postgres from "postgres";
import { describeDatabaseError, isConnectionFailure } from "./db-errors.server";

export interface DatabaseGate {
  /** True from a connection failure until a probe succeeds. */
  readonly isDown: boolean;
  /** Shows the gate an error; a connection failure closes it and starts probing. */
  reportFailure(error: unknown): void;
  /** Stops probing (shutdown); the gate stays as it is. */
  stop(): void;
}

export interface GateOptions {
  /** Resolves when the database answers, rejects when it does not. */
  probe: () => Promise<void>;
  /** Pause between failed probes. */
  retryMs?: number;
  /**
   * Called when the gate closes. db.server.ts renews the pool here, so no connection opened
   * before the failure (one PostgreSQL has since ended: 57P01) serves a request after it.
   */
  onDown?: () => void;
  log?: Pick<Console, "log" | "error">;
}

export function createDatabaseGate({ probe, retryMs = 200, onDown, log = console }: GateOptions): DatabaseGate {
  let down = false;
  let downSince = 0;
  let probing = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  async function runProbe() {
    if (probing || stopped) return;
    probing = true;
    try {
      await probe();
      down = false;
      log.log(`database: answering again after ${Date.now() - downSince} ms`);
    } catch {
      if (!stopped) {
        timer = setTimeout(() => void runProbe(), retryMs);
        timer.unref();
      }
    } finally {
      probing = false;
    }
  }

  return {
    get isDown() {
      return down;
    },
    reportFailure(error) {
      if (down || stopped || !isConnectionFailure(error)) return;
      down = true;
      downSince = Date.now();
      log.error(`database: connection failed (${describeDatabaseError(error)}); answering 503 at once until it answers again, checking every ${retryMs} ms`);
      try {
        onDown?.();
      } catch (renewError) {
        log.error("database: renewing the pool failed:", renewError);
      }
      // At once: after a one-off failure (one killed connection) the gate opens again in milliseconds.
      void runProbe();
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

/**
 * `select 1` on a new connection of its own, within `timeoutMs`. Not through the pool: its
 * queued queries and reconnect pauses would delay the answer, and a request needs exactly this,
 * a connection that works.
 */
export async function probeDatabase(url: string, timeoutMs = 2000): Promise<void> {
  const client = postgres(url, { max: 1, connect_timeout: timeoutMs / 1000, fetch_types: false, onnotice: () => {} });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client`select 1`,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: "CONNECT_TIMEOUT" })), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
    await client.end({ timeout: 0 });
  }
}
