import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { attendanceRecords, auditEvents, hubs, metricHubMonths } from "#db/schema";
import { Conflict } from "~/lib/domain-errors";
import { parseCsv } from "~/lib/metrics/csv";
import { customPeriod, fiscalYearPeriod } from "~/lib/metrics/periods";
import { recordAttendance, rollupMatchesAttendance } from "~/services/attendance.server";
import { computeIndicators, countNotYetRecorded, hubMonthTable, indicatorTable } from "~/services/metrics.server";
import { indicatorCsv, hubMonthCsv } from "~/services/metrics-export.server";
import { createCategory, createSession } from "../factories/metrics";
import { createAssociation, createDistrict, createHub } from "../factories/places";
import { createUser } from "../factories/users";
import { useTestDatabase } from "../setup/database";

const database = useTestDatabase();
const tokyo = (iso: string) => new Date(`${iso}+09:00`);
const hour = 3_600_000;

/**
 * The hand-made city:
 * - hub A (district 1) serves 自治会 X and Y; held a session on 31 March 2026 (年度2025) and two in 年度2026,
 *   the first at 00:30 on 1 April 2026.
 * - hub B (district 2) serves Y and Z; first session ever on 2 April 2026 (2 participants), and one
 *   at 00:00 on 1 April 2027 (年度2027, not counted in 2026).
 * - hub C (district 1) serves W; held a session only in 年度2025.
 * - hub D (district 1) serves V; first session at 23:00 on 31 March 2027 (still 年度2026).
 * - a cancelled session and a past session without a record at hub B.
 */
const city = {} as {
  a: number;
  b: number;
  c: number;
  d: number;
  district1: number;
  district2: number;
  associationY: number;
  category: number;
  otherCategory: number;
  organiser1: string;
  organiser2: string;
};

async function held(hubId: number, categoryId: number, startsAt: Date, counts: { participants: number; firstTimers?: number; supported?: number }, userId: string) {
  const { occurrence } = await createSession(database.db, { hubId, categoryId, startsAt });
  await recordAttendance(database.db, { userId }, {
    occurrenceId: occurrence.id,
    participants: counts.participants,
    firstTimers: counts.firstTimers ?? 0,
    supportedParticipants: counts.supported ?? 0,
    now: new Date(+startsAt + 2 * hour),
  });
  return occurrence;
}

beforeAll(async () => {
  const db = database.db;
  const d1 = await createDistrict(db);
  const d2 = await createDistrict(db);
  const [x, y, z, w, v] = await Promise.all([d1, d1, d2, d1, d1].map((d) => createAssociation(db, { districtId: d.id })));
  const category = await createCategory(db);
  const otherCategory = await createCategory(db);
  const a = await createHub(db, { districtId: d1.id, associationIds: [x!.id, y!.id] });
  const b = await createHub(db, { districtId: d2.id, associationIds: [y!.id, z!.id] });
  const c = await createHub(db, { districtId: d1.id, associationIds: [w!.id] });
  const d = await createHub(db, { districtId: d1.id, associationIds: [v!.id] });
  const organiser1 = await createUser(db, { roles: ["organiser"], hubIds: [a.id, c.id, d.id] });
  const organiser2 = await createUser(db, { roles: ["organiser"], hubIds: [b.id] });
  Object.assign(city, {
    a: a.id, b: b.id, c: c.id, d: d.id, district1: d1.id, district2: d2.id, associationY: y!.id,
    category: category.id, otherCategory: otherCategory.id, organiser1: organiser1.id, organiser2: organiser2.id,
  });
  await held(a.id, category.id, tokyo("2026-03-31T23:30:00"), { participants: 10 }, organiser1.id);
  await held(c.id, category.id, tokyo("2025-06-01T10:00:00"), { participants: 5 }, organiser1.id);
  await held(a.id, category.id, tokyo("2026-04-01T00:30:00"), { participants: 20, firstTimers: 3, supported: 2 }, organiser1.id);
  await held(a.id, otherCategory.id, tokyo("2026-05-10T10:00:00"), { participants: 15 }, organiser1.id);
  await held(b.id, category.id, tokyo("2026-04-02T10:00:00"), { participants: 2 }, organiser2.id);
  await held(d.id, category.id, tokyo("2027-03-31T23:00:00"), { participants: 4 }, organiser1.id);
  await held(b.id, category.id, tokyo("2027-04-01T00:00:00"), { participants: 100 }, organiser2.id);
  await createSession(db, { hubId: b.id, categoryId: category.id, startsAt: tokyo("2026-06-01T10:00:00"), status: "cancelled" });
  await createSession(db, { hubId: b.id, categoryId: category.id, startsAt: tokyo("2026-07-01T10:00:00") });
});

