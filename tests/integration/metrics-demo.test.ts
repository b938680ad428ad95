import { count } from "drizzle-orm";
import { expect, test } from "vitest";
import { loadDemoData } from "~/commands/demo";
import { attendanceRecords, indicatorTargets, metricHubMonths } from "#db/schema";
import { fiscalYearOf, fiscalYearPeriod } from "~/lib/metrics/periods";
import { computeIndicators } from "~/services/metrics.server";
import { useTestDatabase } from "../setup/database";

const database = useTestDatabase();

test("demo attendance and targets load once and give the dashboard Ikoma-sized figures", async () => {
  const db = database.db;
  await loadDemoData(db);
  const counts = async () =>
    Promise.all([attendanceRecords, metricHubMonths, indicatorTargets].map(async (table) => (await db.select({ n: count() }).from(table))[0]?.n));
  const first = await counts();
  await loadDemoData(db);
  expect(await counts()).toEqual(first);
  expect(first[0]).toBeGreaterThan(100);
  expect(first[2]).toBeGreaterThanOrEqual(6);
  const lastYear = await computeIndicators(db, fiscalYearPeriod(fiscalYearOf(new Date()) - 1));
  expect(lastYear.active_hubs).toBeGreaterThanOrEqual(10);
  expect(lastYear.participants).toBeGreaterThan(1000);
});
