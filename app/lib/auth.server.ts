// The one module that knows about lucia and argon2 (see docs/decisions/005). Everything else
// asks it "who is this?" (getOptionalUser / requireUser / requireRole / requireActor) and
// gets Set-Cookie headers from startSession / endSession.
import { createHash, randomBytes } from "node:crypto";
import { DrizzlePostgreSQLAdapter } from "@lucia-auth/adapter-drizzle";
import { hash, verify } from "@node-rs/argon2";
import { json, redirect } from "@remix-run/node";
import { eq, sql } from "drizzle-orm";
import { Lucia, TimeSpan, type DatabaseSession, type DatabaseUser } from "lucia";
import { sessions, userRoles, users } from "#db/schema";
import { listRoles, type Actor } from "~/services/permissions.server";
import { readCookie } from "./cookies.server";
import { getDb, type Db } from "./db.server";
import { getEnv } from "./env.server";
import { hasElevatedRole, type RoleName } from "./roles";

export type { RoleName } from "./roles";

/** The person behind a request. Every account is a volunteer; `roles` are granted on top. */
export interface CurrentUser {
  id: string;
  email: string;
  displayName: string;
  roles: RoleName[];
}

// ── Session policy ──────────────────────────────────────────────────────────────────────────

/** Volunteers and organisers: 30 days, extended while in use (lucia's sliding expiry). */
export const VOLUNTEER_SESSION_DAYS = 30;
/** Coordinator, staff, admin: 12 h from login whatever happens, and 30 min without a request. */
export const ELEVATED_ABSOLUTE_MS = 12 * 60 * 60 * 1000;
export const ELEVATED_IDLE_MS = 30 * 60 * 1000;
/** last_seen_at is written at most this often (one write a minute, not one a request). */
const LAST_SEEN_RESOLUTION_MS = 60 * 1000;

/** Whether a session of someone with `roles` has run out under the short policy. */
export function isElevatedSessionExpired(
  session: { createdAt: Date; lastSeenAt: Date },
  roles: readonly RoleName[],
  now = new Date(),
): boolean {
  if (!hasElevatedRole(roles)) return false;
  return (
    now.getTime() - session.createdAt.getTime() >= ELEVATED_ABSOLUTE_MS ||
    now.getTime() - session.lastSeenAt.getTime() >= ELEVATED_IDLE_MS
  );
}

// ── Cookie ──────────────────────────────────────────────────────────────────────────────────

/**
 * Secure (production, by default): the cookie is `__Host-` prefixed and Secure, so only this
 * exact host, over HTTPS, may set or read it. Otherwise plain, so http://localhost in development
 * and the demo on a phone over http on the LAN work (COOKIE_SECURE, app/lib/env.server.ts).
 */
export function sessionCookieSettings(secure: boolean) {
  return {
    name: secure ? "__Host-machinaeki_session" : "machinaeki_session",
    attributes: { secure, sameSite: "lax" as const, path: "/" },
  };
}

function secureCookie(): boolean {
  return getEnv().COOKIE_SECURE;
}

// ── lucia ───────────────────────────────────────────────────────────────────────────────────

/**
 * lucia's drizzle adapter, reading a session, its account and the account's roles in one prepared
 * query (two queries before, and the roles a third): every logged-in page starts here.
 */
class SessionAdapter extends DrizzlePostgreSQLAdapter {
  private readonly sessionQuery;

  constructor(db: Db) {
    super(db, sessions, users);
    this.sessionQuery = db
      .select({
        session: sessions,
        user: { id: users.id, email: users.email, displayName: users.displayName, disabledAt: users.disabledAt },
        roles: sql<RoleName[]>`array(select ${userRoles.role}::text from ${userRoles} where ${userRoles.userId} = ${users.id} order by ${userRoles.role})`,
      })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(eq(sessions.id, sql.placeholder("sessionId")))
      .prepare("session_and_user");
  }

  override async getSessionAndUser(sessionId: string): Promise<[DatabaseSession | null, DatabaseUser | null]> {
    const [row] = await this.sessionQuery.execute({ sessionId });
    if (!row) return [null, null];
    const { id, userId, expiresAt, ...sessionAttributes } = row.session;
    const { id: accountId, ...userAttributes } = row.user;
    return [
      { id, userId, expiresAt, attributes: sessionAttributes },
      { id: accountId, attributes: { ...userAttributes, roles: row.roles } },
    ];
  }
}

