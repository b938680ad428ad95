import { beforeAll, expect, test } from "vitest";
import { accompanimentEntries, supportedPersons, supportMeetings, supportPartnerLinks, supportPartners, supportStageChanges } from "#db/schema";
import { parseCsv } from "~/lib/metrics/csv";
import { customPeriod, fiscalYearPeriod } from "~/lib/metrics/periods";
import { computeIndicators, indicatorTable, stageMoveTable } from "~/services/metrics.server";
import { indicatorCsv } from "~/services/metrics-export.server";
import { countStageMovesByTarget } from "~/services/metrics-support.server";
import { createDistrict } from "../factories/places";
import { useTestDatabase } from "../setup/database";

const database = useTestDatabase();
let districtA = 0;

/**
 * Four fictional supported persons:
 * - P1: an interview on 31 March 2026 only (年度2025).
 * - P2: an interview on 1 April 2026 (年度2026).
 * - P3: 相談 → 見学 in October 2025 (so in 見学 when 年度2026 starts), 見学 → お試し on 1 May 2026.
 * - P4: 見学 → 終了 in February 2026: not accompanied in 年度2026.
 * Partners: X with P2 and P3, Z with P3, Y with P1 only. Meetings on 31 March 2026, 1 April 2026, 31 March 2027.
 */
beforeAll(async () => {
  const db = database.db;
  const a = await createDistrict(db);
  const b = await createDistrict(db);
  districtA = a.id;
  const person = async (n: number, districtId: number, stage: "consultation" | "trial" | "ended") => {
    const [row] = await db
      .insert(supportedPersons)
      .values({ caseCode: `T-${n}-${Math.random()}`, pseudonym: `仮名${n}`, consentGivenOn: "2025-01-01", districtId, stage, createdAt: new Date("2025-01-01T00:00:00+09:00"), endedAt: stage === "ended" ? new Date("2026-02-01T00:00:00+09:00") : null })
      .returning({ id: supportedPersons.id });
    return row!.id;
  };
  const p1 = await person(1, a.id, "consultation");
  const p2 = await person(2, a.id, "consultation");
  const p3 = await person(3, b.id, "trial");
  const p4 = await person(4, a.id, "ended");
  await db.insert(accompanimentEntries).values([
    { personId: p1, kind: "interview", occurredOn: "2026-03-31" },
    { personId: p2, kind: "interview", occurredOn: "2026-04-01" },
  ]);
  await db.insert(supportStageChanges).values([
    { personId: p3, fromStage: "consultation", toStage: "visit", changedOn: "2025-10-01" },
    { personId: p3, fromStage: "visit", toStage: "trial", changedOn: "2026-05-01" },
    { personId: p4, fromStage: "consultation", toStage: "visit", changedOn: "2025-06-01" },
    { personId: p4, fromStage: "visit", toStage: "ended", changedOn: "2026-02-01" },
  ]);
  const partner = async (name: string) => (await db.insert(supportPartners).values({ kind: "organisation", name }).returning({ id: supportPartners.id }))[0]!.id;
  const [x, y, z] = [await partner("地域包括支援センター"), await partner("社会福祉協議会"), await partner("就労支援事業所")];
  await db.insert(supportPartnerLinks).values([
    { personId: p2, partnerId: x, linkedOn: "2026-04-01" },
    { personId: p3, partnerId: x, linkedOn: "2025-10-01" },
    { personId: p3, partnerId: z, linkedOn: "2026-05-01" },
    { personId: p1, partnerId: y, linkedOn: "2026-03-01" },
  ]);
  await db.insert(supportMeetings).values([
    { kind: "multi_agency_meeting", heldOn: "2026-03-31" },
    { kind: "support_meeting", heldOn: "2026-04-01" },
    { kind: "multi_agency_meeting", heldOn: "2027-03-31" },
  ]);
});

test("参加支援 indicators on a hand-made set, with 31 March and 1 April on the right side", async () => {
  const fy2026 = await computeIndicators(database.db, fiscalYearPeriod(2026));
  expect(fy2026).toMatchObject({ accompanied: 2, stage_moves: 1, partners: 2, support_meetings: 2 });
  const fy2025 = await computeIndicators(database.db, fiscalYearPeriod(2025));
  // P1 (interview), P3 (見学 from October), P4 (見学 until February); P3's and P4's first moves.
  expect(fy2025).toMatchObject({ accompanied: 3, stage_moves: 2, support_meetings: 1 });
  expect(fy2025.partners).toBe(2); // X (P3) and Y (P1); Z is linked later
  // By district: district A has P2 only in 年度2026; meetings have no district.
  expect(await computeIndicators(database.db, fiscalYearPeriod(2026), { districtId: districtA })).toMatchObject({
    accompanied: 1,
    partners: 1,
    support_meetings: null,
  });
});

