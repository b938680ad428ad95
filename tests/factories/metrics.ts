import { activities, categories, occurrences } from "#db/schema";
import type { Db } from "~/lib/db.server";

let sequence = 0;

export async function createCategory(db: Db, overrides: Partial<typeof categories.$inferInsert> = {}) {
  const n = ++sequence;
  const [row] = await db
    .insert(categories)
    .values({ code: `metrics_cat_${n}_${Math.random().toString(36).slice(2, 6)}`, labelJa: `分類${n}`, labelEn: `Category ${n}`, ...overrides })
    .returning();
  if (!row) throw new Error("category not created");
  return row;
}

/** A one-off activity at `hubId` with one occurrence starting at `startsAt` (1 hour long). */
export async function createSession(
  db: Db,
  input: { hubId: number; categoryId: number; startsAt: Date; status?: "scheduled" | "cancelled"; hours?: number },
) {
  const n = ++sequence;
  const endsAt = new Date(+input.startsAt + (input.hours ?? 1) * 3_600_000);
  const date = new Date(+input.startsAt + 9 * 3_600_000).toISOString().slice(0, 10);
  const [activity] = await db
    .insert(activities)
    .values({
      hubId: input.hubId,
      categoryId: input.categoryId,
      title: `活動${n}`,
      scheduleKind: "once",
      startDate: date,
      startTime: "10:00",
      endTime: "11:00",
    })
    .returning();
  if (!activity) throw new Error("activity not created");
  const [occurrence] = await db
    .insert(occurrences)
    .values({
      activityId: activity.id,
      originalDate: date,
      startsAt: input.startsAt,
      endsAt,
      status: input.status ?? "scheduled",
      cancelReason: input.status === "cancelled" ? "雨天中止" : null,
    })
    .returning();
  if (!occurrence) throw new Error("occurrence not created");
  return { activity, occurrence };
}