describe("indicators on a hand-made city", () => {
  test("年度2026: each figure, with 31 March and 1 April on the right side", async () => {
    const values = await computeIndicators(database.db, fiscalYearPeriod(2026));
    expect(values).toMatchObject({
      active_hubs: 3, // A, B, D (C only in 2025)
      active_associations: 4, // X, Y (A and B share it, counted once), Z, V
      new_hubs: 2, // B and D; A held one on 31 March 2026
      continuing_hubs: 1, // A
      sessions_held: 4,
      participants: 41, // 20 + 15 + 2 + 4
      first_timers: 3,
      support_participants: 2,
      operators: 2, // both organisers recorded attendance
      volunteer_hours: 0, // nobody on a roster was ticked in this city
      accompanied: 0, // no 参加支援 records in this city
    });
  });

  test("年度2025 holds the 31 March session and 2027 the 1 April 00:00 one", async () => {
    const fy2025 = await computeIndicators(database.db, fiscalYearPeriod(2025));
    expect(fy2025).toMatchObject({ active_hubs: 2, sessions_held: 2, participants: 15, new_hubs: 2, continuing_hubs: 0, active_associations: 3 });
    const fy2027 = await computeIndicators(database.db, fiscalYearPeriod(2027));
    expect(fy2027).toMatchObject({ active_hubs: 1, sessions_held: 1, participants: 100, continuing_hubs: 1, new_hubs: 0 });
  });

  test("a custom range reads the month rollup and agrees with the year one", async () => {
    const april = customPeriod("2026-04-01", "2026-04-30")!;
    expect(await computeIndicators(database.db, april)).toMatchObject({ active_hubs: 2, sessions_held: 2, participants: 22, first_timers: 3 });
    const wholeYear = customPeriod("2026-04-01", "2027-03-31")!;
    expect(wholeYear.fiscalYear).toBe(2026);
  });

  test("custom ranges with each filter: new and continuing hubs across the 年度 boundary, 自治会 and 担い手", async () => {
    const db = database.db;
    // March–April 2026: A on 31 March and 1 April, B on 2 April; nothing in January–February.
    const marchApril = customPeriod("2026-03-01", "2026-04-30")!;
    expect(await computeIndicators(db, marchApril)).toMatchObject({
      active_hubs: 2,
      new_hubs: 2, // A's first session ever is 31 March, B's 2 April
      continuing_hubs: 0,
      active_associations: 3, // X, Y, Z
      sessions_held: 3,
      participants: 32,
      first_timers: 3,
      operators: 2,
    });
    // May: only A (other category), active in April too: continuing, not new.
    const may = customPeriod("2026-05-01", "2026-05-31")!;
    expect(await computeIndicators(db, may)).toMatchObject({ active_hubs: 1, new_hubs: 0, continuing_hubs: 1, participants: 15, operators: 1 });
    // The same month by category: May is A's first session of the other category (new for that
    // category), and A held nothing of it in April (not continuing).
    expect(await computeIndicators(db, may, { categoryId: city.otherCategory })).toMatchObject({ active_hubs: 1, new_hubs: 1, continuing_hubs: 0, participants: 15 });
    // With a district as well, the selection is read hub by hub: the same answer.
    expect(await computeIndicators(db, may, { categoryId: city.otherCategory, districtId: city.district1 })).toMatchObject({ active_hubs: 1, new_hubs: 1, continuing_hubs: 0, participants: 15, operators: 1 });
    expect(await computeIndicators(db, may, { categoryId: city.category })).toMatchObject({ active_hubs: 0, participants: 0, operators: 0 });
    const april = customPeriod("2026-04-01", "2026-04-30")!;
    expect(await computeIndicators(db, april, { districtId: city.district1 })).toMatchObject({
      active_hubs: 1,
      continuing_hubs: 1, // A held on 31 March
      active_associations: 2, // X, Y
      participants: 20,
      operators: 1,
    });
    expect(await computeIndicators(db, april, { associationId: city.associationY })).toMatchObject({ active_hubs: 2, active_associations: 1, participants: 22, operators: 2 });
    const [kindOfB] = await db.select({ kindId: hubs.kindId }).from(hubs).where(eq(hubs.id, city.b));
    expect(await computeIndicators(db, april, { kindId: kindOfB!.kindId })).toMatchObject({ active_hubs: 1, new_hubs: 1, participants: 2, operators: 1 });
  });

  test("filters: district, 自治会 served by several hubs, category", async () => {
    const fy = fiscalYearPeriod(2026);
    expect(await computeIndicators(database.db, fy, { districtId: city.district2 })).toMatchObject({ active_hubs: 1, participants: 2 });
    // Y is served by A and B: both count, and only Y itself is counted as a 自治会.
    expect(await computeIndicators(database.db, fy, { associationId: city.associationY })).toMatchObject({
      active_hubs: 2,
      active_associations: 1,
      participants: 37,
    });
    expect(await computeIndicators(database.db, fy, { categoryId: city.otherCategory })).toMatchObject({ active_hubs: 1, sessions_held: 1, participants: 15 });
  });

  test("sessions due without a record are counted apart, cancelled ones not at all", async () => {
    expect(await countNotYetRecorded(database.db, fiscalYearPeriod(2026), {}, tokyo("2027-06-01T00:00:00"))).toBe(1);
  });
});

