import { eq } from "drizzle-orm";
import { activities, activityRoles, categories, occurrences, volunteerProfiles } from "#db/schema";
import type { Db } from "~/lib/db.server";
import { createHub } from "./places";

let sequence = 0;

/**
 * A one-off activity at a hub with one role and one occurrence `daysAhead` from now (10:00–11:30
 * Tokyo time unless `startsAt` is given). Creates the hub unless `hubId` is given.
 */
export async function createRoleSlot(
  db: Db,
  overrides: {
    hubId?: number;
    slots?: number;
    startsAt?: Date;
    minutes?: number;
    roleName?: string;
    skills?: string[];
    loadTags?: string[];
    categoryCode?: string;
    occurrenceCount?: number;
    hub?: { lat: number; lng: number; accessibility?: string[] };
  } = {},
) {
  const n = ++sequence;
  const hubId = overrides.hubId ?? (await createHub(db, overrides.hub ?? {})).id;
  const [category] = await db.select().from(categories).where(eq(categories.code, overrides.categoryCode ?? "meals"));
  if (!category) throw new Error("categories are seeded by a migration");
  const first = overrides.startsAt ?? nextTokyoTen(3);
  const minutes = overrides.minutes ?? 90;
  const date = first.toISOString().slice(0, 10);
  const [activity] = await db
    .insert(activities)
    .values({
      hubId,
      categoryId: category.id,
      title: `テスト活動${n}`,
      scheduleKind: "once",
      startDate: date,
      startTime: "10:00",
      endTime: "11:30",
    })
    .returning();
  if (!activity) throw new Error("activity not created");
  const [role] = await db
    .insert(activityRoles)
    .values({
      activityId: activity.id,
      name: overrides.roleName ?? `役割${n}`,
      slots: overrides.slots ?? 2,
      skills: overrides.skills ?? [],
      loadTags: overrides.loadTags ?? [],
    })
    .returning();
  if (!role) throw new Error("role not created");
  const occurrenceRows = [];
  for (let i = 0; i < (overrides.occurrenceCount ?? 1); i++) {
    const startsAt = new Date(first.getTime() + i * 7 * 86_400_000);
    const [occurrence] = await db
      .insert(occurrences)
      .values({
        activityId: activity.id,
        originalDate: startsAt.toISOString().slice(0, 10),
        startsAt,
        endsAt: new Date(startsAt.getTime() + minutes * 60_000),
      })
      .returning();
    if (!occurrence) throw new Error("occurrence not created");
    occurrenceRows.push(occurrence);
  }
  const occurrence = occurrenceRows[0];
  if (!occurrence) throw new Error("no occurrence");
  return { hubId, activity, role, occurrence, occurrences: occurrenceRows, category };
}

/** 10:00 Tokyo time (01:00 UTC), `days` days from today. */
export function nextTokyoTen(days: number): Date {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + days);
  d.setUTCHours(1, 0, 0, 0);
  return d;
}

export async function createVolunteerProfile(db: Db, userId: string, overrides: Partial<typeof volunteerProfiles.$inferInsert> = {}) {
  const [row] = await db
    .insert(volunteerProfiles)
    .values({ userId, homeLat: 34.6917, homeLng: 135.7006, maxWalkingMinutes: 20, availability: [], ...overrides })
    .returning();
  if (!row) throw new Error("profile not created");
  return row;
}
