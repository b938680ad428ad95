import { and, arrayContains, asc, count, eq, gt, inArray, or, sql, type SQL } from "drizzle-orm";
import { associations, districts, hubAssociations, hubKinds, hubs, landmarks } from "#db/schema";
import type { AccessibilityFeature } from "~/lib/accessibility";
import type { Db } from "~/lib/db.server";
import { preparedQuery } from "~/lib/prepared.server";
import { chordToMetres, toUnitSphere, type LatLng } from "~/lib/geo";
import { parseHubSearch } from "~/lib/hub-search";
import { readNear } from "~/lib/search-params";
import { createTtlCache } from "~/lib/ttl-cache.server";

export interface HubFilters {
  districtId?: number;
  kind?: string;
  features: AccessibilityFeature[];
}

export const HUB_PAGE_SIZE = 20;
/**
 * Counting stops here: "1,000か所以上" is as useful to a resident as an exact 100,000, and an
 * exact count would read every matching hub on each request.
 */
export const HUB_COUNT_CAP = 1000;

/** The unit-sphere point of `p` as a cube literal, comparable with `hubs.earth`. */
function earthOf(p: LatLng): SQL {
  const [x, y, z] = toUnitSphere(p);
  return sql`cube(array[${x}::float8, ${y}::float8, ${z}::float8])`;
}

function publicHubWhere(filters: HubFilters): SQL | undefined {
  return and(
    eq(hubs.status, "public"),
    filters.districtId === undefined ? undefined : eq(hubs.districtId, filters.districtId),
    filters.kind === undefined ? undefined : eq(hubKinds.code, filters.kind),
    filters.features.length === 0 ? undefined : arrayContains(hubs.accessibility, filters.features),
  );
}

const hubListColumns = {
  id: hubs.id,
  name: hubs.name,
  address: hubs.address,
  lat: hubs.lat,
  lng: hubs.lng,
  accessibility: hubs.accessibility,
  kindCode: hubKinds.code,
  kindLabelJa: hubKinds.labelJa,
  kindLabelEn: hubKinds.labelEn,
  districtName: districts.name,
};

/** 自治会 served by each of `hubIds`, by hub id. */
async function associationNamesByHub(db: Db, hubIds: number[]): Promise<Map<number, string[]>> {
  const byHub = new Map<number, string[]>();
  if (hubIds.length === 0) return byHub;
  const rows = await db
    .select({ hubId: hubAssociations.hubId, name: associations.name })
    .from(hubAssociations)
    .innerJoin(associations, eq(associations.id, hubAssociations.associationId))
    .where(inArray(hubAssociations.hubId, hubIds))
    .orderBy(asc(associations.name));
  for (const row of rows) byHub.set(row.hubId, [...(byHub.get(row.hubId) ?? []), row.name]);
  return byHub;
}

/**
 * The query for one page of public hubs; with `near`, nearest first. Nearest-first walks the
 * GiST index on `hubs.earth` (KNN), so it never sorts every hub. Exported for `EXPLAIN`.
 */
export function selectHubPage(db: Db, options: { filters: HubFilters; near?: LatLng; limit: number; offset: number }) {
  const near = options.near;
  const chord = near ? sql<number>`${hubs.earth} <-> ${earthOf(near)}` : sql<null>`null`;
  return db
    .select({ ...hubListColumns, chord })
    .from(hubs)
    .innerJoin(hubKinds, eq(hubKinds.id, hubs.kindId))
    .innerJoin(districts, eq(districts.id, hubs.districtId))
    .where(publicHubWhere(options.filters))
    // Distance alone: a second sort key would stop PostgreSQL 15 from using the KNN index.
    .orderBy(...(near ? [chord] : [asc(districts.name), asc(hubs.name), asc(hubs.id)]))
    .limit(options.limit)
    .offset(options.offset);
}

/** One page of public hubs matching `filters`, with the 自治会 they serve and distances. */
export async function searchHubs(
  db: Db,
  options: { filters: HubFilters; near?: LatLng; page: number; pageSize?: number },
) {
  const pageSize = options.pageSize ?? HUB_PAGE_SIZE;
  const matching = db
    .select({ one: sql`1` })
    .from(hubs)
    .innerJoin(hubKinds, eq(hubKinds.id, hubs.kindId))
    .where(publicHubWhere(options.filters))
    .limit(HUB_COUNT_CAP + 1)
    .as("matching");
  const [totalRow] = await db.select({ total: count() }).from(matching);
  const total = Math.min(totalRow?.total ?? 0, HUB_COUNT_CAP + 1);
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, options.page), pageCount);
  const rows = await selectHubPage(db, {
    filters: options.filters,
    near: options.near,
    limit: pageSize,
    offset: (page - 1) * pageSize,
  });
  const associationsByHub = await associationNamesByHub(
    db,
    rows.map((row) => row.id),
  );
  const items = rows.map(({ chord, ...row }, index) => ({
    ...row,
    position: (page - 1) * pageSize + index + 1,
    associations: associationsByHub.get(row.id) ?? [],
    distanceMetres: chord === null ? null : Math.round(chordToMetres(Number(chord))),
  }));
  return { items, total: Math.min(total, HUB_COUNT_CAP), totalIsCapped: total > HUB_COUNT_CAP, page, pageCount, pageSize };
}
export type HubListItem = Awaited<ReturnType<typeof searchHubs>>["items"][number];

