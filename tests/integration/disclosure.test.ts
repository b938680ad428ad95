import { describe, expect, test } from "vitest";
import { fiscalYearPeriod } from "~/lib/metrics/periods";
import { recordAttendance } from "~/services/attendance.server";
import { hubMonthTable, hubThisMonth, indicatorTable } from "~/services/metrics.server";
import { createCategory, createSession } from "../factories/metrics";
import { createAssociation, createDistrict, createHub, createHubKind } from "../factories/places";
import { createUser } from "../factories/users";
import { useTestDatabase } from "../setup/database";
import { collectPublished, solveCells, type CityShape } from "../support/published-views";

/**
 * ADR 023 tried as an attacker would. Small cities are generated; every figure the product
 * publishes about them (tests/support/published-views.ts) is collected; then
 * - every cell of 1–2 people is flipped (1 ↔ 2, first-timers likewise) and everything is
 *   collected again: the two cities must publish the same text, so nothing published can tell
 *   them apart, by subtraction or by any other means;
 * - a solver takes every published number as an exact sum of its cells and solves the whole
 *   system: no cell of 1–2 people comes out as its true value.
 * The three attacks found on the product before ADR 023 are tests of their own below.
 */
const database = useTestDatabase();
const hour = 3_600_000;

/** A small deterministic generator (mulberry32), so a failure names its seed. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Cell {
  /** `${hubId}|${categoryId}|${month}`, as the views name cells. */
  key: string;
  occurrenceId: number;
  startsAt: Date;
  participants: number;
  firstTimers: number;
}

async function record(userId: string, cell: Pick<Cell, "occurrenceId" | "startsAt" | "participants" | "firstTimers">, supported = 0) {
  await recordAttendance(database.db, { userId }, {
    occurrenceId: cell.occurrenceId,
    participants: cell.participants,
    firstTimers: cell.firstTimers,
    supportedParticipants: supported,
    now: new Date(+cell.startsAt + 2 * hour),
  });
}

/**
 * Five hubs over two districts, two kinds, three 自治会 and two categories, with a session in
 * about half of the hub × category × month cells of the first four months of `fiscalYear` (each
 * seed its own 年度, so the city-wide views of one seed hold only its own cells).
 */
async function generateCity(seed: number, fiscalYear: number) {
  const db = database.db;
  const next = random(seed);
  const months = [4, 5, 6, 7].map((m) => `${fiscalYear}-${String(m).padStart(2, "0")}-01`);
  const districts = [await createDistrict(db), await createDistrict(db)];
  const kinds = [await createHubKind(db), await createHubKind(db)];
  const associations = await Promise.all([0, 0, 1].map((d) => createAssociation(db, { districtId: districts[d]?.id })));
  const categoryIds = [(await createCategory(db)).id, (await createCategory(db)).id];
  const hubs: CityShape["hubs"] = [];
  for (let i = 0; i < 5; i++) {
    const districtId = districts[i % 2]?.id ?? 0;
    const associationIds = associations.filter((a) => a.districtId === districtId && next() < 0.7).map((a) => a.id);
    const hub = await createHub(db, { districtId, kindId: kinds[Math.floor(next() * 2)]?.id, associationIds });
    hubs.push({ id: hub.id, districtId, kindId: hub.kindId, associationIds });
  }
  const organiser = await createUser(db, { roles: ["organiser"], hubIds: hubs.map((h) => h.id) });
  const cells: Cell[] = [];
  for (const hub of hubs) {
    for (const categoryId of categoryIds) {
      for (const month of months) {
        if (next() < 0.45) continue;
        // Small cells are common on purpose: they are what is protected.
        const participants = next() < 0.45 ? 1 + Math.floor(next() * 2) : 3 + Math.floor(next() * 10);
        const firstTimers = participants <= 2 ? Math.floor(next() * 2) : Math.floor(next() * Math.min(participants, 4));
        const startsAt = new Date(`${month.slice(0, 8)}${String(5 + Math.floor(next() * 20)).padStart(2, "0")}T10:00:00+09:00`);
        const { occurrence } = await createSession(db, { hubId: hub.id, categoryId, startsAt });
        const cell = { key: `${hub.id}|${categoryId}|${month}`, occurrenceId: occurrence.id, startsAt, participants, firstTimers };
        await record(organiser.id, cell);
        cells.push(cell);
      }
    }
  }
  const shape: CityShape = { fiscalYear, months, hubs, categoryIds };
  return { shape, cells, organiserId: organiser.id };
}

