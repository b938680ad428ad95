import { eq } from "drizzle-orm";
import { activities } from "#db/schema";
import type { Db } from "~/lib/db.server";
import type { ApplicantDetails } from "~/services/applications.server";
import { createRoleSlot, nextTokyoTen } from "./volunteering";

/**
 * An activity taking applications (定員 `capacity`, parties of up to `maxPartySize`), with
 * `occurrenceCount` weekly sessions from `startsAt` (three days ahead, 10:00 Tokyo, by default).
 */
export async function createApplicableActivity(
  db: Db,
  options: { capacity?: number | null; maxPartySize?: number; occurrenceCount?: number; startsAt?: Date; hubId?: number; applicationPhone?: string } = {},
) {
  const slot = await createRoleSlot(db, { hubId: options.hubId, occurrenceCount: options.occurrenceCount ?? 1, startsAt: options.startsAt ?? nextTokyoTen(3) });
  const [activity] = await db
    .update(activities)
    .set({
      registrationRequired: true,
      capacity: options.capacity === undefined ? 20 : options.capacity,
      maxPartySize: options.maxPartySize ?? 4,
      applicationPhone: options.applicationPhone ?? null,
    })
    .where(eq(activities.id, slot.activity.id))
    .returning();
  if (!activity) throw new Error("activity not updated");
  return { ...slot, activity };
}

let sequence = 0;

/** A resident's details, e-mail only unless told otherwise. */
export function applicantDetails(overrides: Partial<ApplicantDetails> = {}): ApplicantDetails {
  const n = ++sequence;
  return { name: `参加者${n}`, phone: null, email: `resident${n}@example.jp`, note: null, partySize: 1, firstTime: false, ...overrides };
}
