// The residents who applied for one session, as the organiser sees them on the session page and
// prints them for the reception desk (issue 14): who is coming, who waits, the day-before call
// list. Places, check-in and cancelling are applications.server.ts's; this only reads, in scope.
import { and, eq } from "drizzle-orm";
import { activities, hubs, occurrences } from "#db/schema";
import type { Db } from "~/lib/db.server";
import { NotFound } from "~/lib/domain-errors";
import { listParticipants } from "./applications.server";
import { editableBy, type Actor } from "./permissions.server";

/**
 * A session of the actor's hubs with its applicants: confirmed first, then the queue in its
 * order, then cancelled (listParticipants). Phone numbers and e-mail addresses come with each
 * applicant only when `withContact` (the organiser asked for them); the 前日連絡 list (confirmed
 * applicants with a phone number and no e-mail, whom nobody reminds by mail) always has the phone
 * numbers: it is the organiser's list of people to call. NotFound out of scope.
 */
export async function getSessionParticipants(db: Db, actor: Actor, occurrenceId: number, options: { withContact?: boolean; now?: Date } = {}) {
  const now = options.now ?? new Date();
  const [session] = await db
    .select({
      id: occurrences.id,
      startsAt: occurrences.startsAt,
      endsAt: occurrences.endsAt,
      status: occurrences.status,
      activityId: activities.id,
      activityTitle: activities.title,
      activityStatus: activities.status,
      registrationRequired: activities.registrationRequired,
      maxPartySize: activities.maxPartySize,
      capacity: activities.capacity,
      hubName: hubs.name,
    })
    .from(occurrences)
    .innerJoin(activities, eq(activities.id, occurrences.activityId))
    .innerJoin(hubs, eq(hubs.id, activities.hubId))
    .where(and(eq(occurrences.id, occurrenceId), editableBy(actor, activities.hubId)));
  if (!session) throw new NotFound("occurrence not found");
  const all = await listParticipants(db, actor, occurrenceId, { withContact: true });
  // Counted from the list just read, not asked of the database a second time.
  const people = (status: "confirmed" | "waitlisted") => all.filter((p) => p.status === status).reduce((sum, p) => sum + p.partySize, 0);
  const counts = { confirmed: people("confirmed"), waiting: people("waitlisted"), capacity: session.capacity };
  const callList = all.filter((p) => p.status === "confirmed" && p.phoneOnly && p.phone).map((p) => ({ id: p.id, name: p.name, partySize: p.partySize, phone: p.phone ?? "" }));
  // The code stays with the resident and the service (check-in, cancelling): no page shows it.
  const participants = all.map(({ phone, email, code: _code, checkedIn, hasAccount, enteredByOrganiser, ...p }) => ({
    ...p,
    checkedIn: Boolean(checkedIn),
    hasAccount: Boolean(hasAccount),
    enteredByOrganiser: Boolean(enteredByOrganiser),
    contact: options.withContact ? { phone: phone ?? null, email: email ?? null } : null,
  }));
  return {
    // The organiser may enter a phone or paper application until the session starts, as
    // enterApplication allows (it refuses anything else).
    session: { ...session, takesEntries: session.status === "scheduled" && session.activityStatus === "active" && session.startsAt > now },
    counts: { ...counts, parties: all.filter((p) => p.status === "confirmed").length },
    participants,
    callList,
  };
}

export type SessionParticipants = Awaited<ReturnType<typeof getSessionParticipants>>;