/** Each count of 1–2 becomes the other (first-timers too, where the participants allow). */
function flipped(cell: Cell): Cell {
  const flip = (v: number) => (v === 1 ? 2 : v === 2 ? 1 : v);
  const participants = flip(cell.participants);
  const firstTimers = cell.participants <= 2 ? Math.min(cell.firstTimers, 1) : flip(cell.firstTimers);
  return { ...cell, participants, firstTimers };
}

// The generated cities run on PGlite only: the rule is one SQL function and the same queries on
// both databases, and each city publishes ~17,000 lines twice (a minute a city).
describe.skipIf(process.env.TEST_DB_KIND === "postgres").each([
  [11, 2023],
  [47, 2025],
])("a generated city (seed %i, 年度%i)", (seed, fiscalYear) => {
  test("flipping every count of 1–2 changes nothing published; solving every view recovers none of them", async () => {
    const city = await generateCity(seed, fiscalYear);
    const before = await collectPublished(database.db, city.shape);
    const small = city.cells.filter((c) => c.participants <= 2);
    expect(small.length, "the generated city has cells of 1–2 people").toBeGreaterThan(3);

    const solving = Date.now();
    const solved = await solveCells(before.views);
    const recovered = small.filter((c) => solved.get(c.key) === c.participants).map((c) => `${c.key} = ${c.participants}`);
    console.log(
      `seed ${seed}: ${before.views.length} participant views (${before.text.split("\n").length} published lines), ` +
        `${small.length} cells of 1–2 people, ${solved.size} cells pinned by the solver (${Date.now() - solving} ms), ${recovered.length} recovered`,
    );
    expect(recovered, "cells of 1–2 people the solver recovered").toEqual([]);

    for (const cell of city.cells) {
      const other = flipped(cell);
      if (other.participants !== cell.participants || other.firstTimers !== cell.firstTimers) await record(city.organiserId, other);
    }
    const after = await collectPublished(database.db, city.shape);
    const changed = before.text.split("\n").filter((line, i) => line !== after.text.split("\n")[i]);
    expect(changed, "published lines that change when only 1s and 2s are swapped").toEqual([]);
  });
});

/**
 * The three attacks found on the product before ADR 023, on a hand-made 年度2022 of three
 * districts, each one hub of its own kind: P1 (district P) had 2 participants in June, 2 of them
 * 参加支援; Q1 (district Q) 20 and 12; R1 (district R) 15 and 15. Each test recovered P1's 2
 * before the change (the previous rules hid figures table by table).
 */
