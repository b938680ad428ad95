import { sql } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { hubs as hubsTable } from "#db/schema";
import { haversineMetres } from "~/lib/geo";
import { explain } from "~/lib/db.server";
import { getPublicHub, HUB_COUNT_CAP, iterPublicHubFeatures, listMapClusters, searchHubs, selectHubPage } from "~/services/hubs.server";
import { createAssociation, createDistrict, createHub, createHubKind } from "../factories/places";
import { useTestDatabase } from "../setup/database";

const database = useTestDatabase();

describe("searchHubs", () => {
  test("orders by true walking distance from the point, with metres", async () => {
    const db = database.db;
    const district = await createDistrict(db);
    const kind = await createHubKind(db);
    // A ring of hubs at known offsets around Ikoma station, inserted in scrambled order.
    const station = { lat: 34.6917, lng: 135.7006 };
    const offsets = [
      [0.004, 0.0],
      [0.0, 0.002],
      [-0.01, 0.01],
      [0.0005, -0.0005],
      [0.02, -0.03],
      [-0.003, -0.001],
    ] as const;
    for (const [dLat, dLng] of offsets) {
      await createHub(db, { lat: station.lat + dLat, lng: station.lng + dLng, districtId: district.id, kindId: kind.id });
    }
    const { items, total } = await searchHubs(db, { filters: { districtId: district.id, features: [] }, near: station, page: 1 });
    expect(total).toBe(offsets.length);
    const distances = items.map((hub) => hub.distanceMetres ?? -1);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    for (const hub of items) {
      expect(hub.distanceMetres).toBeCloseTo(haversineMetres(station, hub), -1);
    }
    expect(items[0]?.distanceMetres).toBeLessThan(80);
  });

  test("filters by district, kind and every chosen accessibility feature", async () => {
    const db = database.db;
    const district = await createDistrict(db);
    const salon = await createHubKind(db, { code: "salon_filter" });
    const hall = await createHubKind(db, { code: "hall_filter" });
    const both = await createHub(db, { districtId: district.id, kindId: salon.id, accessibility: ["step_free", "chairs"] });
    await createHub(db, { districtId: district.id, kindId: salon.id, accessibility: ["step_free"] });
    await createHub(db, { districtId: district.id, kindId: hall.id, accessibility: ["step_free", "chairs"] });
    await createHub(db, { kindId: salon.id, accessibility: ["step_free", "chairs"] });
    const result = await searchHubs(db, {
      filters: { districtId: district.id, kind: "salon_filter", features: ["step_free", "chairs"] },
      page: 1,
    });
    expect(result.items.map((h) => h.id)).toEqual([both.id]);
  });

  test("never lists draft or closed hubs", async () => {
    const db = database.db;
    const district = await createDistrict(db);
    await createHub(db, { districtId: district.id, status: "draft" });
    await createHub(db, { districtId: district.id, status: "closed" });
    const open = await createHub(db, { districtId: district.id });
    const result = await searchHubs(db, { filters: { districtId: district.id, features: [] }, page: 1 });
    expect(result.items.map((h) => h.id)).toEqual([open.id]);
    expect(await getPublicHub(db, open.id + 1_000_000)).toBeUndefined();
  });

  test("pages through results without repeats and clamps a page past the end", async () => {
    const db = database.db;
    const district = await createDistrict(db);
    for (let i = 0; i < 7; i++) await createHub(db, { districtId: district.id, lat: 34.6 + i * 0.001 });
    const filters = { districtId: district.id, features: [] };
    const near = { lat: 34.6, lng: 135.7006 };
    const pages = await Promise.all([1, 2, 3].map((page) => searchHubs(db, { filters, near, page, pageSize: 3 })));
    const ids = pages.flatMap((p) => p.items.map((h) => h.id));
    expect(new Set(ids).size).toBe(7);
    expect(pages.map((p) => p.items.map((h) => h.position))).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    const beyond = await searchHubs(db, { filters, near, page: 99, pageSize: 3 });
    expect(beyond.page).toBe(3);
  });

  test("stops counting past the cap and says so", async () => {
    const db = database.db;
    const district = await createDistrict(db);
    const kind = await createHubKind(db);
    await db.execute(sql`
      insert into hubs (name, address, lat, lng, district_id, kind_id)
      select 'cap' || i, 'x', 34.5, 135.5, ${district.id}, ${kind.id} from generate_series(1, ${HUB_COUNT_CAP + 5}) as i`);
    const result = await searchHubs(db, { filters: { districtId: district.id, features: [] }, page: 1 });
    expect(result.total).toBe(HUB_COUNT_CAP);
    expect(result.totalIsCapped).toBe(true);
    expect(result.pageCount).toBe(Math.ceil((HUB_COUNT_CAP + 1) / result.pageSize));
  });

  test("lists every 自治会 a hub serves", async () => {
    const db = database.db;
    const a = await createAssociation(db, { name: "テスト北自治会" });
    const b = await createAssociation(db, { name: "テスト南自治会" });
    const hub = await createHub(db, { associationIds: [a.id, b.id] });
    const page = await getPublicHub(db, hub.id);
    expect(page?.associations.sort()).toEqual(["テスト北自治会", "テスト南自治会"]);
  });
});

