// Withdrawal of consent and the end of retention: the identifying data of a supported person
// goes for good, in one transaction; what stays is anonymous and only what the 参加支援
// indicators count (stage history dates, entry kinds and dates, meeting rows, partner links).
import { randomBytes } from "node:crypto";
import { and, eq, gt, inArray, isNotNull, isNull, lt, sql } from "drizzle-orm";
import {
  accompanimentEntries,
  occurrences,
  signups,
  supportAssignments,
  supportBookings,
  supportedPersons,
  supportPartnerLinks,
  supportPartners,
} from "#db/schema";
import type { Db } from "~/lib/db.server";
import { Invalid, NotFound } from "~/lib/domain-errors";
import { recordAudit } from "./audit.server";
import { cancelSignup } from "./signups.server";
import { cancelVisitIn, liveFutureVisitIds } from "./support-visits.server";
import { requireAssigned, type Actor } from "./support.server";

/** A random stand-in that says nothing about the person: 「匿名-3f9a…」. */
function anonymousToken(): string {
  return `匿名-${randomBytes(8).toString("hex")}`;
}

/**
 * Removes every identifying value of `personId` in one transaction. `actorUserId` is null for
 * the retention sweep. Returns false if the person was already anonymised.
 */
export async function anonymisePerson(
  db: Db,
  personId: number,
  reason: { kind: "withdrawal"; withdrawnOn: string; actorUserId: string; ip?: string | null } | { kind: "retention" },
): Promise<boolean> {
  const done = await db.transaction(async (tx) => {
    const [person] = await tx
      .select({ id: supportedPersons.id, consentGivenOn: supportedPersons.consentGivenOn })
      .from(supportedPersons)
      .where(and(eq(supportedPersons.id, personId), isNull(supportedPersons.anonymisedAt)))
      .for("update");
    if (!person) return false;
    const token = anonymousToken();
    await tx
      .update(supportedPersons)
      .set({
        caseCode: token,
        pseudonym: token,
        realNameEncrypted: null,
        interests: [],
        constraints: [],
        constraintNote: null,
        districtId: null,
        walkingMetres: null,
        consentPurpose: null,
        consentScope: null,
        consentWithdrawnOn: reason.kind === "withdrawal" ? (reason.withdrawnOn < person.consentGivenOn ? person.consentGivenOn : reason.withdrawnOn) : null,
        anonymisedAt: new Date(),
      })
      .where(eq(supportedPersons.id, personId));
    await tx.update(accompanimentEntries).set({ notes: null }).where(eq(accompanimentEntries.personId, personId));
    // A partner who is a private individual (家族, 近所の人…) and who helped only this person is
    // identifying too: the name goes, the link stays for the partners count.
    const onlyMine = await tx
      .select({ id: supportPartners.id })
      .from(supportPartners)
      .innerJoin(supportPartnerLinks, eq(supportPartnerLinks.partnerId, supportPartners.id))
      .where(
        and(
          eq(supportPartnerLinks.personId, personId),
          eq(supportPartners.kind, "person"),
          sql`not exists (select 1 from ${supportPartnerLinks} other where other.partner_id = ${supportPartners.id} and other.person_id <> ${personId})`,
        ),
      );
    for (const partner of onlyMine) {
      await tx.update(supportPartners).set({ name: anonymousToken() }).where(eq(supportPartners.id, partner.id));
    }
    // Withdrawal or retention: the places booked ahead are given back (the waitlist moves up as
    // usual); the retention sweep has no actor, so the cancellation names none.
    {
      const live = await tx
        .select({ signupId: signups.id })
        .from(supportBookings)
        .innerJoin(signups, eq(signups.id, supportBookings.signupId))
        .innerJoin(occurrences, eq(occurrences.id, signups.occurrenceId))
        .where(and(eq(supportBookings.personId, personId), inArray(signups.status, ["confirmed", "waitlisted"]), gt(occurrences.startsAt, new Date())));
      for (const booking of live) {
        await cancelSignup(tx, { signupId: booking.signupId, byUserId: reason.kind === "withdrawal" ? reason.actorUserId : null, asOrganiser: true });
      }
      // 見学 places too: the next visitor waiting takes the place.
      for (const visitId of await liveFutureVisitIds(tx, personId)) await cancelVisitIn(tx, visitId);
    }
    // Nobody needs to open this record again.
    await tx.delete(supportAssignments).where(eq(supportAssignments.personId, personId));
    await recordAudit(tx, {
      actorUserId: reason.kind === "withdrawal" ? reason.actorUserId : null,
      action: "support.person.anonymised",
      targetType: "supported_person",
      targetId: personId,
      ip: reason.kind === "withdrawal" ? reason.ip : null,
      details: { reason: reason.kind },
    });
    return true;
  });
  if (done) {
    // PostgreSQL keeps the old row versions until VACUUM; clear them now rather than later.
    // Best effort: VACUUM cannot run everywhere (e.g. inside an outer transaction).
    await db.execute(sql`vacuum supported_persons, accompaniment_entries, support_partners`).catch(() => {});
  }
  return done;
}

/** Withdrawal by an assigned coordinator, who confirms by typing the case code again. */
export async function withdrawConsent(db: Db, actor: Actor, personId: number, input: { withdrawnOn: string; confirmCaseCode: string }): Promise<void> {
  await requireAssigned(db, actor, personId);
  const [person] = await db.select({ caseCode: supportedPersons.caseCode }).from(supportedPersons).where(eq(supportedPersons.id, personId));
  if (!person) throw new NotFound();
  // The typed code arrives NFKC-normalised (parseWith); a code stored before that may be full-width.
  if (person.caseCode.normalize("NFKC") !== input.confirmCaseCode.normalize("NFKC")) throw new Invalid("case code does not match", { field: "confirmCaseCode", key: "support.field.confirm.mismatch" });
  await anonymisePerson(db, personId, { kind: "withdrawal", withdrawnOn: input.withdrawnOn, actorUserId: actor.userId, ip: actor.ip });
}

/**
 * The retention sweep: anonymises every person whose support ended more than `days` days ago.
 * Run on start-up and by `npm run support:retention` (e.g. daily from cron).
 */
export async function applyRetention(db: Db, options: { days: number; now?: Date }): Promise<number> {
  const cutoff = new Date((options.now ?? new Date()).getTime() - options.days * 24 * 60 * 60 * 1000);
  const due = await db
    .select({ id: supportedPersons.id })
    .from(supportedPersons)
    .where(and(isNull(supportedPersons.anonymisedAt), isNotNull(supportedPersons.endedAt), lt(supportedPersons.endedAt, cutoff)));
  let count = 0;
  for (const person of due) if (await anonymisePerson(db, person.id, { kind: "retention" })) count += 1;
  return count;
}