describe("the three attacks found before ADR 023", () => {
  const fy = fiscalYearPeriod(2022);
  const june = new Date("2022-06-10T10:00:00+09:00");
  const setUp = async () => {
    const db = database.db;
    const [p, q, r] = [await createDistrict(db), await createDistrict(db), await createDistrict(db)];
    const [kindP, kindQ, kindR] = [await createHubKind(db), await createHubKind(db), await createHubKind(db)];
    const category = await createCategory(db);
    const p1 = await createHub(db, { districtId: p.id, kindId: kindP.id });
    const q1 = await createHub(db, { districtId: q.id, kindId: kindQ.id });
    const r1 = await createHub(db, { districtId: r.id, kindId: kindR.id });
    const organiser = await createUser(db, { roles: ["organiser"], hubIds: [p1.id, q1.id, r1.id] });
    for (const [hub, participants, supported] of [[p1, 2, 2], [q1, 20, 12], [r1, 15, 15]] as const) {
      const { occurrence } = await createSession(db, { hubId: hub.id, categoryId: category.id, startsAt: june });
      await record(organiser.id, { occurrenceId: occurrence.id, startsAt: june, participants, firstTimers: 0 }, supported);
    }
    return { districts: [p.id, q.id, r.id], kinds: [kindP.id, kindQ.id, kindR.id], hubs: [p1.id, q1.id, r1.id] };
  };
  let made: Awaited<ReturnType<typeof setUp>> | undefined;
  const city = async () => (made ??= await setUp());
  const figure = async (code: string, filters = {}) => (await indicatorTable(database.db, fy, filters)).find((r) => r.code === code)?.figure;
  /** What the attacker computes: the whole less every part that shows a number. */
  const wholeLessParts = async (code: string, parts: object[]) => {
    let rest = (await figure(code))?.value ?? Number.NaN;
    for (const filters of parts) rest -= (await figure(code, filters))?.value ?? 0;
    return rest;
  };

  test("parts against the whole: the city less each district shown, and 参加支援 of all kinds less each kind", async () => {
    const { districts, kinds } = await city();
    const [p, q, r] = districts;
    expect((await figure("participants", { districtId: p }))?.text).toBe("3未満");
    // Before: 37 − 20 − 15 = 2. Now P1's 2 is counted as 0 or 3 in every sum.
    expect([0, 3]).toContain(await wholeLessParts("participants", [{ districtId: q }, { districtId: r }]));
    // 参加支援 participants: before, all kinds (29) less kinds Q (12) and R (15) gave P1's 2.
    // Now they are published for the city and the 年度 only.
    expect((await figure("support_participants"))?.value).toBe(29);
    for (const kindId of kinds) expect(await figure("support_participants", { kindId })).toBeNull();
    expect(await wholeLessParts("support_participants", kinds.map((kindId) => ({ kindId })))).toBe(29);
  });

  test("filtered tables: the June column less every cell shown in any table, filtered or not, is not P1's 2", async () => {
    const { districts, hubs } = await city();
    const tables = await Promise.all([{}, ...districts.map((districtId) => ({ districtId }))].map((filters) => hubMonthTable(database.db, fy, filters)));
    const shownCell = new Map<number, number>();
    for (const table of tables) {
      const j = table.months.indexOf("2022-06-01");
      for (const hub of table.hubs) {
        const value = hub.participants[j]?.value;
        if (value !== null && value !== undefined) shownCell.set(hub.hubId, value);
      }
    }
    expect(shownCell.has(hubs[0] ?? 0), "P1's cell is shown nowhere").toBe(false);
    const cityTable = tables[0]!;
    const column = cityTable.participantsColumnTotals[cityTable.months.indexOf("2022-06-01")]?.value ?? Number.NaN;
    // Before: Q1's or R1's cell, hidden beside P1's in the city's table, was shown in its district's.
    expect([0, 3]).toContain(column - [...shownCell.values()].reduce((a, b) => a + b, 0));
  });

  test("the public hub page against the dashboard: the June column less every hub page shown is not P1's 2", async () => {
    const { hubs } = await city();
    const pages = await Promise.all(hubs.map((hubId) => hubThisMonth(database.db, hubId, june)));
    expect(pages[0]?.participants.text).toBe("3未満");
    const table = await hubMonthTable(database.db, fy);
    const column = table.participantsColumnTotals[table.months.indexOf("2022-06-01")]?.value ?? Number.NaN;
    // Before: the dashboard hid R1's 15 beside P1's 2, and R1's public page showed it.
    const shown = pages.reduce((sum, page) => sum + (page?.participants.value ?? 0), 0);
    expect([0, 3]).toContain(column - shown);
  });
});
