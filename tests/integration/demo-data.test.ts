import { count, eq } from "drizzle-orm";
import { expect, test } from "vitest";
import { demoHubs } from "~/commands/demo/places";
import { loadDemoData } from "~/commands/demo";
import { DEMO_COURSE_TITLE } from "~/commands/demo/indicators";
import { listTrainingCourses, supportersTrainedNow } from "~/services/supporters.server";
import { listSurveyResults } from "~/services/surveys.server";
import { associations, districtPopulations, districts, hubAssociations, hubs } from "#db/schema";
import { searchHubs } from "~/services/hubs.server";
import { useTestDatabase } from "../setup/database";

const database = useTestDatabase();

test("the demo data loads once, however often the demo runs", async () => {
  const db = database.db;
  await loadDemoData(db);
  const counts = async () =>
    Promise.all([hubs, associations, hubAssociations].map(async (table) => (await db.select({ n: count() }).from(table))[0]?.n));
  const first = await counts();
  await loadDemoData(db);
  expect(await counts()).toEqual(first);
  // At least the 14 拠点 and 17 自治会 of Ikoma's FY2024 review.
  expect(first[0]).toBe(demoHubs.length);
  expect(first[0]).toBeGreaterThanOrEqual(14);
  expect(first[1]).toBeGreaterThanOrEqual(17);
});

test("every demo hub is public, near Ikoma, and serves at least one 自治会", async () => {
  const db = database.db;
  await loadDemoData(db);
  const { items } = await searchHubs(db, { filters: { features: [] }, near: { lat: 34.692, lng: 135.7 }, page: 1, pageSize: 100 });
  expect(items).toHaveLength(demoHubs.length);
  for (const hub of items) {
    expect(hub.distanceMetres).toBeLessThan(8000);
    expect(hub.associations.length).toBeGreaterThan(0);
  }
});

test("the demo あいサポーター養成講座, starting figure and survey results load once", async () => {
  const db = database.db;
  await loadDemoData(db);
  await loadDemoData(db);
  // 1,646 as of 2024-01-01, plus ten people at the two held sessions (the demo volunteer came to both).
  expect(await supportersTrainedNow(db)).toMatchObject({ total: 1656, counted: 10, starting: { asOf: "2024-01-01", people: 1646 } });
  const courses = await listTrainingCourses(db);
  expect(courses.map((c) => [c.title, c.heldSessions])).toEqual([[DEMO_COURSE_TITLE, 2]]);
  expect((await listSurveyResults(db, 2022)).map((r) => [r.code, r.percentage])).toEqual([
    ["survey_consultation_nearby", 18],
    ["survey_help_nearby", 42.5],
    ["survey_residents_solving", 18.9],
    ["survey_support_until_solved", 17.4],
  ]);
  expect((await listSurveyResults(db, 2025)).map((r) => [r.code, r.percentage, r.enteredBy])).toEqual([["survey_help_nearby", 44.1, "市職員（デモ）"]]);
});

test("every demo district has its 地域コード and a population, about 30 % aged 65+ across the city, loaded once", async () => {
  const db = database.db;
  await loadDemoData(db);
  const rows = await db
    .select({ code: districts.code, total: districtPopulations.total, aged65Plus: districtPopulations.aged65Plus, updatedAt: districtPopulations.updatedAt })
    .from(districts)
    .leftJoin(districtPopulations, eq(districtPopulations.districtId, districts.id));
  expect(rows.length).toBeGreaterThanOrEqual(14);
  for (const row of rows) {
    expect(row.code).toMatch(/^29209\d{3}$/);
    expect(row.total).toBeGreaterThan(0);
  }
  const total = rows.reduce((sum, row) => sum + (row.total ?? 0), 0);
  const older = rows.reduce((sum, row) => sum + (row.aged65Plus ?? 0), 0);
  expect(older / total).toBeGreaterThan(0.27);
  expect(older / total).toBeLessThan(0.33);
  await loadDemoData(db);
  const again = await db.select({ updatedAt: districtPopulations.updatedAt }).from(districtPopulations);
  expect(again.map((row) => row.updatedAt).sort()).toEqual(rows.map((row) => row.updatedAt).sort());
});
