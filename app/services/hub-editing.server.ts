import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { associations, districts, hubAssociations, hubKinds, hubs } from "#db/schema";
import type { Db } from "~/lib/db.server";
import { Invalid, NotFound } from "~/lib/domain-errors";
import type { HubFormInput } from "~/lib/forms/hubs";
import { recordAudit } from "./audit.server";
import { withHubPlacement } from "./metric-rollups.server";
import { editableBy, requireEditableHub, type Actor } from "./permissions.server";

/** The choices the hub form offers: kinds, districts and 自治会. */
export async function listHubFormOptions(db: Db) {
  const [kinds, districtRows, associationRows] = await Promise.all([
    db.select({ id: hubKinds.id, labelJa: hubKinds.labelJa, labelEn: hubKinds.labelEn }).from(hubKinds).orderBy(asc(hubKinds.sortOrder), asc(hubKinds.id)),
    db.select({ id: districts.id, name: districts.name }).from(districts).orderBy(asc(districts.name)),
    db
      .select({ id: associations.id, name: associations.name, districtName: districts.name })
      .from(associations)
      .innerJoin(districts, eq(districts.id, associations.districtId))
      .orderBy(asc(districts.name), asc(associations.name)),
  ]);
  return { kinds, districts: districtRows, associations: associationRows };
}

/** A hub with every editable field (any status), if the actor may edit it; NotFound otherwise. */
export async function getHubForEditing(db: Db, actor: Actor, hubId: number) {
  const [hub] = await db.select().from(hubs).where(and(eq(hubs.id, hubId), editableBy(actor)));
  if (!hub) throw new NotFound("hub not found");
  const served = await db.select({ id: hubAssociations.associationId }).from(hubAssociations).where(eq(hubAssociations.hubId, hubId));
  return {
    id: hub.id,
    name: hub.name,
    nameKana: hub.nameKana,
    description: hub.description,
    kindId: hub.kindId,
    districtId: hub.districtId,
    address: hub.address,
    lat: hub.lat,
    lng: hub.lng,
    accessibility: hub.accessibility,
    contactPhone: hub.contactPhone,
    contactEmail: hub.contactEmail,
    contactNote: hub.contactNote,
    parkingInfo: hub.parkingInfo,
    status: hub.status,
    associationIds: served.map((row) => row.id),
    updatedAt: hub.updatedAt,
  };
}

/** The hubs the actor edits, for the organiser's home. */
export async function listEditableHubs(db: Db, actor: Actor) {
  return db
    .select({ id: hubs.id, name: hubs.name, address: hubs.address, status: hubs.status, districtName: districts.name })
    .from(hubs)
    .innerJoin(districts, eq(districts.id, hubs.districtId))
    .where(editableBy(actor))
    .orderBy(asc(districts.name), asc(hubs.name));
}

/** Refuses ids of kinds, districts or 自治会 that do not exist (a tampered form): 400. */
async function checkReferences(db: Db, input: HubFormInput) {
  const [kind] = await db.select({ id: hubKinds.id }).from(hubKinds).where(eq(hubKinds.id, input.kindId));
  const [district] = await db.select({ id: districts.id }).from(districts).where(eq(districts.id, input.districtId));
  const unique = [...new Set(input.associationIds)];
  const found = unique.length === 0 ? [] : await db.select({ id: associations.id }).from(associations).where(inArray(associations.id, unique));
  if (!kind || !district || found.length !== unique.length) throw new Invalid("unknown kind, district or association");
  return unique;
}

/** The field only the city's open data sets set (公共施設一覧's NO); left as it is when absent. */
export interface HubOpenDataFields {
  openDataNo?: string | null;
}

function hubColumns(input: HubFormInput, openData: HubOpenDataFields = {}) {
  return {
    ...(openData.openDataNo === undefined ? {} : { openDataNo: openData.openDataNo }),
    name: input.name,
    nameKana: input.nameKana,
    description: input.description,
    kindId: input.kindId,
    districtId: input.districtId,
    address: input.address,
    lat: input.lat,
    lng: input.lng,
    accessibility: [...new Set(input.accessibility)],
    contactPhone: input.contactPhone,
    contactEmail: input.contactEmail,
    contactNote: input.contactNote,
    parkingInfo: input.parkingInfo,
    status: input.status,
  };
}