function createLucia(db: Db, secure: boolean) {
  return new Lucia(new SessionAdapter(db), {
    sessionExpiresIn: new TimeSpan(VOLUNTEER_SESSION_DAYS, "d"),
    sessionCookie: { ...sessionCookieSettings(secure), expires: true },
    getSessionAttributes: (attributes) => ({
      createdAt: attributes.createdAt,
      lastSeenAt: attributes.lastSeenAt,
    }),
    getUserAttributes: (attributes) => ({
      email: attributes.email,
      displayName: attributes.displayName,
      disabledAt: attributes.disabledAt,
      roles: attributes.roles,
    }),
  });
}

declare module "lucia" {
  interface Register {
    Lucia: ReturnType<typeof createLucia>;
    DatabaseSessionAttributes: { createdAt: Date; lastSeenAt: Date };
    /** `roles` is read with the account (SessionAdapter); lucia never writes users. */
    DatabaseUserAttributes: { email: string; displayName: string; disabledAt: Date | null; roles: RoleName[] };
  }
}

const instances = new WeakMap<Db, { secure: boolean; lucia: ReturnType<typeof createLucia> }>();

function luciaFor(db: Db, secure = secureCookie()) {
  const cached = instances.get(db);
  if (cached && cached.secure === secure) return cached.lucia;
  const lucia = createLucia(db, secure);
  instances.set(db, { secure, lucia });
  return lucia;
}

/** The session id stored in the database: SHA-256 of the cookie's token, never the token. */
export function sessionIdFromToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

// ── Passwords ───────────────────────────────────────────────────────────────────────────────

// OWASP's argon2id minimum: 19 MiB, 2 passes, 1 lane (~16 ms here).
const ARGON2_OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;
/**
 * Spends the same time as a real check, for logins with an unknown e-mail, so response time
 * does not reveal which e-mails have accounts.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword(randomBytes(16).toString("hex"));
  await verifyPassword(await dummyHash, password);
  return false;
}

// ── Sessions ────────────────────────────────────────────────────────────────────────────────

export interface SessionState {
  user: CurrentUser | null;
  /** A Set-Cookie value to send back: the extended cookie, or a blank one for an ended session. */
  setCookie: string | null;
}

const states = new WeakMap<Request, Promise<SessionState>>();

/**
 * Who the request belongs to, and a cookie to send back if the session was extended or ended.
 * Memoised per Request, so several checks in one loader touch the database once.
 */
export function getSessionState(request: Request): Promise<SessionState> {
  let state = states.get(request);
  if (!state) {
    state = (async () => readSession(await getDb(), request))();
    states.set(request, state);
  }
  return state;
}

async function readSession(db: Db, request: Request, now = new Date()): Promise<SessionState> {
  const lucia = luciaFor(db);
  const token = readCookie(request, lucia.sessionCookieName);
  if (!token) return { user: null, setCookie: null };
  const blank = lucia.createBlankSessionCookie().serialize();
  const { session, user } = await lucia.validateSession(sessionIdFromToken(token));
  if (!session || !user) return { user: null, setCookie: blank };
  if (user.disabledAt) {
    await lucia.invalidateUserSessions(user.id);
    return { user: null, setCookie: blank };
  }
  const roles = user.roles;
  if (isElevatedSessionExpired(session, roles, now)) {
    await lucia.invalidateSession(session.id);
    return { user: null, setCookie: blank };
  }
  if (now.getTime() - session.lastSeenAt.getTime() >= LAST_SEEN_RESOLUTION_MS) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, session.id));
  }
  const current: CurrentUser = { id: user.id, email: user.email, displayName: user.displayName, roles };
  // lucia extended a volunteer's session in the database: extend the cookie to match.
  const setCookie = session.fresh ? cookieFor(lucia, token, roles) : null;
  return { user: current, setCookie };
}

