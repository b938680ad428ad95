import { randomBytes } from "node:crypto";
import { and, asc, count, eq, ilike, or, sql } from "drizzle-orm";
import { associations, hubs, loginThrottles, organiserScopes, sessions, userRoles, users } from "#db/schema";
import type { Db } from "~/lib/db.server";
import { Conflict, NotFound } from "~/lib/domain-errors";
import { roleNames, type RoleName } from "~/lib/roles";
import { withdrawAccountApplications } from "./applications.server";
import { recordAudit } from "./audit.server";
import { throttleKeys } from "./login-throttle.server";

/** A random, unguessable user id (lucia's ids are text). */
export function newUserId(): string {
  return randomBytes(15).toString("base64url");
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function findUserByEmail(db: Db, email: string) {
  const [row] = await db.select().from(users).where(eq(users.email, normaliseEmail(email)));
  return row ?? null;
}

export async function getUser(db: Db, userId: string) {
  const [row] = await db.select().from(users).where(eq(users.id, userId));
  return row ?? null;
}

/**
 * Creates an account (every account is a volunteer) with optional extra roles and its audit
 * entry, in one transaction. Throws Conflict when the e-mail is taken.
 */
export async function createAccount(
  db: Db,
  input: { email: string; displayName: string; passwordHash: string; roles?: RoleName[] },
  audit?: { action: "account.signup" | "account.created_by_admin"; ip: string | null; details?: Record<string, unknown> },
): Promise<{ id: string }> {
  const id = newUserId();
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(users)
      .values({ id, email: normaliseEmail(input.email), displayName: input.displayName.trim(), passwordHash: input.passwordHash })
      .onConflictDoNothing({ target: users.email })
      .returning({ id: users.id });
    if (inserted.length === 0) throw new Conflict("email taken");
    if (input.roles && input.roles.length > 0) {
      await tx.insert(userRoles).values(input.roles.map((role) => ({ userId: id, role })));
    }
    if (audit) {
      // A sign-up is done by the new person; an account made from the command line by nobody logged in.
      const actorUserId = audit.action === "account.signup" ? id : null;
      await recordAudit(tx, { actorUserId, action: audit.action, targetType: "user", targetId: id, ip: audit.ip, details: audit.details });
    }
    return { id };
  });
}

/** Replaces the password hash and ends every session of the account, in one transaction. */
export async function replacePassword(db: Db, userId: string, passwordHash: string, ip: string | null): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash }).where(eq(users.id, userId));
    await tx.delete(sessions).where(eq(sessions.userId, userId));
    await recordAudit(tx, { actorUserId: userId, action: "account.password_changed", targetType: "user", targetId: userId, ip });
  });
}

/**
 * Deletes an account and its personal data: the users row (e-mail, name, password hash) and,
 * through ON DELETE CASCADE, its sessions, roles and scopes; and the account's login counter
 * (keyed by a hash of the e-mail). What remains is the audit trail, which names only the random
 * user id. Tables that count a person's contributions (sign-ups, attendance) must reference
 * users with ON DELETE SET NULL so their counts stay, anonymised.
 */
export async function deleteAccount(db: Db, userId: string, ip: string | null, actorUserId: string = userId): Promise<void> {
  await db.transaction(async (tx) => {
    const [user] = await tx.select({ email: users.email }).from(users).where(eq(users.id, userId));
    if (!user) throw new NotFound("user not found");
    const accountKey = throttleKeys("", user.email)[1] ?? "";
    await tx.delete(loginThrottles).where(eq(loginThrottles.key, accountKey));
    await withdrawAccountApplications(tx, userId);
    await tx.delete(users).where(eq(users.id, userId));
    await recordAudit(tx, { actorUserId, action: "account.deleted", targetType: "user", targetId: userId, ip });
  });
}

// ── Administration ──────────────────────────────────────────────────────────────────────────

export const ACCOUNT_PAGE_SIZE = 50;

