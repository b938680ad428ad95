import { eq } from "drizzle-orm";
import { users } from "#db/schema";
import { deleteExpiredSessions, hashPassword, verifyAgainstDummy, verifyPassword } from "~/lib/auth.server";
import type { Db } from "~/lib/db.server";
import { Conflict } from "~/lib/domain-errors";
import { createAccount, deleteAccount, replacePassword } from "./accounts.server";
import { recordAudit } from "./audit.server";
import { clearFailures, pruneExpiredCounters, recordFailure, secondsUntilAllowed, throttleKeys } from "./login-throttle.server";

export type LoginResult =
  | { ok: true; userId: string }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number };

/**
 * Checks an e-mail and password. One answer ("invalid") for an unknown e-mail, a wrong password
 * and a disabled account, in about the same time, so nobody learns which e-mails exist. After
 * 10 failures from the IP or on the account within 10 minutes the answer is "throttled" without
 * looking at the password. Every outcome is audited.
 */
export async function attemptLogin(
  db: Db,
  input: { email: string; password: string; ip: string },
  now = new Date(),
): Promise<LoginResult> {
  const email = input.email.trim().toLowerCase();
  const keys = throttleKeys(input.ip, email);
  const [user] = await db
    .select({ id: users.id, passwordHash: users.passwordHash, disabledAt: users.disabledAt })
    .from(users)
    .where(eq(users.email, email));

  const wait = await secondsUntilAllowed(db, keys, now);
  if (wait > 0) {
    await recordAudit(db, { actorUserId: null, action: "login.throttled", targetType: user ? "user" : null, targetId: user?.id, ip: input.ip });
    return { ok: false, reason: "throttled", retryAfterSeconds: wait };
  }

  const passwordMatches = user ? await verifyPassword(user.passwordHash, input.password) : await verifyAgainstDummy(input.password);
  if (!user || !passwordMatches || user.disabledAt) {
    await recordFailure(db, keys, now);
    await recordAudit(db, {
      actorUserId: null,
      action: "login.failure",
      targetType: user ? "user" : null,
      targetId: user?.id,
      ip: input.ip,
      details: { reason: !user ? "unknown_account" : user.disabledAt ? "disabled" : "wrong_password" },
    });
    return { ok: false, reason: "invalid" };
  }

  const accountKey = keys[1];
  if (accountKey) await clearFailures(db, accountKey);
  await pruneExpiredCounters(db, now);
  await deleteExpiredSessions(db);
  await recordAudit(db, { actorUserId: user.id, action: "login.success", targetType: "user", targetId: user.id, ip: input.ip });
  return { ok: true, userId: user.id };
}

export type SignupResult =
  | { ok: true; userId: string }
  | { ok: false; reason: "email_unavailable" }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number };

/**
 * Registers a volunteer. A taken e-mail counts as a failure against the IP's login counter, so
 * nobody can test thousands of addresses through this form either.
 */
export async function signUp(
  db: Db,
  input: { email: string; displayName: string; password: string; ip: string },
): Promise<SignupResult> {
  const [ipKey = ""] = throttleKeys(input.ip, input.email);
  const wait = await secondsUntilAllowed(db, [ipKey]);
  if (wait > 0) return { ok: false, reason: "throttled", retryAfterSeconds: wait };
  const passwordHash = await hashPassword(input.password);
  try {
    const { id } = await createAccount(db, { email: input.email, displayName: input.displayName, passwordHash }, { action: "account.signup", ip: input.ip });
    return { ok: true, userId: id };
  } catch (error) {
    if (!(error instanceof Conflict)) throw error;
    await recordFailure(db, [ipKey]);
    return { ok: false, reason: "email_unavailable" };
  }
}

export type PasswordChangeResult = { ok: true } | { ok: false; reason: "wrong_password" };

/** Changes a password after checking the current one; every session of the account ends. */
export async function changePassword(
  db: Db,
  input: { userId: string; currentPassword: string; newPassword: string; ip: string },
): Promise<PasswordChangeResult> {
  const [user] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, input.userId));
  if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) return { ok: false, reason: "wrong_password" };
  await replacePassword(db, input.userId, await hashPassword(input.newPassword), input.ip);
  return { ok: true };
}

/** Deletes the person's own account after checking their password. */
export async function deleteOwnAccount(db: Db, input: { userId: string; password: string; ip: string }): Promise<PasswordChangeResult> {
  const [user] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, input.userId));
  if (!user || !(await verifyPassword(user.passwordHash, input.password))) return { ok: false, reason: "wrong_password" };
  await deleteAccount(db, input.userId, input.ip);
  return { ok: true };
}