/** A public hub with everything its page shows; undefined when there is none. */
const publicHubQuery = preparedQuery((db) =>
  db
    .select({
      ...hubListColumns,
      description: hubs.description,
      contactPhone: hubs.contactPhone,
      contactEmail: hubs.contactEmail,
      contactNote: hubs.contactNote,
      parkingInfo: hubs.parkingInfo,
      updatedAt: hubs.updatedAt,
      associations: sql<string[]>`array(select a.name from hub_associations ha join associations a on a.id = ha.association_id
        where ha.hub_id = ${hubs.id} order by a.name)`,
    })
    .from(hubs)
    .innerJoin(hubKinds, eq(hubKinds.id, hubs.kindId))
    .innerJoin(districts, eq(districts.id, hubs.districtId))
    .where(and(eq(hubs.id, sql.placeholder("hubId")), eq(hubs.status, "public")))
    .prepare("public_hub"),
);

/** A public hub with its 自治会 (one prepared query: the hub page's hot path). */
export async function getPublicHub(db: Db, hubId: number) {
  const [hub] = await publicHubQuery(db).execute({ hubId });
  return hub;
}

/**
 * Up to this many districts the search form lists them; beyond, a district is typed. A city has
 * tens; a prefecture's or the country's 2,000 in two lists were 350 kB of HTML on `/`
 * (docs/performance.md).
 */
export const DISTRICT_LIST_MAX = 100;

const districtColumns = { id: districts.id, name: districts.name, lat: districts.lat, lng: districts.lng };

/**
 * What the search form offers: districts, hub kinds, and stations to search near. With more than
 * DISTRICT_LIST_MAX districts, only the districts the search names (by id, by exact name, or by
 * the `near` point of their centre) come back, with `suggestions` for a name that matches none.
 */
export async function getSearchOptions(db: Db, wanted: { district?: string | null; near?: LatLng } = {}) {
  const [[total], kindRows, landmarkRows] = await Promise.all([
    db.select({ n: count() }).from(districts),
    db.select({ code: hubKinds.code, labelJa: hubKinds.labelJa, labelEn: hubKinds.labelEn }).from(hubKinds).orderBy(asc(hubKinds.sortOrder), asc(hubKinds.code)),
    db.select({ id: landmarks.id, name: landmarks.name, lat: landmarks.lat, lng: landmarks.lng }).from(landmarks).orderBy(asc(landmarks.name)),
  ]);
  const districtsTyped = (total?.n ?? 0) > DISTRICT_LIST_MAX;
  if (!districtsTyped) {
    const districtRows = await db.select(districtColumns).from(districts).orderBy(asc(districts.name));
    return { districts: districtRows, districtsTyped, districtSuggestions: [] as { id: number; name: string }[], kinds: kindRows, landmarks: landmarkRows };
  }
  const text = wanted.district?.trim() ?? "";
  const id = /^\d{1,9}$/.test(text) ? Number(text) : undefined;
  const named = [
    ...(id !== undefined ? [eq(districts.id, id)] : text ? [eq(districts.name, text)] : []),
    // The near list's values are centres to 5 decimals (formatLatLng).
    ...(wanted.near ? [sql`abs(${districts.lat} - ${wanted.near.lat}) < 0.000006 and abs(${districts.lng} - ${wanted.near.lng}) < 0.000006`] : []),
  ];
  const districtRows = named.length === 0 ? [] : await db.select(districtColumns).from(districts).where(or(...named)).orderBy(asc(districts.name)).limit(10);
  const found = districtRows.some((d) => d.id === id || d.name === text);
  // A name that matches none: the districts whose name contains it (「萩」 → 萩の台, 萩原…).
  const districtSuggestions =
    text && id === undefined && !found
      ? await db
          .select({ id: districts.id, name: districts.name })
          .from(districts)
          .where(sql`strpos(${districts.name}, ${text}) > 0`)
          .orderBy(asc(districts.name))
          .limit(10)
      : [];
  return { districts: districtRows, districtsTyped, districtSuggestions, kinds: kindRows, landmarks: landmarkRows };
}
export type SearchOptions = Awaited<ReturnType<typeof getSearchOptions>>;