/** Accounts matching `query` (e-mail or name), with their roles; page of 50. */
export async function listAccounts(db: Db, options: { query?: string; page?: number } = {}) {
  const page = Math.max(1, options.page ?? 1);
  const pattern = options.query ? `%${options.query.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
  const where = pattern ? or(ilike(users.email, pattern), ilike(users.displayName, pattern)) : undefined;
  const rows = await db
    .select({
      id: users.id,
      email: users.email,
      displayName: users.displayName,
      createdAt: users.createdAt,
      disabledAt: users.disabledAt,
      roles: sql<RoleName[]>`coalesce(array_agg(${userRoles.role}::text order by ${userRoles.role}) filter (where ${userRoles.role} is not null), '{}')`,
    })
    .from(users)
    .leftJoin(userRoles, eq(userRoles.userId, users.id))
    .where(where)
    .groupBy(users.id)
    .orderBy(asc(users.email))
    .limit(ACCOUNT_PAGE_SIZE)
    .offset((page - 1) * ACCOUNT_PAGE_SIZE);
  const [total] = await db.select({ n: count() }).from(users).where(where);
  return { items: rows, total: total?.n ?? 0, page, pages: Math.max(1, Math.ceil((total?.n ?? 0) / ACCOUNT_PAGE_SIZE)) };
}

/** One account with roles and scopes (with the hub / 自治会 names), for the admin page. */
export async function getAccountForAdmin(db: Db, userId: string) {
  const user = await getUser(db, userId);
  if (!user) return null;
  const roles = (await db.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, userId))).map((r) => r.role);
  const scopes = await db
    .select({ id: organiserScopes.id, hubId: organiserScopes.hubId, hubName: hubs.name, associationId: organiserScopes.associationId, associationName: associations.name })
    .from(organiserScopes)
    .leftJoin(hubs, eq(hubs.id, organiserScopes.hubId))
    .leftJoin(associations, eq(associations.id, organiserScopes.associationId))
    .where(eq(organiserScopes.userId, userId))
    .orderBy(asc(organiserScopes.id));
  const [sessionCount] = await db.select({ n: count() }).from(sessions).where(eq(sessions.userId, userId));
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    createdAt: user.createdAt,
    disabledAt: user.disabledAt,
    roles: roleNames.filter((role) => roles.includes(role)),
    scopes,
    activeSessions: sessionCount?.n ?? 0,
  };
}

/** Sets the account's roles to exactly `roles`, auditing each grant and revocation. */
export async function setRoles(db: Db, input: { actorUserId: string; userId: string; roles: RoleName[]; ip: string | null }) {
  await db.transaction(async (tx) => {
    const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.id, input.userId));
    if (!user) throw new NotFound("user not found");
    const current = (await tx.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, input.userId))).map((r) => r.role);
    // A role posted twice is granted once (a second insert would break the primary key).
    const wanted = [...new Set(input.roles)];
    const granted = wanted.filter((role) => !current.includes(role));
    const revoked = current.filter((role) => !wanted.includes(role));
    for (const role of granted) {
      await tx.insert(userRoles).values({ userId: input.userId, role });
      await recordAudit(tx, { actorUserId: input.actorUserId, action: "role.granted", targetType: "user", targetId: input.userId, ip: input.ip, details: { role } });
    }
    for (const role of revoked) {
      await tx.delete(userRoles).where(and(eq(userRoles.userId, input.userId), eq(userRoles.role, role)));
      await recordAudit(tx, { actorUserId: input.actorUserId, action: "role.revoked", targetType: "user", targetId: input.userId, ip: input.ip, details: { role } });
    }
  });
}

/** Adds a hub or 自治会 to an organiser's scope (idempotent). */
export async function grantScope(
  db: Db,
  input: { actorUserId: string; userId: string; hubId?: number; associationId?: number; ip: string | null },
) {
  await db.transaction(async (tx) => {
    const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.id, input.userId));
    if (!user) throw new NotFound("user not found");
    if (input.hubId !== undefined) {
      const [hub] = await tx.select({ id: hubs.id }).from(hubs).where(eq(hubs.id, input.hubId));
      if (!hub) throw new NotFound("hub not found");
    }
    if (input.associationId !== undefined) {
      const [association] = await tx.select({ id: associations.id }).from(associations).where(eq(associations.id, input.associationId));
      if (!association) throw new NotFound("association not found");
    }
    const inserted = await tx
      .insert(organiserScopes)
      .values({ userId: input.userId, hubId: input.hubId ?? null, associationId: input.associationId ?? null })
      .onConflictDoNothing()
      .returning({ id: organiserScopes.id });
    if (inserted.length > 0) {
      await recordAudit(tx, {
        actorUserId: input.actorUserId,
        action: "scope.granted",
        targetType: "user",
        targetId: input.userId,
        ip: input.ip,
        details: input.hubId !== undefined ? { hubId: input.hubId } : { associationId: input.associationId },
      });
    }
  });
}

export async function revokeScope(db: Db, input: { actorUserId: string; userId: string; scopeId: number; ip: string | null }) {
  await db.transaction(async (tx) => {
    const removed = await tx
      .delete(organiserScopes)
      .where(and(eq(organiserScopes.id, input.scopeId), eq(organiserScopes.userId, input.userId)))
      .returning({ hubId: organiserScopes.hubId, associationId: organiserScopes.associationId });
    const row = removed[0];
    if (!row) throw new NotFound("scope not found");
    await recordAudit(tx, {
      actorUserId: input.actorUserId,
      action: "scope.revoked",
      targetType: "user",
      targetId: input.userId,
      ip: input.ip,
      details: row.hubId !== null ? { hubId: row.hubId } : { associationId: row.associationId },
    });
  });
}

/** Disables (or re-enables) an account. Disabling deletes every session row at once. */
export async function setDisabled(db: Db, input: { actorUserId: string; userId: string; disabled: boolean; ip: string | null }) {
  await db.transaction(async (tx) => {
    const updated = await tx
      .update(users)
      .set({ disabledAt: input.disabled ? new Date() : null })
      .where(eq(users.id, input.userId))
      .returning({ id: users.id });
    if (updated.length === 0) throw new NotFound("user not found");
    if (input.disabled) await tx.delete(sessions).where(eq(sessions.userId, input.userId));
    await recordAudit(tx, {
      actorUserId: input.actorUserId,
      action: input.disabled ? "account.disabled" : "account.enabled",
      targetType: "user",
      targetId: input.userId,
      ip: input.ip,
    });
  });
}
