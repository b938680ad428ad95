// Editing a hub's kind or its 自治会 moves the dashboard's summaries in the same transaction
// (issue 13, part 5): what the writes keep is what a full rebuild makes, with no rebuild run.
import { describe, expect, test } from "vitest";
import { isAccessibilityFeature } from "~/lib/accessibility";
import type { HubFormInput } from "~/lib/forms/hubs";
import { fiscalYearPeriod } from "~/lib/metrics/periods";
import { recordAttendance } from "~/services/attendance.server";
import { getHubForEditing, updateHub } from "~/services/hub-editing.server";
import { rebuildSummaries } from "~/services/metric-rollups.server";
import { computeIndicators } from "~/services/metrics.server";
import { signUpForRole } from "~/services/signups.server";
import { createCategory, createSession } from "../factories/metrics";
import { createAssociation, createDistrict, createHub, createHubKind } from "../factories/places";
import { createUser } from "../factories/users";
import { createRoleSlot } from "../factories/volunteering";
import { useTestDatabase } from "../setup/database";
import { summaryTables } from "../support/metric-summaries";

const database = useTestDatabase();
const tokyo = (iso: string) => new Date(`${iso}+09:00`);
const MINUTE = 60_000;

/** Every summary as the writes left it equals what a full rebuild makes of the month rollups. */
async function expectSummariesAsRebuilt() {
  const kept = await summaryTables(database.db);
  expect(kept.metric_scope_months.length).toBeGreaterThan(0);
  await rebuildSummaries(database.db);
  expect(await summaryTables(database.db)).toEqual(kept);
}

/**
 * Two hubs of one kind sharing a 自治会, each with attendance in two 年度 (one session with a
 * volunteer ticked attended, so the hub has 担い手 besides the organiser who records).
 */
async function twoHubsWithAttendance() {
  const db = database.db;
  const district = await createDistrict(db);
  const [kindA, kindB] = [await createHubKind(db), await createHubKind(db)];
  const [shared, second, third] = [
    await createAssociation(db, { districtId: district.id }),
    await createAssociation(db, { districtId: district.id }),
    await createAssociation(db, { districtId: district.id }),
  ];
  const hub = await createHub(db, { kindId: kindA.id, districtId: district.id, associationIds: [shared.id] });
  const neighbour = await createHub(db, { kindId: kindA.id, districtId: district.id, associationIds: [shared.id, second.id] });
  const organiser = await createUser(db, { roles: ["organiser"], hubIds: [hub.id, neighbour.id] });
  const category = await createCategory(db);
  const record = (occurrenceId: number, startsAt: Date, participants: number, roster?: Record<number, "attended">) =>
    recordAttendance(db, { userId: organiser.id }, { occurrenceId, participants, firstTimers: 1, supportedParticipants: 0, roster, now: new Date(+startsAt + 30 * MINUTE) });

  const withRole = tokyo("2036-05-10T10:00:00");
  const slot = await createRoleSlot(db, { hubId: hub.id, startsAt: withRole, minutes: 90 });
  const volunteer = await createUser(db);
  const signup = await signUpForRole(db, { userId: volunteer.id, occurrenceId: slot.occurrence.id, roleId: slot.role.id, now: new Date(+withRole - 24 * 60 * MINUTE) });
  await record(slot.occurrence.id, withRole, 12, { [signup.signupId]: "attended" });
  for (const [hubId, iso, participants] of [
    [hub.id, "2037-06-14T10:00:00", 8],
    [neighbour.id, "2036-05-20T10:00:00", 5],
    [neighbour.id, "2037-07-01T10:00:00", 6],
  ] as const) {
    const { occurrence } = await createSession(db, { hubId, categoryId: category.id, startsAt: tokyo(iso) });
    await record(occurrence.id, tokyo(iso), participants);
  }
  return { hub, kindA, kindB, shared, second, third, organiser };
}

async function edit(hubId: number, actorUserId: string, change: Partial<HubFormInput>) {
  const current = await getHubForEditing(database.db, { userId: actorUserId }, hubId);
  const { id: _id, updatedAt: _updatedAt, accessibility, ...fields } = current;
  const values: HubFormInput = { ...fields, accessibility: accessibility.filter(isAccessibilityFeature), ...change };
  await updateHub(database.db, { userId: actorUserId }, { hubId, values });
}

describe("editing a hub keeps the metric summaries current", () => {
  test("changing its kind moves its figures, months and 担い手 from the old kind to the new one", async () => {
    const { hub, kindA, kindB, organiser } = await twoHubsWithAttendance();
    const fy = fiscalYearPeriod(2036);
    await expectSummariesAsRebuilt();
    expect(await computeIndicators(database.db, fy, { kindId: kindB.id })).toMatchObject({ sessions_held: 0, active_hubs: 0, operators: 0 });

    await edit(hub.id, organiser.id, { kindId: kindB.id });
    expect(await computeIndicators(database.db, fy, { kindId: kindB.id })).toMatchObject({ sessions_held: 1, participants: 12, active_hubs: 1, operators: 2 });
    expect(await computeIndicators(database.db, fy, { kindId: kindA.id })).toMatchObject({ sessions_held: 1, participants: 5, active_hubs: 1, operators: 1 });
    await expectSummariesAsRebuilt();

    // And back: nothing is left behind in either kind.
    await edit(hub.id, organiser.id, { kindId: kindA.id });
    expect(await computeIndicators(database.db, fy, { kindId: kindB.id })).toMatchObject({ sessions_held: 0, active_hubs: 0, operators: 0 });
    await expectSummariesAsRebuilt();
  });

  test("changing its 自治会 moves 参加自治会数 and the 自治会's months; with the kind at once too", async () => {
    const { hub, kindB, shared, second, third, organiser } = await twoHubsWithAttendance();
    const years = [fiscalYearPeriod(2036), fiscalYearPeriod(2037)];
    await expectSummariesAsRebuilt();
    const before = await Promise.all(years.map((fy) => computeIndicators(database.db, fy)));

    // Leaves the shared 自治会 (still served by the neighbour) and joins one nobody served.
    await edit(hub.id, organiser.id, { associationIds: [second.id, third.id] });
    expect(await computeIndicators(database.db, years[0] ?? fiscalYearPeriod(2036), { associationId: third.id })).toMatchObject({ sessions_held: 1, participants: 12 });
    const after = await Promise.all(years.map((fy) => computeIndicators(database.db, fy)));
    expect(after.map((v) => v.active_associations)).toEqual(before.map((v) => Number(v.active_associations) + 1));
    await expectSummariesAsRebuilt();

    // The kind and the 自治会 in one edit, then no 自治会 at all.
    await edit(hub.id, organiser.id, { kindId: kindB.id, associationIds: [shared.id] });
    await expectSummariesAsRebuilt();
    await edit(hub.id, organiser.id, { associationIds: [] });
    expect((await Promise.all(years.map((fy) => computeIndicators(database.db, fy)))).map((v) => v.active_associations)).toEqual(before.map((v) => v.active_associations));
    await expectSummariesAsRebuilt();
  });
});