describe("recording attendance", () => {
  test("saving twice never double-counts; a correction moves the rollup by the difference; both audited", async () => {
    const hub = await createHub(database.db);
    const user = await createUser(database.db, { roles: ["organiser"], hubIds: [hub.id] });
    const startsAt = tokyo("2030-09-01T10:00:00");
    const { occurrence } = await createSession(database.db, { hubId: hub.id, categoryId: city.category, startsAt });
    const now = new Date(+startsAt + hour);
    const input = { occurrenceId: occurrence.id, participants: 12, firstTimers: 2, supportedParticipants: 0, now };
    const actor = { userId: user.id };
    expect(await recordAttendance(database.db, actor, input)).toEqual({ created: true });
    expect(await recordAttendance(database.db, actor, input)).toEqual({ created: false });
    await recordAttendance(database.db, actor, { ...input, participants: 9 });
    const [rollup] = await database.db.select().from(metricHubMonths).where(eq(metricHubMonths.hubId, hub.id));
    expect(rollup).toMatchObject({ sessions: 1, participants: 9, firstTimers: 2, month: "2030-09-01" });
    expect(await rollupMatchesAttendance(database.db, hub.id)).toBe(true);
    const audits = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.targetType, "occurrence"), eq(auditEvents.targetId, String(occurrence.id))));
    expect(audits.map((a) => a.action)).toEqual(["attendance.recorded", "attendance.updated", "attendance.updated"]);
    expect(audits[2]?.details).toMatchObject({ before: { participants: 12 }, after: { participants: 9 } });
  });

  test("refused for future, cancelled and long-past sessions", async () => {
    const hub = await createHub(database.db);
    const user = await createUser(database.db, { roles: ["organiser"], hubIds: [hub.id] });
    const startsAt = tokyo("2030-09-01T10:00:00");
    const { occurrence } = await createSession(database.db, { hubId: hub.id, categoryId: city.category, startsAt });
    const { occurrence: cancelled } = await createSession(database.db, { hubId: hub.id, categoryId: city.category, startsAt, status: "cancelled" });
    const base = { participants: 5, firstTimers: 0, supportedParticipants: 0 };
    const actor = { userId: user.id };
    await expect(recordAttendance(database.db, actor, { ...base, occurrenceId: occurrence.id, now: new Date(+startsAt - hour) })).rejects.toBeInstanceOf(Conflict);
    await expect(recordAttendance(database.db, actor, { ...base, occurrenceId: occurrence.id, now: new Date(+startsAt + 15 * 24 * hour) })).rejects.toBeInstanceOf(Conflict);
    await expect(recordAttendance(database.db, actor, { ...base, occurrenceId: cancelled.id, now: new Date(+startsAt + hour) })).rejects.toBeInstanceOf(Conflict);
  });

  test("the database refuses negative headcounts and more first-timers than participants", async () => {
    const hub = await createHub(database.db);
    const { occurrence } = await createSession(database.db, { hubId: hub.id, categoryId: city.category, startsAt: tokyo("2030-09-02T10:00:00") });
    await expect(database.db.insert(attendanceRecords).values({ occurrenceId: occurrence.id, participants: -1 })).rejects.toThrow();
    await expect(database.db.insert(attendanceRecords).values({ occurrenceId: occurrence.id, participants: 3, firstTimers: 4 })).rejects.toThrow();
    await expect(database.db.insert(attendanceRecords).values({ occurrenceId: occurrence.id, participants: 3, supportedParticipants: 4 })).rejects.toThrow();
  });
});

