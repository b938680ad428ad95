import { eq } from "drizzle-orm";
import { activities, activityRoles, categories } from "#db/schema";
import type { Db } from "~/lib/db.server";
import { syncFutureOccurrences } from "~/services/occurrences.server";
import { createHub } from "./places";

let sequence = 0;

/**
 * An active weekly activity (Wednesdays 10:00–11:00 from 2026-11-01) at a new hub unless told
 * otherwise, with its sessions materialised as of `now`.
 */
export async function createActivity(
  db: Db,
  overrides: Partial<typeof activities.$inferInsert> & { category?: string; now?: Date; roles?: Partial<typeof activityRoles.$inferInsert>[] } = {},
) {
  const n = ++sequence;
  const { category = "exercise", now = new Date(), roles = [], ...values } = overrides;
  const hubId = values.hubId ?? (await createHub(db)).id;
  const [cat] = await db.select({ id: categories.id }).from(categories).where(eq(categories.code, category));
  const [row] = await db
    .insert(activities)
    .values({
      title: `活動${n}`,
      scheduleKind: "weekly",
      weekdays: [3],
      startDate: "2026-11-01",
      startTime: "10:00",
      endTime: "11:00",
      ...values,
      hubId,
      categoryId: values.categoryId ?? cat?.id ?? 0,
    })
    .returning();
  if (!row) throw new Error("activity not created");
  for (const [i, role] of roles.entries()) {
    await db.insert(activityRoles).values({ name: `役割${i + 1}`, slots: 1, ...role, activityId: row.id, sortOrder: i });
  }
  await syncFutureOccurrences(db, row.id, now);
  return row;
}
