import { associations, districts, hubAssociations, hubKinds, hubs } from "#db/schema";
import type { Db } from "~/lib/db.server";

let sequence = 0;
const next = () => ++sequence;

export async function createDistrict(db: Db, overrides: Partial<typeof districts.$inferInsert> = {}) {
  const n = next();
  const [row] = await db
    .insert(districts)
    .values({ name: `地区${n}`, lat: 34.69, lng: 135.7, ...overrides })
    .returning();
  if (!row) throw new Error("district not created");
  return row;
}

export async function createHubKind(db: Db, overrides: Partial<typeof hubKinds.$inferInsert> = {}) {
  const n = next();
  const [row] = await db
    .insert(hubKinds)
    .values({ code: `kind_${n}`, labelJa: `種類${n}`, labelEn: `Kind ${n}`, ...overrides })
    .returning();
  if (!row) throw new Error("hub kind not created");
  return row;
}

export async function createAssociation(db: Db, overrides: Partial<typeof associations.$inferInsert> = {}) {
  const n = next();
  const districtId = overrides.districtId ?? (await createDistrict(db)).id;
  const [row] = await db
    .insert(associations)
    .values({ name: `自治会${n}`, ...overrides, districtId })
    .returning();
  if (!row) throw new Error("association not created");
  return row;
}

/** A public hub near Ikoma station unless told otherwise; creates its district and kind. */
export async function createHub(
  db: Db,
  overrides: Partial<typeof hubs.$inferInsert> & { associationIds?: number[] } = {},
) {
  const n = next();
  const { associationIds = [], ...values } = overrides;
  const districtId = values.districtId ?? (await createDistrict(db)).id;
  const kindId = values.kindId ?? (await createHubKind(db)).id;
  const [row] = await db
    .insert(hubs)
    .values({ name: `拠点${n}`, address: `生駒市元町${n}`, lat: 34.6917, lng: 135.7006, ...values, districtId, kindId })
    .returning();
  if (!row) throw new Error("hub not created");
  if (associationIds.length > 0) {
    await db.insert(hubAssociations).values(associationIds.map((associationId) => ({ hubId: row.id, associationId })));
  }
  return row;
}
