// Production server entry, bundled with the app by `remix build` (remix.config.js → build/index.js).
import path from "node:path";
import * as build from "@remix-run/dev/server-build";
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express, { type NextFunction, type Request, type Response } from "express";
import { closeDatabase, type Db, getDatabase, getDb, reportDatabaseFailure } from "~/lib/db.server";
import { describeDatabaseError, isConnectionFailure, mapDatabaseErrors } from "~/lib/db-errors.server";
import { contentSecurityPolicy, createNonce } from "~/lib/csp.server";
import { getEnv } from "~/lib/env.server";
import { applyRetention } from "~/services/support-privacy.server";
import { createSmtpTransport } from "~/lib/mail.server";
import { startOutboxSender } from "~/services/outbox.server";
import { enqueueDueReminders } from "~/services/signups.server";
import { enqueueApplicationReminders, purgeExpiredApplicants } from "~/services/applications.server";

const env = getEnv();
if (env.NODE_ENV === "production" && !env.COOKIE_SECURE) {
  console.warn("COOKIE_SECURE=false: the session cookie is sent over plain http. For the demo on a trusted network only.");
}
const app = express();
app.disable("x-powered-by");
if (env.TRUST_PROXY > 0) app.set("trust proxy", env.TRUST_PROXY);

/** One line per request. The query string is left out: it can carry a resident's location. */
function logRequests(req: Request, res: Response, next: NextFunction) {
  const started = process.hrtime.bigint();
  res.on("finish", () => {
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    console.log(`${new Date().toISOString()} ${req.method} ${req.path} ${res.statusCode} ${ms.toFixed(1)}ms`);
  });
  next();
}

/** Set on every response below; a route may set its own value (the personal calendar's no-referrer). */
const SECURITY_HEADERS = new Set(["content-security-policy", "x-content-type-options", "referrer-policy", "x-frame-options", "permissions-policy", "strict-transport-security"]);

function securityHeaders(req: Request, res: Response, next: NextFunction) {
  // @remix-run/express copies a route's headers with res.append, which would send a second
  // header beside ours (browsers then apply both, or the first). A route's value replaces ours.
  const append = res.append.bind(res);
  res.append = (field: string, value?: string | string[]) => {
    if (SECURITY_HEADERS.has(field.toLowerCase())) return res.set(field, value);
    return append(field, value);
  };
  // A fresh nonce per response; entry.server puts it on the scripts Remix renders.
  const nonce = createNonce();
  res.locals.cspNonce = nonce;
  res.setHeader("Content-Security-Policy", contentSecurityPolicy({ nonce, tileUrl: env.MAP_TILE_URL }));
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
  res.setHeader("X-Frame-Options", "DENY");
  // The camera for QR check-in on the session page (ADR 020). For every page, not only that one:
  // a client-side navigation keeps the policy of the document first loaded.
  res.setHeader("Permissions-Policy", "geolocation=(self), camera=(self), microphone=()");
  if (env.NODE_ENV === "production" && req.secure) {
    res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  }
  next();
}

/** Every state-changing request must come from our own pages (CSRF defence, OWASP ASVS 4.2.2). */
function checkOrigin(req: Request, res: Response, next: NextFunction) {
  if (["GET", "HEAD", "OPTIONS"].includes(req.method)) return next();
  const expected = env.PUBLIC_ORIGIN ?? `${req.protocol}://${req.get("host")}`;
  if (req.get("origin") === expected) return next();
  res.status(403).type("text/plain; charset=utf-8").send("403 この操作は受け付けられません（送信元を確認できませんでした）。");
}

