import { randomBytes } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import { organiserScopes, userRoles, users } from "#db/schema";
import type { Db } from "~/lib/db.server";
import type { RoleName } from "~/lib/roles";
import { Conflict } from "~/lib/http.server";

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
 * Creates an account (every account is a volunteer) with optional extra roles, in one
 * transaction. Throws Conflict when the e-mail is taken.
 */
export async function createAccount(
  db: Db,
  input: { email: string; displayName: string; passwordHash: string; roles?: RoleName[] },
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
    return { id };
  });
}

/** Lists the organiser scope rows of a user. */
export async function listScopes(db: Db, userId: string) {
  return db.select().from(organiserScopes).where(eq(organiserScopes.userId, userId)).orderBy(asc(organiserScopes.id));
}
