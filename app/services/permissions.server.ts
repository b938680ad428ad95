import { and, asc, eq, exists, or, sql } from "drizzle-orm";
import { hubAssociations, hubs, organiserScopes, userRoles } from "#db/schema";
import type { Db } from "~/lib/db.server";
import type { RoleName } from "~/lib/roles";

export async function listRoles(db: Db, userId: string): Promise<RoleName[]> {
  const rows = await db
    .select({ role: userRoles.role })
    .from(userRoles)
    .where(eq(userRoles.userId, userId))
    .orderBy(asc(userRoles.role));
  return rows.map((row) => row.role);
}

/**
 * The organiser's scope as a condition on `hubs.id`: a hub named in a scope row, or a hub that
 * serves a 自治会 named in one.
 */
function inOrganiserScope(db: Db, userId: string) {
  return or(
    exists(
      db
        .select({ one: sql`1` })
        .from(organiserScopes)
        .where(and(eq(organiserScopes.userId, userId), eq(organiserScopes.hubId, hubs.id))),
    ),
    exists(
      db
        .select({ one: sql`1` })
        .from(organiserScopes)
        .innerJoin(hubAssociations, eq(hubAssociations.associationId, organiserScopes.associationId))
        .where(and(eq(organiserScopes.userId, userId), eq(hubAssociations.hubId, hubs.id))),
    ),
  );
}

/**
 * Whether the user may edit the hub: admins may edit every hub; organisers the hubs in their
 * scope. A scope without the organiser role grants nothing (revoking the role is enough).
 */
export async function canEditHub(db: Db, userId: string, hubId: number): Promise<boolean> {
  const roles = await listRoles(db, userId);
  if (roles.includes("admin")) {
    const [hub] = await db.select({ id: hubs.id }).from(hubs).where(eq(hubs.id, hubId));
    return Boolean(hub);
  }
  if (!roles.includes("organiser")) return false;
  const [row] = await db
    .select({ id: hubs.id })
    .from(hubs)
    .where(and(eq(hubs.id, hubId), inOrganiserScope(db, userId)));
  return Boolean(row);
}

/** Every hub id the user may edit (see `canEditHub`), in id order. */
export async function listEditableHubIds(db: Db, userId: string): Promise<number[]> {
  const roles = await listRoles(db, userId);
  if (!roles.includes("admin") && !roles.includes("organiser")) return [];
  const rows = await db
    .select({ id: hubs.id })
    .from(hubs)
    .where(roles.includes("admin") ? undefined : inOrganiserScope(db, userId))
    .orderBy(asc(hubs.id));
  return rows.map((row) => row.id);
}

/** Hubs among `hubIds` the user may edit; for lists that check many at once. */
export async function filterEditableHubIds(db: Db, userId: string, hubIds: number[]): Promise<number[]> {
  if (hubIds.length === 0) return [];
  const editable = new Set(await listEditableHubIds(db, userId));
  return hubIds.filter((id) => editable.has(id));
}
