import { count } from "drizzle-orm";
import { expect, test } from "vitest";
import { demoHubs } from "~/commands/demo/places";
import { loadDemoData } from "~/commands/demo";
import { DEMO_COURSE_TITLE } from "~/commands/demo/indicators";
import { listTrainingCourses, supportersTrainedNow } from "~/services/supporters.server";
import { listSurveyResults } from "~/services/surveys.server";
import { associations, hubAssociations, hubs } from "#db/schema";
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
