import { organiserScopes, userRoles } from "#db/schema";
import { hashPassword, startSession } from "~/lib/auth.server";
import type { Db } from "~/lib/db.server";
import type { RoleName } from "~/lib/roles";
import { createAccount } from "~/services/accounts.server";

let sequence = 0;

export const TEST_PASSWORD = "correct horse battery";
let testPasswordHash: Promise<string> | undefined;

/** An account (a volunteer) with optional roles and organiser scopes. */
export async function createUser(
  db: Db,
  overrides: { email?: string; displayName?: string; password?: string; roles?: RoleName[]; hubIds?: number[]; associationIds?: number[] } = {},
) {
  const n = ++sequence;
  testPasswordHash ??= hashPassword(TEST_PASSWORD);
  const passwordHash = overrides.password ? await hashPassword(overrides.password) : await testPasswordHash;
  const email = overrides.email ?? `user${n}-${Math.random().toString(36).slice(2, 8)}@example.jp`;
  const displayName = overrides.displayName ?? `利用者${n}`;
  const { id } = await createAccount(db, { email, displayName, passwordHash });
  if (overrides.roles?.length) await db.insert(userRoles).values(overrides.roles.map((role) => ({ userId: id, role })));
  for (const hubId of overrides.hubIds ?? []) await db.insert(organiserScopes).values({ userId: id, hubId });
  for (const associationId of overrides.associationIds ?? []) await db.insert(organiserScopes).values({ userId: id, associationId });
  return { id, email, displayName };
}

/**
 * A Cookie header value for a fresh session of `userId`, made by the app's own login helper.
 * Needs `useTestDatabase({ asAppDatabase: true })`.
 */
export async function sessionCookie(userId: string): Promise<string> {
  const setCookie = await startSession(userId);
  return setCookie.split(";")[0] ?? "";
}
