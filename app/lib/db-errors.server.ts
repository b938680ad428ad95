import { json } from "@remix-run/node";

// postgres.js and Node's codes for "cannot reach the server or lost it", and PostgreSQL's
// connection SQLSTATEs: 08xxx connection exceptions, 57P01–57P03 shutting down / starting up.
// These mean the database itself is down: the health gate (db-health.server.ts) trips on them.
const CONNECTION_CODES = new Set([
  "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN",
  "CONNECT_TIMEOUT", "CONNECTION_CLOSED",
]);
const CONNECTION_SQLSTATES = new Set(["57P01", "57P02", "57P03"]);
// The database is up but cannot serve this request now: 53300 too many connections, 57014
// statement timeout (DATABASE_STATEMENT_TIMEOUT_MS), 55P03 lock timeout; or our own pool was
// closed (shutdown). Still 503, but no reason to think the next request will fail too.
const BUSY_CODES = new Set(["53300", "57014", "55P03", "CONNECTION_ENDED", "CONNECTION_DESTROYED"]);

/** The first error code in `error` or what it wraps (drizzle wraps driver errors in `cause`) that `matches`. */
function findCode(error: unknown, matches: (code: string) => boolean, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 4) return false;
  const code = "code" in error && typeof error.code === "string" ? error.code : undefined;
  if (code && matches(code)) return true;
  return findCode(error.cause, matches, depth + 1);
}

const isConnectionCode = (code: string) => CONNECTION_CODES.has(code) || CONNECTION_SQLSTATES.has(code) || code.startsWith("08");

/** Whether `error` means the database server cannot be reached (or just went away). */
export function isConnectionFailure(error: unknown): boolean {
  return findCode(error, isConnectionCode);
}

/** Whether `error` means "the database cannot answer now": an outage, or a busy or stuck database. */
export function isDatabaseUnavailable(error: unknown): boolean {
  return findCode(error, (code) => isConnectionCode(code) || BUSY_CODES.has(code));
}

/**
 * "CODE message" of the driver's error inside `error`, for the log. Not drizzle's own message:
 * it carries the query and its parameters, which can be an e-mail address or a user id.
 */
export function describeDatabaseError(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 5; depth++) {
    if ("code" in current && typeof current.code === "string") return `${current.code} ${current.message}`;
    current = current.cause;
  }
  return error instanceof Error ? error.message.split("\n")[0] ?? "" : String(error);
}

/** The response every route gives when the database is unavailable: the Japanese 503 page. */
export function databaseUnavailableResponse() {
  return json({ message: "database unavailable" }, { status: 503, headers: { "Retry-After": "10" } });
}

type Handler = (args: never) => unknown;

export interface DatabaseErrorOptions {
  /** Told about every database error that became a 503 (the health gate listens here). */
  onUnavailable?: (error: unknown) => void;
  /**
   * A loader or action still running after this long answers 503. postgres.js has no timeout
   * for a query waiting for a pooled connection; this bounds that wait. Undefined: no deadline.
   */
  deadlineMs?: number;
}

class DeadlinePassed extends Error {}

/**
 * Runs `work`, or rejects with DeadlinePassed after `ms`. The work is not stopped (nothing can
 * cancel it from here): a write may still commit, which the log then says.
 */
async function withDeadline<T>(work: Promise<T>, ms: number | undefined, label: string): Promise<T> {
  if (!ms) return work;
  let timer: NodeJS.Timeout | undefined;
  let passed = false;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      passed = true;
      reject(new DeadlinePassed(`no answer within ${ms} ms`));
    }, ms);
  });
  work.then(
    () => passed && console.error(`${label} finished after its ${ms} ms deadline (it was answered 503)`),
    () => {},
  );
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Wraps every route's loader and action so a database outage answers 503 (and its error page
 * says so in Japanese) instead of a 500, and so does a request that waits for the database past
 * the deadline. Used once, on the server build in app/server.ts.
 */
export function mapDatabaseErrors<R extends { module: { loader?: Handler; action?: Handler } }>(
  routes: Record<string, R>,
  { onUnavailable, deadlineMs }: DatabaseErrorOptions = {},
): Record<string, R> {
  const wrap = <H extends Handler>(handler: H | undefined, label: string): H | undefined => {
    if (!handler) return undefined;
    const wrapped = async (args: never) => {
      try {
        return await withDeadline(Promise.resolve(handler(args)), deadlineMs, label);
      } catch (error) {
        if (error instanceof DeadlinePassed) {
          console.error(`database unavailable: ${label}: ${error.message}`);
          throw databaseUnavailableResponse();
        }
        if (isDatabaseUnavailable(error)) {
          console.error(`database unavailable: ${label}: ${describeDatabaseError(error)}`);
          onUnavailable?.(error);
          throw databaseUnavailableResponse();
        }
        throw error;
      }
    };
    return wrapped as unknown as H;
  };
  return Object.fromEntries(
    Object.entries(routes).map(([id, route]) => [
      id,
      {
        ...route,
        module: { ...route.module, loader: wrap(route.module.loader, `loader ${id}`), action: wrap(route.module.action, `action ${id}`) },
      },
    ]),
  );
}