describe("listMapClusters", () => {
  test("groups dense hubs into counted clusters and keeps single hubs identifiable", async () => {
    const db = database.db;
    const district = await createDistrict(db);
    // Ten hubs within ~100 m of each other, and one alone 5 km away.
    for (let i = 0; i < 10; i++) await createHub(db, { districtId: district.id, lat: 35.5 + i * 0.0001, lng: 136.0 });
    const alone = await createHub(db, { districtId: district.id, lat: 35.55, lng: 136.0 });
    const filters = { districtId: district.id, features: [] };
    const clusters = await listMapClusters(db, { bbox: [135.9, 35.4, 136.1, 35.6], zoom: 12, filters });
    expect(clusters.reduce((sum, c) => sum + c.count, 0)).toBe(11);
    expect(clusters.find((c) => c.count === 10)).toBeDefined();
    expect(clusters.find((c) => c.hubId === alone.id)?.count).toBe(1);
    const outside = await listMapClusters(db, { bbox: [130, 30, 131, 31], zoom: 12, filters });
    expect(outside).toEqual([]);
  });
});

describe("iterPublicHubFeatures", () => {
  test("streams every public hub exactly once across batches", async () => {
    const db = database.db;
    for (let i = 0; i < 5; i++) await createHub(db);
    const publicCount = (await db.select().from(hubsTable)).filter((h) => h.status === "public").length;
    const seen: number[] = [];
    for await (const hub of iterPublicHubFeatures(db, 2)) seen.push(hub.id);
    expect(seen.length).toBe(publicCount);
    expect(new Set(seen).size).toBe(seen.length);
  });
});

test("the nearest-first query walks the GiST index instead of sorting every hub", async () => {
  const db = database.db;
  // Enough rows that the planner prefers the index (as at city scale); then read the plan.
  const district = await createDistrict(db);
  const kind = await createHubKind(db);
  await db.execute(sql`
    insert into hubs (name, address, lat, lng, district_id, kind_id)
    select 'plan' || i, 'x', 34 + (i % 200) * 0.005, 135 + (i / 200) * 0.005, ${district.id}, ${kind.id}
    from generate_series(1, 20000) as i`);
  await db.execute(sql`analyze`);
  const query = selectHubPage(db, { filters: { features: [] }, near: { lat: 34.2, lng: 135.2 }, limit: 20, offset: 0 });
  const plan = await explain(database.handle, query.toSQL());
  expect(plan).toMatch(/Index Scan using hubs_earth_gist/);
  expect(plan).not.toMatch(/Seq Scan on hubs/);
});