/** The search form's options, and the search in `params` checked against them (a typed district name is read as its id). */
export async function readHubSearch(db: Db, params: URLSearchParams) {
  const district = params.get("district");
  const options = await getSearchOptions(db, { district, near: readNear(params, new Set()) });
  const byName = district ? options.districts.find((d) => d.name === district.trim()) : undefined;
  const read = new URLSearchParams(params);
  if (byName) read.set("district", String(byName.id));
  const search = parseHubSearch(read, {
    districtIds: new Set(options.districts.map((d) => d.id)),
    kinds: new Set(options.kinds.map((k) => k.code)),
  });
  return { options, search };
}

export interface MapCluster {
  lat: number;
  lng: number;
  count: number;
  /** Set when the cluster is a single hub. */
  hubId: number | null;
  name: string | null;
}

/** Largest number of cells one map request returns. */
const MAP_CELL_LIMIT = 1500;

/**
 * The public hubs inside a map view, grouped into grid cells about 50 px wide at `zoom`, so a
 * view over thousands of hubs returns a few hundred clusters. The bbox uses the GiST index on
 * point(lng, lat).
 */
export async function listMapClusters(
  db: Db,
  options: { bbox: Bbox; zoom: number; filters: HubFilters },
): Promise<MapCluster[]> {
  const [west, south, east, north] = options.bbox;
  const cell = 360 / 2 ** options.zoom / 5;
  const inView = sql`point(${hubs.lng}, ${hubs.lat}) <@ box(point(${west}::float8, ${south}::float8), point(${east}::float8, ${north}::float8))`;
  const cellX = sql`floor(${hubs.lng} / ${cell}::float8)`;
  const cellY = sql`floor(${hubs.lat} / ${cell}::float8)`;
  const rows = await db
    .select({
      lat: sql<number>`avg(${hubs.lat})`.mapWith(Number),
      lng: sql<number>`avg(${hubs.lng})`.mapWith(Number),
      count: count(),
      hubId: sql<number>`min(${hubs.id})`.mapWith(Number),
      name: sql<string>`min(${hubs.name})`,
    })
    .from(hubs)
    .innerJoin(hubKinds, eq(hubKinds.id, hubs.kindId))
    .where(and(publicHubWhere(options.filters), inView))
    .groupBy(cellX, cellY)
    .limit(MAP_CELL_LIMIT);
  return rows.map((row) => ({
    lat: row.lat,
    lng: row.lng,
    count: row.count,
    hubId: row.count === 1 ? row.hubId : null,
    name: row.count === 1 ? row.name : null,
  }));
}

type Bbox = [west: number, south: number, east: number, north: number];

/** Views this far out cover thousands of hubs and look the same for everyone: cached. */
const CACHED_MAX_ZOOM = 9;
const wideViews = createTtlCache<MapCluster[]>({ ttlMs: 60_000, maxEntries: 500 });

/** Widens a bbox to whole multiples of `step` degrees, so nearby views share a cache entry. */
function snapBbox([west, south, east, north]: Bbox, step: number): Bbox {
  return [
    Math.max(-180, Math.floor(west / step) * step),
    Math.max(-90, Math.floor(south / step) * step),
    Math.min(180, Math.ceil(east / step) * step),
    Math.min(90, Math.ceil(north / step) * step),
  ];
}

/** `listMapClusters` for the map: zoomed-out views are widened and cached for a minute. */
export function listMapClustersForView(db: Db, view: { bbox: Bbox; zoom: number; filters: HubFilters }): Promise<MapCluster[]> {
  if (view.zoom > CACHED_MAX_ZOOM) return listMapClusters(db, view);
  const bbox = snapBbox(view.bbox, 2 ** (CACHED_MAX_ZOOM - view.zoom));
  return wideViews.get(JSON.stringify([view.zoom, bbox, view.filters]), () => listMapClusters(db, { ...view, bbox }));
}

/** Public hubs in id order, `batchSize` at a time (keyset pages), for the open-data export. */
export async function* iterPublicHubFeatures(db: Db, batchSize = 2000) {
  let afterId = 0;
  for (;;) {
    const rows = await db
      .select({ ...hubListColumns, description: hubs.description, updatedAt: hubs.updatedAt })
      .from(hubs)
      .innerJoin(hubKinds, eq(hubKinds.id, hubs.kindId))
      .innerJoin(districts, eq(districts.id, hubs.districtId))
      .where(and(eq(hubs.status, "public"), gt(hubs.id, afterId)))
      .orderBy(asc(hubs.id))
      .limit(batchSize);
    if (rows.length === 0) return;
    const associationsByHub = await associationNamesByHub(
      db,
      rows.map((row) => row.id),
    );
    for (const row of rows) yield { ...row, associations: associationsByHub.get(row.id) ?? [] };
    afterId = rows[rows.length - 1]?.id ?? afterId;
  }
}
