import { eq } from "drizzle-orm";
import { users } from "#db/schema";
import { deleteExpiredSessions, verifyAgainstDummy, verifyPassword } from "~/lib/auth.server";
import type { Db } from "~/lib/db.server";
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
