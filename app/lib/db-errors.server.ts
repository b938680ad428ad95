import { json } from "@remix-run/node";

// postgres.js connection errors, and PostgreSQL's "cannot serve you now" SQLSTATEs:
// 08xxx connection exceptions, 53300 too many connections, 57014 statement timeout
// (DATABASE_STATEMENT_TIMEOUT_MS), 55P03 lock timeout, 57P01–57P03 shutting down / starting up.
const CONNECTION_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "CONNECT_TIMEOUT", "CONNECTION_CLOSED", "CONNECTION_ENDED", "CONNECTION_DESTROYED"]);
const SQLSTATES = new Set(["53300", "57014", "55P03", "57P01", "57P02", "57P03"]);

/** Whether `error` (or what it wraps: drizzle wraps driver errors in `cause`) means "the database cannot answer now". */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 4) return false;
  const code = "code" in error && typeof error.code === "string" ? error.code : undefined;
  if (code && (CONNECTION_CODES.has(code) || SQLSTATES.has(code) || code.startsWith("08"))) return true;
  return isDatabaseUnavailable(error.cause, depth + 1);
}

/** The response every route gives when the database is unavailable: the Japanese 503 page. */
export function databaseUnavailableResponse() {
  return json({ message: "database unavailable" }, { status: 503, headers: { "Retry-After": "10" } });
}

type Handler = (args: never) => unknown;

/**
 * Wraps every route's loader and action so a database outage answers 503 (and its error page
 * says so in Japanese) instead of a 500. Used once, on the server build in app/server.ts.
 */
export function mapDatabaseErrors<R extends { module: { loader?: Handler; action?: Handler } }>(routes: Record<string, R>): Record<string, R> {
  const wrap = <H extends Handler>(handler: H | undefined): H | undefined => {
    if (!handler) return undefined;
    const wrapped = async (args: never) => {
      try {
        return await handler(args);
      } catch (error) {
        if (isDatabaseUnavailable(error)) {
          console.error("database unavailable:", error instanceof Error ? error.message : error);
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
      { ...route, module: { ...route.module, loader: wrap(route.module.loader), action: wrap(route.module.action) } },
    ]),
  );
}
