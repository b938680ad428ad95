// Attendance saved at the same moment by many organisers, on PostgreSQL only (PGlite takes one
// connection at a time): the summaries they share (a hub's month set, its 年度 totals, the city's
// month and 年度 rows) must end up exactly as a full rebuild makes them, with no deadlock.
import { describe, expect, test } from "vitest";
import { isAccessibilityFeature } from "~/lib/accessibility";
import { recordAttendance } from "~/services/attendance.server";
import { getHubForEditing, updateHub } from "~/services/hub-editing.server";
import { cancelOccurrence } from "~/services/organise.server";
import { rebuildSummaries } from "~/services/metric-rollups.server";
import { createCategory, createSession } from "../factories/metrics";
import { createAssociation, createDistrict, createHub, createHubKind } from "../factories/places";
import { createUser } from "../factories/users";
import { testDbKind, useTestDatabase } from "../setup/database";
import { summaryTables } from "../support/metric-summaries";

const onPostgres = testDbKind() === "postgres";
const database = useTestDatabase({ poolMax: 20 });
const tokyo = (iso: string) => new Date(`${iso}+09:00`);

describe.skipIf(!onPostgres)("summaries under concurrent attendance saves (PostgreSQL)", () => {
  test("48 saves and 8 cancellations at once over two hubs, two categories and a 年度 boundary equal a full rebuild", async () => {
    const db = database.db;
    const categories = [await createCategory(db), await createCategory(db)];
    const hubs = [await createHub(db), await createHub(db)];
    const organiser = await createUser(db, { roles: ["organiser"], hubIds: hubs.map((h) => h.id) });
    // 2037-02 to 2037-05: two 年度s, so every save moves hub, city month and city year rows others move too.
    const days = ["2037-02-10", "2037-03-10", "2037-03-31", "2037-04-01", "2037-04-20", "2037-05-10"];
    const sessions: { id: number; activityId: number; startsAt: Date; participants: number }[] = [];
    for (const hub of hubs) {
      for (const category of categories) {
        for (const [i, day] of days.entries()) {
          for (const hourOfDay of [10, 14]) {
            const startsAt = tokyo(`${day}T${hourOfDay}:00:00`);
            const { occurrence } = await createSession(db, { hubId: hub.id, categoryId: category.id, startsAt });
            sessions.push({ id: occurrence.id, activityId: occurrence.activityId, startsAt, participants: 3 + i });
          }
        }
      }
    }
    const record = (s: (typeof sessions)[number]) =>
      recordAttendance(db, { userId: organiser.id }, { occurrenceId: s.id, participants: s.participants, firstTimers: 1, supportedParticipants: 0, now: new Date(+s.startsAt + 3_600_000) });
    const saves = await Promise.allSettled(sessions.map(record));
    expect(saves.flatMap((r) => (r.status === "rejected" ? [String(r.reason)] : []))).toEqual([]);

    // Cancellations of recorded sessions racing corrections of others.
    const cancelled = sessions.filter((_, i) => i % 6 === 0);
    const corrected = sessions.filter((_, i) => i % 6 === 1);
    const racing = await Promise.allSettled([
      ...cancelled.map((s) => cancelOccurrence(db, { userId: organiser.id }, { activityId: s.activityId, occurrenceId: s.id, reason: "中止", now: new Date(+s.startsAt + 600_000) })),
      ...corrected.map((s) => record({ ...s, participants: s.participants + 10 })),
    ]);
    expect(racing.flatMap((r) => (r.status === "rejected" ? [String(r.reason)] : []))).toEqual([]);

    const kept = await summaryTables(db);
    const expectedParticipants = sessions.reduce(
      (sum, s, i) => sum + (i % 6 === 0 ? 0 : s.participants + (i % 6 === 1 ? 10 : 0)),
      0,
    );
    const keptParticipants = (kept.metric_scope_months as { scope: string; participants: number }[]).filter((m) => m.scope === "city").reduce((sum, m) => sum + Number(m.participants), 0);
    expect(keptParticipants).toBe(expectedParticipants);
    await rebuildSummaries(db);
    expect(await summaryTables(db)).toEqual(kept);
  });

  test("edits of hubs' kinds and 自治会 racing attendance saves at those hubs and their neighbours equal a full rebuild", async () => {
    const db = database.db;
    const category = await createCategory(db);
    const district = await createDistrict(db);
    const kinds = [await createHubKind(db), await createHubKind(db)];
    const [a1, a2, a3] = [await createAssociation(db, { districtId: district.id }), await createAssociation(db, { districtId: district.id }), await createAssociation(db, { districtId: district.id })];
    const hubs = [
      await createHub(db, { districtId: district.id, kindId: kinds[0]?.id, associationIds: [a1.id] }),
      await createHub(db, { districtId: district.id, kindId: kinds[0]?.id, associationIds: [a1.id, a2.id] }),
      await createHub(db, { districtId: district.id, kindId: kinds[1]?.id, associationIds: [a2.id] }),
      await createHub(db, { districtId: district.id, kindId: kinds[1]?.id, associationIds: [a3.id] }),
    ];
    const organiser = await createUser(db, { roles: ["organiser"], hubIds: hubs.map((h) => h.id) });
    const days = ["2039-03-10", "2039-04-10", "2039-05-10"];
    const sessions: { id: number; activityId: number; startsAt: Date; participants: number }[] = [];
    for (const hub of hubs) {
      for (const [i, day] of days.entries()) {
        const startsAt = tokyo(`${day}T10:00:00`);
        const { occurrence } = await createSession(db, { hubId: hub.id, categoryId: category.id, startsAt });
        sessions.push({ id: occurrence.id, activityId: occurrence.activityId, startsAt, participants: 4 + i });
      }
    }
    const record = (s: (typeof sessions)[number], extra = 0) =>
      recordAttendance(db, { userId: organiser.id }, { occurrenceId: s.id, participants: s.participants + extra, firstTimers: 1, supportedParticipants: 0, now: new Date(+s.startsAt + 3_600_000) });
    // The first session of each hub is recorded before; the others are saved during the edits.
    const early = sessions.filter((_, i) => i % days.length === 0);
    for (const s of early) await record(s);
    const edit = async (hubId: number, change: { kindId?: number; associationIds?: number[] }) => {
      const current = await getHubForEditing(db, { userId: organiser.id }, hubId);
      const { id: _id, updatedAt: _updatedAt, accessibility, ...fields } = current;
      await updateHub(db, { userId: organiser.id }, { hubId, values: { ...fields, accessibility: accessibility.filter(isAccessibilityFeature), ...change } });
    };
    const racing = await Promise.allSettled([
      ...sessions.filter((s) => !early.includes(s)).map((s) => record(s)),
      ...early.map((s) => record(s, 10)),
      edit(hubs[0]?.id ?? 0, { kindId: kinds[1]?.id, associationIds: [a2.id] }),
      edit(hubs[1]?.id ?? 0, { associationIds: [a3.id] }),
      edit(hubs[2]?.id ?? 0, { kindId: kinds[0]?.id }),
      edit(hubs[3]?.id ?? 0, { kindId: kinds[0]?.id, associationIds: [a1.id, a2.id] }),
    ]);
    expect(racing.flatMap((r) => (r.status === "rejected" ? [String(r.reason)] : []))).toEqual([]);

    const kept = await summaryTables(db);
    const inKind = (kindId: number | undefined) =>
      (kept.metric_scope_months as { scope: string; sessions: number }[]).filter((m) => m.scope === `kind:${kindId}`).reduce((sum, m) => sum + Number(m.sessions), 0);
    // Every hub but the one moved to the second kind is of the first now.
    expect([inKind(kinds[0]?.id), inKind(kinds[1]?.id)]).toEqual([9, 3]);
    await rebuildSummaries(db);
    expect(await summaryTables(db)).toEqual(kept);
  });
});
