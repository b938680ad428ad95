// 見学 capacity under load, on PostgreSQL only (PGlite takes one connection at a time).
import { count, eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { activities, supportVisitFills, supportVisits } from "#db/schema";
import { bookVisit, cancelVisit } from "~/services/support-visits.server";
import { createDistrict } from "../factories/places";
import { createSupportedPerson } from "../factories/support";
import { createUser } from "../factories/users";
import { createRoleSlot } from "../factories/volunteering";
import { testDbKind, useTestDatabase } from "../setup/database";

const onPostgres = testDbKind() === "postgres";
const database = useTestDatabase({ poolMax: 20, asAppDatabase: true });
const HOME = { lat: 34.69, lng: 135.7 };

describe.skipIf(!onPostgres)("見学 capacity under concurrency (PostgreSQL)", () => {
  test("30 concurrent visits for a capacity of 3 leave exactly 3 expected; concurrent cancellations promote without a gap", async () => {
    const db = database.db;
    const coordinator = await createUser(db, { roles: ["coordinator"] });
    const actor = { userId: coordinator.id };
    const district = await createDistrict(db, HOME);
    const people = [];
    for (let i = 0; i < 30; i++) people.push(await createSupportedPerson(db, coordinator.id, { districtId: district.id, walkingMetres: 1500 }));
    const slot = await createRoleSlot(db, { loadTags: ["supported_ok"], hub: { ...HOME } });
    await db.update(activities).set({ capacity: 3 }).where(eq(activities.id, slot.activity.id));
    const results = await Promise.allSettled(people.map((p) => bookVisit(db, actor, p.id, { occurrenceId: slot.occurrence.id, countsAsVisitStage: false })));
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    const tally = async () =>
      Object.fromEntries(
        (await db.select({ status: supportVisits.status, n: count() }).from(supportVisits).where(eq(supportVisits.occurrenceId, slot.occurrence.id)).groupBy(supportVisits.status)).map((r) => [r.status, r.n]),
      );
    expect(await tally()).toEqual({ expected: 3, waitlisted: 27 });
    const expected = await db.select().from(supportVisits).where(eq(supportVisits.status, "expected"));
    await Promise.all(expected.map((v) => cancelVisit(db, actor, v.personId, v.id)));
    expect(await tally()).toEqual({ cancelled: 3, expected: 3, waitlisted: 24 });
    const [fill] = await db.select().from(supportVisitFills).where(eq(supportVisitFills.occurrenceId, slot.occurrence.id));
    expect(fill).toMatchObject({ capacity: 3, expected: 3 });
  });
});