app.use(compression());
app.use(logRequests);
app.use(securityHeaders);
app.use(checkOrigin);
app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
// Files in public/ have an extension (favicon.svg): a page's path never does, and asking the disk
// for it first cost a stat per page (≈3 % of the CPU under load, docs/performance.md).
const publicFiles = express.static("public", { maxAge: "1h" });
app.use((req, res, next) => (path.extname(req.path) ? publicFiles(req, res, next) : next()));
app.all(
  "*",
  createRequestHandler({
    // Database outages answer 503 from every loader and action, in one place. On PostgreSQL a
    // request may wait for the database as long as one statement may run, then it answers 503
    // too (docs/decisions/011); connection failures close the health gate.
    build: {
      ...build,
      routes: mapDatabaseErrors(build.routes, {
        onUnavailable: reportDatabaseFailure,
        deadlineMs: env.DATABASE_URL && env.DATABASE_STATEMENT_TIMEOUT_MS > 0 ? env.DATABASE_STATEMENT_TIMEOUT_MS : undefined,
      }),
    },
    mode: build.mode,
    getLoadContext: (req, res) => ({
      clientIp: req.ip ?? "unknown",
      cspNonce: typeof res.locals.cspNonce === "string" ? res.locals.cspNonce : undefined,
    }),
  }),
);

console.log(`Opening the ${env.DATABASE_URL ? "PostgreSQL" : "embedded (PGlite)"} database and applying migrations…`);
// Serve even when the database is down at start: pages answer 503 and /healthz says so, and
// each request tries to open it again, so the app recovers by itself.
const database = await getDatabase().catch((error: unknown) => {
  console.error("The database is not available yet:", error instanceof Error ? error.message : error);
  return undefined;
});
// 参加支援 retention: records whose support ended more than SUPPORT_RETENTION_DAYS ago lose their
// identifying data now (also `npm run support:retention`, for a daily cron on long-running servers).
if (database) {
  await applyRetention(database.db, { days: env.SUPPORT_RETENTION_DAYS })
    .then((count) => count > 0 && console.log(`Retention: anonymised ${count} supported person record(s).`))
    .catch((error: unknown) => console.error("Retention sweep failed:", error instanceof Error ? error.message : error));
}

// Residents' applications: names and contacts go APPLICATION_RETENTION_DAYS after the last
// session, checked at start and then hourly with the outbox's runs (also `npm run applications:retention`).
const APPLICANT_SWEEP_MS = 3_600_000;
let lastApplicantSweep = 0;
async function sweepApplicants(db: Db, now: Date): Promise<void> {
  if (now.getTime() - lastApplicantSweep < APPLICANT_SWEEP_MS) return;
  lastApplicantSweep = now.getTime();
  const count = await purgeExpiredApplicants(db, { days: env.APPLICATION_RETENTION_DAYS, now });
  if (count > 0) console.log(`Retention: deleted the contact data of ${count} application(s).`);
}

// Day-before reminders, and mail from the outbox when SMTP is configured (docs/decisions/006);
// without SMTP the mail stays queued and people still see their in-app notifications.
const outbox = startOutboxSender({
  getDb,
  transport: env.SMTP_URL ? createSmtpTransport({ url: env.SMTP_URL, from: env.MAIL_FROM }) : undefined,
  options: { publicOrigin: env.PUBLIC_ORIGIN },
  beforeEachRun: async (db, now) => {
    await enqueueDueReminders(db, now);
    await enqueueApplicationReminders(db, now);
    await sweepApplicants(db, now);
  },
});

const server = app.listen(env.PORT, env.HOST, () => {
  console.log(`まちなえき is running: http://localhost:${env.PORT}`);
});

let stopping = false;
function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal} received: finishing in-flight requests, then closing the database.`);
  const force = setTimeout(() => {
    console.error("Shutdown took longer than 10 s; exiting.");
    process.exit(1);
  }, 10_000);
  force.unref();
  const outboxStopped = outbox.stop();
  server.close(async () => {
    await outboxStopped;
    await closeDatabase();
    process.exit(0);
  });
  server.closeIdleConnections();
}
// One PostgreSQL restart in seven under load ended the process with an uncaught ECONNRESET from
// a driver socket (issue 12). A lost database connection is what the health gate is for, and an
// error event of a socket that is gone leaves nothing half done in this process: log it, close
// the gate, carry on. Anything else (a bug) still ends the process, as Node would.
process.on("uncaughtException", (error, origin) => {
  if (isConnectionFailure(error)) {
    console.error(`database: a connection error escaped the driver (${origin}): ${describeDatabaseError(error)}; the server carries on`);
    reportDatabaseFailure(error);
    return;
  }
  console.error(origin === "unhandledRejection" ? "Unhandled promise rejection:" : "Uncaught exception:", error);
  process.exit(1);
});
process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));