function cookieFor(lucia: ReturnType<typeof createLucia>, token: string, roles: readonly RoleName[]): string {
  const cookie = lucia.createSessionCookie(token);
  if (hasElevatedRole(roles)) cookie.attributes.maxAge = ELEVATED_ABSOLUTE_MS / 1000;
  return cookie.serialize();
}

/**
 * Starts a session for `userId` (after a successful login or sign-up) and returns the
 * Set-Cookie value. The token exists only in the cookie; the database keeps its SHA-256.
 * Any session the request already carried is ended first.
 */
export async function startSession(userId: string, request?: Request): Promise<string> {
  const db = await getDb();
  const lucia = luciaFor(db);
  if (request) {
    const old = readCookie(request, lucia.sessionCookieName);
    if (old) await lucia.invalidateSession(sessionIdFromToken(old));
  }
  const token = randomBytes(32).toString("base64url");
  const now = new Date();
  await lucia.createSession(userId, { createdAt: now, lastSeenAt: now }, { sessionId: sessionIdFromToken(token) });
  return cookieFor(lucia, token, await listRoles(db, userId));
}

/** Ends the request's session on the server and returns the Set-Cookie value that clears it. */
export async function endSession(request: Request): Promise<string> {
  const db = await getDb();
  const lucia = luciaFor(db);
  const token = readCookie(request, lucia.sessionCookieName);
  if (token) await lucia.invalidateSession(sessionIdFromToken(token));
  states.delete(request);
  return lucia.createBlankSessionCookie().serialize();
}

/** Ends every session of a user at once (account disabled, password changed, deleted). */
export async function endAllSessions(db: Db, userId: string): Promise<void> {
  await luciaFor(db).invalidateUserSessions(userId);
}

/** Removes expired session rows; run now and then (e.g. on login). */
export async function deleteExpiredSessions(db: Db): Promise<void> {
  await luciaFor(db).deleteExpiredSessions();
}

// ── Access checks: each throws a Response the route's ErrorBoundary (or Remix) handles ─────

export async function getOptionalUser(request: Request): Promise<CurrentUser | null> {
  return (await getSessionState(request)).user;
}

/** Only paths on this site, never "//evil.example" or "https://…". */
export function safeRedirectPath(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) {
    return fallback;
  }
  // Read it as a browser would (which drops tabs and newlines: "/\t/evil.example" is "//evil.example")
  // and keep it only if it stays on this site. What comes back is percent-encoded ASCII, so
  // "/日本語" or a control character cannot make the Location header throw (a 500).
  const base = "http://same-site.invalid";
  const url = URL.canParse(value, base) ? new URL(value, base) : null;
  if (!url || url.origin !== base) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The person, or a redirect to /login that comes back here afterwards. */
export async function requireUser(request: Request): Promise<CurrentUser> {
  const state = await getSessionState(request);
  if (state.user) return state.user;
  const url = new URL(request.url);
  const back = request.method === "GET" ? url.pathname + url.search : url.pathname;
  const headers = state.setCookie ? { "Set-Cookie": state.setCookie } : undefined;
  throw redirect(`/login?${new URLSearchParams({ redirectTo: back })}`, { headers });
}

function forbidden(): Response {
  return json({ message: "forbidden" }, { status: 403 });
}

/**
 * The person, if they hold at least one of `role`; otherwise 403. Admin is NOT a wildcard:
 * an admin who should see /staff is granted staff too (ADR 005), so every grant is visible.
 */
export async function requireRole(request: Request, role: RoleName | readonly RoleName[]): Promise<CurrentUser> {
  const user = await requireUser(request);
  const wanted: readonly RoleName[] = typeof role === "string" ? [role] : role;
  if (!wanted.some((r) => user.roles.includes(r))) throw forbidden();
  return user;
}

/**
 * The signed-in person as the actor the services scope by (with the client's IP for the audit
 * log, when given), if they hold one of `role` (403 otherwise). Which hubs or persons they reach is the services' business: out of scope is
 * "not found" there (ADR 016).
 */
export async function requireActor(request: Request, role: RoleName | readonly RoleName[], ip?: string | null): Promise<Actor> {
  const user = await requireRole(request, role);
  return ip === undefined ? { userId: user.id } : { userId: user.id, ip };
}