describe("suppression of what leaves the server", () => {
  test("a hub's small count is hidden, and 'all but that hub' less 'all' is never that count (ADR 023)", async () => {
    const fy = fiscalYearPeriod(2026);
    // district 2 is hub B alone: 2 participants.
    const onlyB = await indicatorTable(database.db, fy, { districtId: city.district2 });
    expect(onlyB.find((r) => r.code === "participants")?.figure).toMatchObject({ value: null, text: "3未満", csv: "<3" });
    // district 1 is every active hub but B: 39 of 41. B's 2 is published as 0 or 3 in every sum.
    const all = await indicatorTable(database.db, fy);
    const allButB = await indicatorTable(database.db, fy, { districtId: city.district1 });
    const allParticipants = all.find((r) => r.code === "participants")?.figure?.value ?? 0;
    const rest = allButB.find((r) => r.code === "participants")?.figure?.value;
    expect(rest).toBe(39);
    expect([0, 3]).toContain(allParticipants - 39);
    // 参加支援 participants: 2 is 「10未満」, and published for the whole city only.
    expect(all.find((r) => r.code === "support_participants")?.figure?.text).toBe("10未満");
    expect(allButB.find((r) => r.code === "support_participants")?.figure).toBeNull();
    // Hub counts are not people: never hidden.
    expect(allButB.find((r) => r.code === "active_hubs")?.figure?.value).toBe(2);
  });

  test("per hub and month: B's 2 is 「3未満」 in its cell and row, and every total adds it as 0 or 3", async () => {
    const table = await hubMonthTable(database.db, fiscalYearPeriod(2026));
    const b = table.hubs.find((h) => h.hubId === city.b)!;
    const a = table.hubs.find((h) => h.hubId === city.a)!;
    const april = table.months.indexOf("2026-04-01");
    expect(b.participants[april]?.text).toBe("3未満");
    expect(b.participantsTotal.text).toBe("3未満");
    // The April column is A's 20 and B's 0 or 3: never 22.
    expect(a.participants[april]?.value).toBe(20);
    expect([20, 23]).toContain(table.participantsColumnTotals[april]?.value);
    const participantFigures = [...table.hubs.flatMap((h) => [...h.participants, h.participantsTotal]), ...table.participantsColumnTotals, table.participantsGrandTotal];
    expect(participantFigures.some((f) => f.value === 2 || f.value === 22 || f.value === 41)).toBe(false);
  });

  test("per hub: busiest first and the hub count, for a 年度, a category, a custom range and a district", async () => {
    const db = database.db;
    const ranked = async (...args: Parameters<typeof hubMonthTable>) => {
      const table = await hubMonthTable(...args);
      return { ids: table.hubs.map((h) => h.hubId), total: table.totalHubs };
    };
    // 年度2026: A 35 (20 + 15), D 4, B 2.
    expect(await ranked(db, fiscalYearPeriod(2026))).toEqual({ ids: [city.a, city.d, city.b], total: 3 });
    expect(await ranked(db, fiscalYearPeriod(2026), {}, { pageSize: 1, page: 1 })).toEqual({ ids: [city.d], total: 3 });
    expect(await ranked(db, fiscalYearPeriod(2026), { categoryId: city.otherCategory })).toEqual({ ids: [city.a], total: 1 });
    // March–April 2026: A 30 (10 + 20), B 2.
    expect(await ranked(db, customPeriod("2026-03-01", "2026-04-30")!)).toEqual({ ids: [city.a, city.b], total: 2 });
    expect(await ranked(db, customPeriod("2026-03-01", "2026-04-30")!, { districtId: city.district2 })).toEqual({ ids: [city.b], total: 1 });
  });

  test("the CSVs parse back to the same figures as the page", async () => {
    const fy = fiscalYearPeriod(2026);
    const rows = await indicatorTable(database.db, fy);
    const csv = parseCsv(indicatorCsv(rows, fy, "ja"));
    expect(csv[0]).toEqual(["指標コード", "指標", "期間", "実績", "策定時の値", "策定時の日付", "目標値", "進捗率"]);
    const participants = csv.find((r) => r[0] === "participants");
    expect(participants?.[3]).toBe(String(rows.find((r) => r.code === "participants")?.figure?.value));
    expect(["39", "42"]).toContain(participants?.[3]);
    expect(csv.find((r) => r[0] === "support_participants")?.[3]).toBe("<10");
    expect(csv.find((r) => r[0] === "accompanied")?.[3]).toBe("0");
    expect(csv.find((r) => r[0] === "volunteer_hours")?.[3]).toBe("0");
    const monthly = parseCsv(hubMonthCsv(await hubMonthTable(database.db, fy, {}, { pageSize: null }), fy));
    const header = monthly[0]!;
    const aprilColumn = header.indexOf("2026-04");
    const bRow = monthly.find((r) => r[0] === String(city.b) && r[2] === "参加者数")!;
    expect(bRow[aprilColumn]).toBe("<3");
    const aRow = monthly.find((r) => r[0] === String(city.a) && r[2] === "開催回数")!;
    expect(aRow[header.indexOf("2026-05")]).toBe("1");
  });
});
