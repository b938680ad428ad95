// 参加支援: the coordinator's records. Every function that touches one person's record takes
// the coordinator's id and checks the assignment INSIDE the query, so a person who is not
// assigned to the caller is indistinguishable from one that does not exist (NotFound). Every
// read and write is audited; audit details never carry names, pseudonyms or notes.
import { and, asc, desc, eq, exists, inArray, isNull, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import {
  accompanimentEntries,
  districts,
  supportAssignments,
  supportedPersons,
  supportMeetings,
  supportPartnerLinks,
  supportPartners,
  supportStageChanges,
  userRoles,
  users,
} from "#db/schema";
import type { Db } from "~/lib/db.server";
import type { PersonInput } from "~/lib/forms/support";
import { Conflict, NotFound } from "~/lib/domain-errors";
import { decryptField, encryptField } from "~/lib/support-crypto.server";
import { isMeetingKind, type AccompanimentKind, type PartnerKind, type SupportStage } from "~/lib/support";
import { supportNotificationKinds } from "~/lib/notification-kinds";
import { recordAudit, type AuditAction } from "./audit.server";
import type { Actor } from "./permissions.server";
import { countUnreadNotifications, listNotifications, markNotificationsRead } from "./notifications.server";

export type { Actor };

function audit(db: Db, actor: Actor, action: AuditAction, personId: number | null, details?: Record<string, unknown>) {
  return recordAudit(db, { actorUserId: actor.userId, action, targetType: personId === null ? null : "supported_person", targetId: personId, ip: actor.ip, details });
}

/**
 * "where this person is assigned to this coordinator", for use inside every query: the scope is
 * part of the query's own where, so a person out of scope is simply not found. `person` is the
 * column holding the person's id (supported_persons.id unless the query starts elsewhere).
 */
export function assignedTo(coordinatorId: string, person: AnyPgColumn = supportedPersons.id) {
  return exists(
    sql`(select 1 from ${supportAssignments} where ${supportAssignments.personId} = ${person} and ${supportAssignments.coordinatorId} = ${coordinatorId})`,
  );
}

/**
 * The coordinator's own 参加支援 notices (a 見学 cancelled with its session …), newest first, with
 * the unread count. They link to a person's page; the read is audited like every 参加支援 read.
 */
export async function listMySupportNotifications(db: Db, actor: Actor) {
  const [rows, unread] = await Promise.all([
    listNotifications(db, { userId: actor.userId, kinds: supportNotificationKinds, limit: 50 }),
    countUnreadNotifications(db, { userId: actor.userId, kinds: supportNotificationKinds }),
  ]);
  await audit(db, actor, "support.notifications.read", null, { count: rows.length });
  return { notifications: rows, unread };
}

/** How many of the coordinator's 参加支援 notices are unread (for the link on /support). */
export function countMyUnreadSupportNotifications(db: Db, actor: Actor): Promise<number> {
  return countUnreadNotifications(db, { userId: actor.userId, kinds: supportNotificationKinds });
}

export function markMySupportNotificationsRead(db: Db, actor: Actor): Promise<void> {
  return markNotificationsRead(db, { userId: actor.userId, kinds: supportNotificationKinds });
}

/** The person's id if assigned to the actor and not anonymised; otherwise audited and NotFound. */
export async function requireAssigned(db: Db, actor: Actor, personId: number): Promise<number> {
  const [row] = await db
    .select({ id: supportedPersons.id })
    .from(supportedPersons)
    .where(and(eq(supportedPersons.id, personId), isNull(supportedPersons.anonymisedAt), assignedTo(actor.userId)));
  if (!row) {
    await audit(db, actor, "support.access.denied", personId);
    throw new NotFound();
  }
  return row.id;
}

// ── Reading ─────────────────────────────────────────────────────────────────────────────────

/** The caller's own supported persons (pseudonym, stage), newest change first. */
export async function listMyPersons(db: Db, actor: Actor) {
  const rows = await db
    .select({ id: supportedPersons.id, caseCode: supportedPersons.caseCode, pseudonym: supportedPersons.pseudonym, stage: supportedPersons.stage, updatedAt: supportedPersons.updatedAt })
    .from(supportedPersons)
    .where(and(isNull(supportedPersons.anonymisedAt), assignedTo(actor.userId)))
    .orderBy(desc(supportedPersons.updatedAt), desc(supportedPersons.id));
  await audit(db, actor, "support.list.read", null, { count: rows.length });
  return rows;
}

/** One person's whole record, for an assigned coordinator only; the read is audited. */
export async function getPersonRecord(db: Db, actor: Actor, personId: number) {
  const [person] = await db
    .select()
    .from(supportedPersons)
    .where(and(eq(supportedPersons.id, personId), isNull(supportedPersons.anonymisedAt), assignedTo(actor.userId)));
  if (!person) {
    await audit(db, actor, "support.access.denied", personId);
    throw new NotFound();
  }
  const [stages, entries, partners, coordinators, district] = await Promise.all([
    db.select().from(supportStageChanges).where(eq(supportStageChanges.personId, personId)).orderBy(desc(supportStageChanges.changedOn), desc(supportStageChanges.id)),
    db.select().from(accompanimentEntries).where(eq(accompanimentEntries.personId, personId)).orderBy(desc(accompanimentEntries.occurredOn), desc(accompanimentEntries.id)),
    db
      .select({ id: supportPartners.id, kind: supportPartners.kind, name: supportPartners.name, linkedOn: supportPartnerLinks.linkedOn })
      .from(supportPartnerLinks)
      .innerJoin(supportPartners, eq(supportPartners.id, supportPartnerLinks.partnerId))
      .where(eq(supportPartnerLinks.personId, personId))
      .orderBy(asc(supportPartners.name)),
    db
      .select({ id: users.id, displayName: users.displayName })
      .from(supportAssignments)
      .innerJoin(users, eq(users.id, supportAssignments.coordinatorId))
      .where(eq(supportAssignments.personId, personId))
      .orderBy(asc(users.displayName)),
    person.districtId === null ? Promise.resolve([]) : db.select({ name: districts.name }).from(districts).where(eq(districts.id, person.districtId)),
  ]);
  await audit(db, actor, "support.person.read", personId);
  const { realNameEncrypted, ...rest } = person;
  return {
    person: { ...rest, ...readRealName(realNameEncrypted), districtName: district[0]?.name ?? null },
    stages,
    entries,
    partners,
    coordinators,
  };
}

/**
 * The decrypted name. A name written under another key (e.g. demo data seeded with the demo key)
 * is reported as unreadable instead of breaking the page; the error never carries the value.
 */
function readRealName(stored: string | null): { realName: string | null; realNameUnreadable: boolean } {
  if (!stored) return { realName: null, realNameUnreadable: false };
  try {
    return { realName: decryptField(stored), realNameUnreadable: false };
  } catch {
    return { realName: null, realNameUnreadable: true };
  }
}

/** Meetings the caller may attach an entry to: ones they created or that discuss their persons. */
export async function listMyMeetings(db: Db, actor: Actor) {
  return db
    .selectDistinct({ id: supportMeetings.id, kind: supportMeetings.kind, heldOn: supportMeetings.heldOn })
    .from(supportMeetings)
    .leftJoin(accompanimentEntries, eq(accompanimentEntries.meetingId, supportMeetings.id))
    .leftJoin(supportAssignments, eq(supportAssignments.personId, accompanimentEntries.personId))
    .where(sql`${supportMeetings.createdBy} = ${actor.userId} or ${supportAssignments.coordinatorId} = ${actor.userId}`)
    .orderBy(desc(supportMeetings.heldOn), desc(supportMeetings.id))
    .limit(50);
}

export async function listDistricts(db: Db) {
  return db.select({ id: districts.id, name: districts.name }).from(districts).orderBy(asc(districts.name));
}

// ── Writing ─────────────────────────────────────────────────────────────────────────────────

function personColumns(input: PersonInput) {
  return {
    caseCode: input.caseCode,
    pseudonym: input.pseudonym,
    realNameEncrypted: input.realName ? encryptField(input.realName) : null,
    interests: input.interests,
    constraints: input.constraints,
    constraintNote: input.constraintNote,
    districtId: input.districtId,
    walkingMetres: input.walkingMetres,
    consentGivenOn: input.consentGivenOn,
    consentPurpose: input.consentPurpose,
    consentScope: input.consentScope,
  };
}

async function isCaseCodeTaken(db: Db, caseCode: string, exceptId?: number) {
  const rows = await db.select({ id: supportedPersons.id }).from(supportedPersons).where(eq(supportedPersons.caseCode, caseCode));
  return rows.some((row) => row.id !== exceptId);
}

/** Creates a person assigned to the caller, at stage 相談, in one transaction. */
/**
 * What the form cannot know: a case code used by another person, a district that no longer
 * exists (the form lists districts, a stale or forged post may not). Each names its field.
 */
async function checkPersonInput(db: Db, input: PersonInput, personId?: number): Promise<void> {
  if (await isCaseCodeTaken(db, input.caseCode, personId)) throw new Conflict("case code taken", { field: "caseCode", key: "support.field.caseCode.taken" });
  if (input.districtId !== null) {
    const [district] = await db.select({ id: districts.id }).from(districts).where(eq(districts.id, input.districtId));
    if (!district) throw new Conflict("no such district", { field: "districtId", key: "support.field.district.invalid" });
  }
}

export async function createPerson(db: Db, actor: Actor, input: PersonInput, today: string): Promise<number> {
  await checkPersonInput(db, input);
  return db.transaction(async (tx) => {
    const [person] = await tx
      .insert(supportedPersons)
      .values({ ...personColumns(input), stage: "consultation" })
      .returning({ id: supportedPersons.id });
    if (!person) throw new Error("insert returned nothing");
    await tx.insert(supportAssignments).values({ personId: person.id, coordinatorId: actor.userId });
    await tx.insert(supportStageChanges).values({ personId: person.id, changedBy: actor.userId, fromStage: null, toStage: "consultation", changedOn: today });
    await audit(tx, actor, "support.person.created", person.id);
    return person.id;
  });
}

export async function updatePerson(db: Db, actor: Actor, personId: number, input: PersonInput): Promise<void> {
  await requireAssigned(db, actor, personId);
  await checkPersonInput(db, input, personId);
  await db.transaction(async (tx) => {
    const [stored] = await tx
      .select({ realNameEncrypted: supportedPersons.realNameEncrypted })
      .from(supportedPersons)
      .where(and(eq(supportedPersons.id, personId), assignedTo(actor.userId)))
      .for("update");
    // The form cannot show a name written under another key, so its empty field does not mean
    // "no name": keep the stored value unless the coordinator explicitly asked to delete it.
    const keepStoredName = !input.realName && !input.clearUnreadableRealName && readRealName(stored?.realNameEncrypted ?? null).realNameUnreadable;
    const { realNameEncrypted, ...others } = personColumns(input);
    const updated = await tx
      .update(supportedPersons)
      .set(keepStoredName ? others : { ...others, realNameEncrypted })
      .where(and(eq(supportedPersons.id, personId), isNull(supportedPersons.anonymisedAt), assignedTo(actor.userId)))
      .returning({ id: supportedPersons.id });
    if (updated.length === 0) throw new NotFound();
    // Field names only: what changed, never the values.
    await audit(tx, actor, "support.person.updated", personId, { fields: Object.keys(personColumns(input)) });
  });
}

export async function changeStage(db: Db, actor: Actor, personId: number, stage: SupportStage, changedOn: string): Promise<void> {
  await requireAssigned(db, actor, personId);
  await db.transaction(async (tx) => {
    const [current] = await tx
      .select({ stage: supportedPersons.stage })
      .from(supportedPersons)
      .where(and(eq(supportedPersons.id, personId), isNull(supportedPersons.anonymisedAt), assignedTo(actor.userId)))
      .for("update");
    if (!current) throw new NotFound();
    if (current.stage === stage) throw new Conflict("already at this stage", { field: "stage", key: "support.field.stage.same" });
    await tx
      .update(supportedPersons)
      .set({ stage, endedAt: stage === "ended" ? new Date() : null })
      .where(eq(supportedPersons.id, personId));
    await tx.insert(supportStageChanges).values({ personId, changedBy: actor.userId, fromStage: current.stage, toStage: stage, changedOn });
    await audit(tx, actor, "support.stage.changed", personId, { from: current.stage, to: stage });
  });
}

/**
 * Adds a 伴走記録 entry. A 支援会議 / 重層的支援会議 entry belongs to a meeting: a new one, or an
 * existing one the caller may see, so a meeting that discussed three persons is still one meeting.
 */
export async function addEntry(
  db: Db,
  actor: Actor,
  personId: number,
  input: { kind: AccompanimentKind; occurredOn: string; notes: string | null; meetingId: number | null },
): Promise<void> {
  await requireAssigned(db, actor, personId);
  let meetingId: number | null = null;
  let occurredOn = input.occurredOn;
  if (isMeetingKind(input.kind) && input.meetingId !== null) {
    const visible = await listMyMeetings(db, actor);
    const meeting = visible.find((m) => m.id === input.meetingId);
    if (!meeting || meeting.kind !== input.kind) throw new NotFound("no such meeting", { field: "meetingId", key: "support.field.meeting.invalid" });
    meetingId = meeting.id;
    occurredOn = meeting.heldOn;
  }
  await db.transaction(async (tx) => {
    if (isMeetingKind(input.kind) && meetingId === null) {
      const [meeting] = await tx.insert(supportMeetings).values({ kind: input.kind, heldOn: occurredOn, createdBy: actor.userId }).returning({ id: supportMeetings.id });
      meetingId = meeting?.id ?? null;
    }
    const inserted = await tx
      .insert(accompanimentEntries)
      .values({ personId, meetingId, coordinatorId: actor.userId, kind: input.kind, occurredOn, notes: input.notes })
      .onConflictDoNothing()
      .returning({ id: accompanimentEntries.id });
    if (inserted.length === 0) throw new Conflict("already in this meeting", { field: "meetingId", key: "support.field.meeting.duplicate" });
    await audit(tx, actor, "support.entry.added", personId, { kind: input.kind, meetingId });
  });
}

/** Links a partner (found by kind and name, or created) to the person's support. */
export async function linkPartner(db: Db, actor: Actor, personId: number, input: { kind: PartnerKind; name: string; linkedOn: string }): Promise<void> {
  await requireAssigned(db, actor, personId);
  await db.transaction(async (tx) => {
    await tx.insert(supportPartners).values({ kind: input.kind, name: input.name }).onConflictDoNothing();
    const [partner] = await tx
      .select({ id: supportPartners.id })
      .from(supportPartners)
      .where(and(eq(supportPartners.kind, input.kind), eq(supportPartners.name, input.name)));
    if (!partner) throw new Error("partner vanished");
    await tx.insert(supportPartnerLinks).values({ personId, partnerId: partner.id, linkedOn: input.linkedOn }).onConflictDoNothing();
    await audit(tx, actor, "support.partner.linked", personId, { partnerId: partner.id });
  });
}

// ── Admin: assignments without the notes ───────────────────────────────────────────────────

/** Every non-anonymised person as a number, stage and coordinators: no pseudonym, no notes. */
export async function listAssignmentsForAdmin(db: Db) {
  const persons = await db
    .select({ id: supportedPersons.id, stage: supportedPersons.stage })
    .from(supportedPersons)
    .where(isNull(supportedPersons.anonymisedAt))
    .orderBy(asc(supportedPersons.id));
  const assignments = await db
    .select({ personId: supportAssignments.personId, coordinatorId: supportAssignments.coordinatorId })
    .from(supportAssignments);
  const coordinators = await db
    .select({ id: users.id, displayName: users.displayName })
    .from(users)
    .innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.role, "coordinator")))
    .where(isNull(users.disabledAt))
    .orderBy(asc(users.displayName));
  return {
    persons: persons.map((p) => ({ ...p, coordinatorIds: assignments.filter((a) => a.personId === p.id).map((a) => a.coordinatorId) })),
    coordinators,
  };
}

/** Replaces a person's coordinators (at least one, each holding the coordinator role). */
export async function reassignCoordinators(db: Db, actor: Actor, personId: number, coordinatorIds: string[]): Promise<void> {
  const unique = [...new Set(coordinatorIds)];
  await db.transaction(async (tx) => {
    const [person] = await tx.select({ id: supportedPersons.id }).from(supportedPersons).where(and(eq(supportedPersons.id, personId), isNull(supportedPersons.anonymisedAt)));
    if (!person) throw new NotFound();
    const valid = await tx
      .select({ userId: userRoles.userId })
      .from(userRoles)
      .where(and(inArray(userRoles.userId, unique), eq(userRoles.role, "coordinator")));
    if (valid.length !== unique.length || unique.length === 0) throw new Conflict("notCoordinator");
    await tx.delete(supportAssignments).where(eq(supportAssignments.personId, personId));
    await tx.insert(supportAssignments).values(unique.map((coordinatorId) => ({ personId, coordinatorId })));
    await audit(tx, actor, "support.assignment.changed", personId, { coordinatorIds: unique });
  });
}
