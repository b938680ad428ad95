import { and, asc, eq, exists, or, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { activities, hubAssociations, hubs, occurrences, organiserScopes, userRoles } from "#db/schema";
import type { Db } from "~/lib/db.server";
import { NotFound } from "~/lib/domain-errors";
import type { RoleName } from "~/lib/roles";

/** Who is asking: every service that serves a signed-in role takes this and scopes its queries by it. */
export interface Actor {
  userId: string;
  ip?: string | null;
}

export async function listRoles(db: Db, userId: string): Promise<RoleName[]> {
  const rows = await db
    .select({ role: userRoles.role })
    .from(userRoles)
    .where(eq(userRoles.userId, userId))
    .orderBy(asc(userRoles.role));
  return rows.map((row) => row.role);
}

function holds(actor: Actor, role: RoleName): SQL {
  return exists(sql`(select 1 from ${userRoles} where ${userRoles.userId} = ${actor.userId} and ${userRoles.role} = ${role})`);
}

/**
 * "the actor may edit this hub", for use inside every organiser query (as `assignedTo` is for
 * coordinators): an admin every hub; an organiser a hub named in one of their scope rows, or a
 * hub that serves a 自治会 named in one. A scope without the organiser role grants nothing
 * (revoking the role is enough). `hub` is the column holding the hub's id. Out of scope, a row
 * is simply not found.
 */
export function editableBy(actor: Actor, hub: AnyPgColumn = hubs.id): SQL {
  const inScope = or(
    exists(sql`(select 1 from ${organiserScopes} where ${organiserScopes.userId} = ${actor.userId} and ${organiserScopes.hubId} = ${hub})`),
    exists(
      sql`(select 1 from ${organiserScopes} join ${hubAssociations} on ${hubAssociations.associationId} = ${organiserScopes.associationId} where ${organiserScopes.userId} = ${actor.userId} and ${hubAssociations.hubId} = ${hub})`,
    ),
  );
  return or(holds(actor, "admin"), and(holds(actor, "organiser"), inScope)) as SQL;
}

/** The hub, if the actor may edit it; NotFound otherwise (out of scope looks like no such hub). */
export async function requireEditableHub(db: Db, actor: Actor, hubId: number): Promise<{ id: number; name: string }> {
  const [row] = await db.select({ id: hubs.id, name: hubs.name }).from(hubs).where(and(eq(hubs.id, hubId), editableBy(actor)));
  if (!row) throw new NotFound("hub not found");
  return row;
}

/** The activity's hub, if the actor may edit it; NotFound otherwise. */
export async function requireEditableActivity(db: Db, actor: Actor, activityId: number): Promise<{ hubId: number; status: "active" | "ended" }> {
  const [row] = await db
    .select({ hubId: activities.hubId, status: activities.status })
    .from(activities)
    .where(and(eq(activities.id, activityId), editableBy(actor, activities.hubId)));
  if (!row) throw new NotFound("activity not found");
  return row;
}

/** The session's activity and hub, if the actor may edit it; NotFound otherwise. */
export async function requireEditableOccurrence(db: Db, actor: Actor, occurrenceId: number): Promise<{ hubId: number; activityId: number }> {
  const [row] = await db
    .select({ hubId: activities.hubId, activityId: activities.id })
    .from(occurrences)
    .innerJoin(activities, eq(activities.id, occurrences.activityId))
    .where(and(eq(occurrences.id, occurrenceId), editableBy(actor, activities.hubId)));
  if (!row) throw new NotFound("occurrence not found");
  return row;
}

/** Whether the actor may edit the hub (see `editableBy`). */
export async function canEditHub(db: Db, actor: Actor, hubId: number): Promise<boolean> {
  return requireEditableHub(db, actor, hubId).then(
    () => true,
    (error) => (error instanceof NotFound ? false : Promise.reject(error)),
  );
}

/** Every hub id the actor may edit (see `editableBy`), in id order. */
export async function listEditableHubIds(db: Db, actor: Actor): Promise<number[]> {
  const rows = await db.select({ id: hubs.id }).from(hubs).where(editableBy(actor)).orderBy(asc(hubs.id));
  return rows.map((row) => row.id);
}