/** Updates every field and the 自治会 served, and the metric summaries filed under them, in one transaction, and audits it. */
export async function updateHub(db: Db, actor: Actor, input: { hubId: number; values: HubFormInput; openData?: HubOpenDataFields }) {
  await db.transaction(async (tx) => {
    await requireEditableHub(tx, actor, input.hubId);
    const associationIds = await checkReferences(tx, input.values);
    // The dashboard files a hub's figures under its kind and its 自治会: a change of either moves them.
    await withHubPlacement(tx, input.hubId, async () => {
      const updated = await tx.update(hubs).set(hubColumns(input.values, input.openData)).where(eq(hubs.id, input.hubId)).returning({ id: hubs.id });
      if (updated.length === 0) throw new NotFound("hub not found");
      await tx.delete(hubAssociations).where(eq(hubAssociations.hubId, input.hubId));
      if (associationIds.length > 0) await tx.insert(hubAssociations).values(associationIds.map((associationId) => ({ hubId: input.hubId, associationId })));
    });
    await recordAudit(tx, { actorUserId: actor.userId, action: "hub.updated", targetType: "hub", targetId: input.hubId, ip: actor.ip });
  });
}

/** Creates a hub (an admin's form, or a row of the city's 公共施設一覧 with its open-data fields) and audits it. */
export async function createHub(db: Db, input: { values: HubFormInput; actorUserId: string; ip: string | null; openData?: HubOpenDataFields }): Promise<number> {
  return db.transaction(async (tx) => {
    const associationIds = await checkReferences(tx, input.values);
    const [row] = await tx.insert(hubs).values(hubColumns(input.values, input.openData)).returning({ id: hubs.id });
    if (!row) throw new Error("hub not created");
    if (associationIds.length > 0) await tx.insert(hubAssociations).values(associationIds.map((associationId) => ({ hubId: row.id, associationId })));
    await recordAudit(tx, { actorUserId: input.actorUserId, action: "hub.created", targetType: "hub", targetId: row.id, ip: input.ip });
    return row.id;
  });
}

export type CreateAssociationResult = { ok: true; id: number } | { ok: false; reason: "duplicate" };

/** Creates a 自治会 in a district; a name already used in that district is refused. */
export async function createAssociation(
  db: Db,
  input: { name: string; districtId: number; actorUserId: string; ip: string | null },
): Promise<CreateAssociationResult> {
  return db.transaction(async (tx) => {
    const [district] = await tx.select({ id: districts.id }).from(districts).where(eq(districts.id, input.districtId));
    if (!district) throw new Invalid("unknown district");
    const [row] = await tx
      .insert(associations)
      .values({ name: input.name, districtId: input.districtId })
      .onConflictDoNothing()
      .returning({ id: associations.id });
    if (!row) return { ok: false as const, reason: "duplicate" as const };
    await recordAudit(tx, { actorUserId: input.actorUserId, action: "association.created", targetType: "association", targetId: row.id, ip: input.ip });
    return { ok: true as const, id: row.id };
  });
}

/** Every hub's id and name, for choosing one (admin scope form). */
export async function listAllHubNames(db: Db) {
  return db.select({ id: hubs.id, name: hubs.name }).from(hubs).orderBy(asc(hubs.name));
}

/** Every 自治会 with its district and how many hubs serve it. */
export async function listAssociations(db: Db) {
  return db
    .select({
      id: associations.id,
      name: associations.name,
      districtName: districts.name,
      hubCount: sql<number>`(select count(*)::int from ${hubAssociations} where ${hubAssociations.associationId} = ${associations.id})`,
    })
    .from(associations)
    .innerJoin(districts, eq(districts.id, associations.districtId))
    .orderBy(asc(districts.name), asc(associations.name));
}
