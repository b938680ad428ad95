// The organiser's side of 参加支援 visits: what cancelling a session does to its 見学. Kept apart
// from support-visits.server.ts (the coordinator's matching and booking) so the organiser's
// services need none of the matching; the places themselves are capacity.server.ts's.
import { and, eq, inArray } from "drizzle-orm";
import { supportAssignments, supportVisitFills, supportVisits } from "#db/schema";
import { recordAudit } from "./audit.server";
import type { Tx } from "./capacity.server";
import { notify } from "./notifications.server";


/**
 * The organiser cancelled the session: inside that transaction, every live 見学 of it is marked
 * cancelled with the session's reason (kept, never deleted, so the person's page can say why),
 * its places are given back (the count follows the rows), each is audited, and every coordinator assigned to the person is
 * told in the app and by mail. The notice names no person, place or time (要配慮個人情報 stays
 * out of mail, decision 009): it says a 見学 booking changed and links to the person's page,
 * where only an assigned coordinator can read what changed. Returns the visits cancelled.
 */
export async function cancelVisitsWithSession(
  tx: Tx,
  input: { occurrenceId: number; reason: string; actorUserId: string; ip?: string | null; now?: Date },
): Promise<number> {
  // The caller has updated the session (its row is locked). A booking racing this either
  // committed first (and is cancelled here) or waits on the session, then finds it cancelled.
  // No places row means no visit was ever booked: nothing to do, and none is made (a row would
  // count as a reference and keep the session from being removed by a series edit).
  const [fill] = await tx.select().from(supportVisitFills).where(eq(supportVisitFills.occurrenceId, input.occurrenceId)).for("update");
  if (!fill) return 0;
  const live = await tx
    .update(supportVisits)
    .set({ status: "cancelled", cancelledAt: input.now ?? new Date(), cancelReason: input.reason, cancelledWithSession: true })
    .where(and(eq(supportVisits.occurrenceId, input.occurrenceId), inArray(supportVisits.status, ["expected", "waitlisted"])))
    .returning({ id: supportVisits.id, personId: supportVisits.personId });
  if (live.length === 0) return 0;
  for (const visit of live) {
    await recordAudit(tx, {
      actorUserId: input.actorUserId,
      action: "support.visit.cancelled",
      targetType: "supported_person",
      targetId: visit.personId,
      ip: input.ip,
      details: { visitId: visit.id, occurrenceId: input.occurrenceId, withSession: true },
    });
    const coordinators = await tx.select({ id: supportAssignments.coordinatorId }).from(supportAssignments).where(eq(supportAssignments.personId, visit.personId));
    for (const coordinator of coordinators) {
      await notify(tx, {
        userId: coordinator.id,
        kind: "support_visit_cancelled",
        payload: { activity: "", path: `/support/${visit.personId}` },
        dedupeKey: `support_visit_cancelled:${visit.id}:${coordinator.id}`,
      });
    }
  }
  return live.length;
}

