import { beforeAll, describe, expect, test } from "vitest";
import { districtPopulations, hubs } from "#db/schema";
import { eq } from "drizzle-orm";
import { fiscalYearPeriod } from "~/lib/metrics/periods";
import { parseDashboardQuery } from "~/lib/metrics/query";
import { recordAttendance } from "~/services/attendance.server";
import { districtCoverage, districtParticipation, uncoveredTotals } from "~/services/coverage.server";
import { indicatorTable } from "~/services/metrics.server";
import { loader as dashboardLoader } from "~/routes/staff._index";
import { createCategory, createSession } from "../factories/metrics";
import { createDistrict, createHub } from "../factories/places";
import { createUser, sessionCookie } from "../factories/users";
import { useTestDatabase } from "../setup/database";
import { context, get, run } from "../setup/requests";

const database = useTestDatabase({ asAppDatabase: true });
const tokyo = (iso: string) => new Date(`${iso}+09:00`);
const fy2026 = fiscalYearPeriod(2026);
const fy2025 = fiscalYearPeriod(2025);

/** 18 five-year bands per sex; `older` people in each of the five bands from 65 up, `younger` in each band below. */
function bands(younger: number, older: number): number[] {
  return Array.from({ length: 18 }, (_, i) => (i >= 13 ? older : younger));
}

/**
 * Four districts on a line near Ikoma (0.01° of longitude ≈ 915 m, of latitude ≈ 1,110 m):
 * - 北 (34.700, 135.700): active hub A 330 m away; 65+: 2·5·100 = 1,000.
 * - 東 (34.700, 135.720): hub B is closed and hub E a draft, both beside its centre; A is 1.83 km away; 65+: 2,000.
 * - 南 (34.720, 135.700): hub C met only in 年度2025; A is 2.19 km away; 65+: 500.
 * - 西 (34.760, 135.760): no population loaded; the nearest active hub is far.
 */
const city = {} as { north: number; east: number; south: number; west: number; a: number; c: number; staff: string };

async function held(hubId: number, categoryId: number, startsAt: Date, participants: number, userId: string) {
  const { occurrence } = await createSession(database.db, { hubId, categoryId, startsAt });
  await recordAttendance(database.db, { userId }, { occurrenceId: occurrence.id, participants, firstTimers: 0, supportedParticipants: 0, now: new Date(+startsAt + 3_600_000) });
}

beforeAll(async () => {
  const db = database.db;
  const north = await createDistrict(db, { name: "北地区", lat: 34.7, lng: 135.7 });
  const east = await createDistrict(db, { name: "東地区", lat: 34.7, lng: 135.72 });
  const south = await createDistrict(db, { name: "南地区", lat: 34.72, lng: 135.7 });
  const west = await createDistrict(db, { name: "西地区", lat: 34.76, lng: 135.76 });
  await db.insert(districtPopulations).values([
    { districtId: north.id, asOf: "2026-04-01", total: 4000, households: 1800, male: bands(150, 100), female: bands(150, 100) },
    { districtId: east.id, asOf: "2026-04-01", total: 6000, households: 2600, male: bands(150, 200), female: bands(150, 200) },
    { districtId: south.id, asOf: "2026-04-01", total: 1500, households: 700, male: bands(50, 50), female: bands(50, 50) },
  ]);
  const a = await createHub(db, { districtId: north.id, lat: 34.703, lng: 135.7 });
  const b = await createHub(db, { districtId: east.id, lat: 34.7, lng: 135.7201 });
  const c = await createHub(db, { districtId: south.id, lat: 34.7201, lng: 135.7 });
  await createHub(db, { districtId: east.id, lat: 34.7001, lng: 135.72, status: "draft" });
  const organiser = await createUser(db, { roles: ["organiser"], hubIds: [a.id, b.id, c.id] });
  const category = await createCategory(db);
  await held(a.id, category.id, tokyo("2026-06-10T10:00:00"), 20, organiser.id);
  await held(a.id, category.id, tokyo("2026-07-08T10:00:00"), 18, organiser.id);
  // B met, then closed: it reaches nobody now. C met only in 年度2025.
  await held(b.id, category.id, tokyo("2026-05-12T10:00:00"), 2, organiser.id);
  await db.update(hubs).set({ status: "closed" }).where(eq(hubs.id, b.id));
  await held(c.id, category.id, tokyo("2025-10-10T10:00:00"), 12, organiser.id);
  const staff = await createUser(db, { roles: ["staff"] });
  Object.assign(city, { north: north.id, east: east.id, south: south.id, west: west.id, a: a.id, c: c.id, staff: await sessionCookie(staff.id) });
});