test("what leaves the server: 参加支援 counts below 10 are 「10未満」, meetings are shown", async () => {
  const rows = await indicatorTable(database.db, fiscalYearPeriod(2026));
  for (const code of ["accompanied", "stage_moves", "partners"] as const) {
    expect(rows.find((r) => r.code === code)?.figure).toMatchObject({ value: null, text: "10未満", csv: "<10" });
  }
  expect(rows.find((r) => r.code === "support_meetings")?.figure?.value).toBe(2);
});

test("stage moves by target stage (年度2024): 1–9 is 「10未満」 and takes the next smallest with it; filters cannot be subtracted", async () => {
  const db = database.db;
  const b = await createDistrict(db);
  // 12 moves to 見学 (2 of them in district B), 10 to お試し, 3 to 役割, none to 定着; plus a move
  // back (役割 → お試し) and an end (→ 終了), which are not moves forward.
  const moves: { from: "consultation" | "visit" | "trial" | "role"; to: "visit" | "trial" | "role" | "ended"; district: number }[] = [
    ...Array.from({ length: 10 }, () => ({ from: "consultation" as const, to: "visit" as const, district: districtA })),
    ...Array.from({ length: 2 }, () => ({ from: "consultation" as const, to: "visit" as const, district: b.id })),
    ...Array.from({ length: 10 }, () => ({ from: "visit" as const, to: "trial" as const, district: districtA })),
    ...Array.from({ length: 3 }, () => ({ from: "trial" as const, to: "role" as const, district: districtA })),
    { from: "role", to: "trial", district: districtA },
    { from: "trial", to: "ended", district: districtA },
  ];
  for (const [i, move] of moves.entries()) {
    const [row] = await db
      .insert(supportedPersons)
      .values({ caseCode: `M-${i}-${Math.random()}`, pseudonym: `段階${i}`, consentGivenOn: "2024-04-01", districtId: move.district, stage: "trial" })
      .returning({ id: supportedPersons.id });
    await db.insert(supportStageChanges).values({ personId: row!.id, fromStage: move.from, toStage: move.to, changedOn: "2024-06-01" });
  }
  const fy = fiscalYearPeriod(2024);
  expect(await countStageMovesByTarget(db, fy, {})).toEqual({ visit: 12, trial: 10, role: 3, settled: 0 });
  expect((await computeIndicators(db, fy)).stage_moves).toBe(25);
  const all = await stageMoveTable(db, fy, {}, await indicatorTable(db, fy));
  // 役割 3 is hidden; alone in a row with a total it could be recovered, so お試し (the next smallest) goes too.
  expect(all?.stages.map((s) => s.figure.text)).toEqual(["12", "秘匿", "10未満", "0"]);
  expect(all?.total.text).toBe("25");
  // The districts are a partition of the 25 (ADR 023): B's 2 is 「10未満」 and A's 23 goes with it,
  // so the city's 25 less A's gives nothing; the by-stage row is the city's only.
  const movesOf = async (filters: { districtId?: number }) => (await indicatorTable(db, fy, filters)).find((r) => r.code === "stage_moves")?.figure?.text;
  expect([await movesOf({}), await movesOf({ districtId: districtA }), await movesOf({ districtId: b.id })]).toEqual(["25", "秘匿", "10未満"]);
  expect(await stageMoveTable(db, fy, { districtId: districtA }, [])).toBeNull();
  expect(await stageMoveTable(db, customPeriod("2024-06-01", "2024-06-30")!, {}, [])).toBeNull();
  // Nothing shown lets an attacker solve for a hidden cell: the row has 0 or ≥ 2 unknowns.
  const unknowns = [...(all?.stages ?? []).map((s) => s.figure.value), all?.total.value].filter((v) => v === null).length;
  expect(unknowns === 0 || unknowns >= 2).toBe(true);
  expect(await stageMoveTable(db, fy, { categoryId: 1 }, [])).toBeNull();
  // The CSV carries the same suppressed cells, one row per stage moved to.
  const csv = parseCsv(indicatorCsv(await indicatorTable(db, fy), fy, "ja", all));
  const byCode = new Map(csv.map((row) => [row[0], row]));
  expect(["visit", "trial", "role", "settled"].map((stage) => byCode.get(`stage_moves.${stage}`)?.[3])).toEqual(["12", "x", "<10", "0"]);
  expect(byCode.get("stage_moves.trial")?.[1]).toBe("段階の前進（お試し）");
});
