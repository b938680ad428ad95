// Attendance saved at the same moment by many organisers, on PostgreSQL only (PGlite takes one
// connection at a time): the summaries they share (a hub's month set, its 年度 totals, the city's
// month and 年度 rows) must end up exactly as a full rebuild makes them, with no deadlock.
import { describe, expect, test } from "vitest";
import { recordAttendance } from "~/services/attendance.server";
import { cancelOccurrence } from "~/services/organise.server";
import { rebuildSummaries } from "~/services/metric-rollups.server";
import { createCategory, createSession } from "../factories/metrics";
import { createHub } from "../factories/places";
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
    const sessions: { id: number; startsAt: Date; participants: number }[] = [];
    for (const hub of hubs) {
      for (const category of categories) {
        for (const [i, day] of days.entries()) {
          for (const hourOfDay of [10, 14]) {
            const startsAt = tokyo(`${day}T${hourOfDay}:00:00`);
            const { occurrence } = await createSession(db, { hubId: hub.id, categoryId: category.id, startsAt });
            sessions.push({ id: occurrence.id, startsAt, participants: 3 + i });
          }
        }
      }
    }
    const record = (s: (typeof sessions)[number]) =>
      recordAttendance(db, { occurrenceId: s.id, userId: organiser.id, participants: s.participants, firstTimers: 1, supportedParticipants: 0, now: new Date(+s.startsAt + 3_600_000) });
    const saves = await Promise.allSettled(sessions.map(record));
    expect(saves.flatMap((r) => (r.status === "rejected" ? [String(r.reason)] : []))).toEqual([]);

    // Cancellations of recorded sessions racing corrections of others.
    const cancelled = sessions.filter((_, i) => i % 6 === 0);
    const corrected = sessions.filter((_, i) => i % 6 === 1);
    const racing = await Promise.allSettled([
      ...cancelled.map((s) => cancelOccurrence(db, { occurrenceId: s.id, userId: organiser.id, reason: "中止", now: new Date(+s.startsAt + 600_000) })),
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
});