describe("coverage by population", () => {
  test("within 10 minutes on foot, only 北 is covered; the uncovered come first, most residents aged 65+ first", async () => {
    const districts = await districtCoverage(database.db, fy2026, 800);
    expect(districts.map((d) => [d.name, d.covered, d.population?.aged65Plus ?? null])).toEqual([
      ["東地区", false, 2000],
      ["南地区", false, 500],
      ["西地区", false, null],
      ["北地区", true, 1000],
    ]);
    // The closed hub beside 東's centre and the draft one do not count: its nearest active hub is A.
    const east = districts.find((d) => d.id === city.east);
    expect(east?.nearest?.id).toBe(city.a);
    expect(east?.nearest?.metres).toBeGreaterThan(1800);
    expect(east?.nearest?.metres).toBeLessThan(1900);
    expect(districts.find((d) => d.id === city.north)?.nearest?.metres).toBeLessThan(400);
    expect(uncoveredTotals(districts)).toEqual({ districts: 3, aged65Plus: 2500, withoutPopulation: 1 });
  });

  test("a longer walk covers more; a hub that met in the period covers its district", async () => {
    const thirty = await districtCoverage(database.db, fy2026, 30 * 80);
    expect(thirty.filter((d) => !d.covered).map((d) => d.name)).toEqual(["西地区"]);
    // In 年度2025 hub C met, and A and B had not begun: 南 is covered by C, 北 is not.
    const earlier = await districtCoverage(database.db, fy2025, 800);
    expect(earlier.find((d) => d.id === city.south)).toMatchObject({ covered: true, nearest: { id: city.c } });
    expect(earlier.find((d) => d.id === city.north)?.covered).toBe(false);
  });

  test("the walking time comes from the form in minutes, or from an older link's radius in metres", () => {
    expect(parseDashboardQuery(new URLSearchParams("walk=15"))).toMatchObject({ walkMinutes: 15, radius: 1200 });
    expect(parseDashboardQuery(new URLSearchParams("radius=800"))).toMatchObject({ walkMinutes: 10, radius: 800 });
    expect(parseDashboardQuery(new URLSearchParams("walk=7"))).toMatchObject({ walkMinutes: 10 });
    expect(parseDashboardQuery(new URLSearchParams(""))).toMatchObject({ walkMinutes: 10, radius: 800 });
  });
});

describe("participation by district", () => {
  test("participants per 100 residents aged 65+ and in total, with the indicator table's published figure", async () => {
    const rows = await districtParticipation(database.db, fy2026);
    const north = rows.find((r) => r.districtId === city.north);
    expect(north).toMatchObject({ participants: { value: 38 }, per100Aged65Plus: 3.8, per100Residents: 1 });
    for (const row of rows) {
      const table = await indicatorTable(database.db, fy2026, { districtId: row.districtId });
      expect(row.participants.text, row.name).toBe(table.find((r) => r.code === "participants")?.figure?.text);
    }
    // 東's only session had 2 people: published 「3未満」, so no rate is derived from it.
    const east = rows.find((r) => r.districtId === city.east);
    expect(east).toMatchObject({ participants: { value: null, text: "3未満" }, per100Aged65Plus: null });
    expect(rows.find((r) => r.districtId === city.west)).toMatchObject({ population: null, per100Residents: null });
  });

  test("the dashboard carries both views for staff", async () => {
    const response = await run(() => dashboardLoader({ request: get("/staff?fy=2026&walk=10", city.staff), context, params: {} }));
    expect(response.status).toBe(200);
    const data = await response.json();
    expect(data.coverage.uncovered).toEqual({ districts: 3, aged65Plus: 2500, withoutPopulation: 1 });
    expect(data.coverage.hubs.map((h: { id: number }) => h.id)).toEqual([city.a]);
    expect(data.participation).toHaveLength(4);
  });
});
