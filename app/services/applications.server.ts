// Residents' applications to take part in a session (issue 14): apply (one session or every
// session of a month), see and cancel with the token, withdraw with the data, and the organiser's
// side: the participant list, phone or paper applications, cancelling for a caller, check-in at
// the door. Places go through the capacity module (residentPlaces), strictly first come, first
// served by party size; the database keeps the invariants (migration 0022).
import { and, asc, eq, gt, inArray, isNotNull, isNull, lt, ne, or, sql } from "drizzle-orm";
import { activities, applicants, applicationFills, applications, hubs, occurrences, outboxMessages, users } from "#db/schema";
import type { Db } from "~/lib/db.server";
import { tokyoDate } from "~/lib/dates";
import { Conflict, Invalid, NotFound } from "~/lib/domain-errors";
import type { NotificationKind, NotificationPayload } from "~/lib/notification-kinds";
import { recordAudit } from "./audit.server";
import { release, residentPlaces, take, type Tx } from "./capacity.server";
import { applicantToken, newCode, newTokenSalt, tokenApplicantId, tokenMatches } from "./applicant-tokens.server";
import { notify } from "./notifications.server";
import { editableBy, requireEditableOccurrence, type Actor } from "./permissions.server";

/** What a person applies with (an account's own name when they have one). */
export interface ApplicantDetails {
  name: string;
  phone: string | null;
  email: string | null;
  note: string | null;
  partySize: number;
  firstTime: boolean;
}

export type ApplicationStatus = "confirmed" | "waitlisted" | "cancelled";

export interface ApplyInput {
  occurrenceId: number;
  /** That session only, or every session of its month still to come. */
  scope: "one" | "month";
  details: ApplicantDetails;
  /** A resident applying from their account. */
  userId?: string;
  now?: Date;
}

export interface Applied {
  applicantId: number;
  token: string;
  code: string;
  sessions: { occurrenceId: number; status: ApplicationStatus }[];
}

/** The session a resident may apply for: scheduled, still to start, of an active activity taking applications. */
async function openSession(db: Db, occurrenceId: number, now: Date, organiser: boolean) {
  const [row] = await db
    .select({
      occurrenceId: occurrences.id,
      activityId: activities.id,
      startsAt: occurrences.startsAt,
      registrationRequired: activities.registrationRequired,
      maxPartySize: activities.maxPartySize,
    })
    .from(occurrences)
    .innerJoin(activities, eq(activities.id, occurrences.activityId))
    .where(and(eq(occurrences.id, occurrenceId), eq(occurrences.status, "scheduled"), eq(activities.status, "active"), gt(occurrences.startsAt, now)));
  if (!row || (!organiser && !row.registrationRequired)) throw new NotFound("no such session open for applications", { key: "apply.error.closed" });
  return row;
}

/** The session, or the sessions of its Tokyo month still to start, in time order. */
async function sessionsOf(db: Db, session: { occurrenceId: number; activityId: number; startsAt: Date }, scope: "one" | "month", now: Date) {
  if (scope === "one") return [session.occurrenceId];
  const month = tokyoDate(session.startsAt).slice(0, 7);
  const rows = await db
    .select({ id: occurrences.id })
    .from(occurrences)
    .where(
      and(
        eq(occurrences.activityId, session.activityId),
        eq(occurrences.status, "scheduled"),
        gt(occurrences.startsAt, now),
        sql`to_char(${occurrences.startsAt} at time zone 'Asia/Tokyo', 'YYYY-MM') = ${month}`,
      ),
    )
    .orderBy(asc(occurrences.startsAt));
  return rows.map((row) => row.id);
}

/**
 * The sessions of an activity a resident may apply for (scheduled, still to start), soonest
 * first, with the places left and whether people wait; none when it takes no applications.
 */
export async function listOpenSessions(db: Db, activityId: number, options: { now?: Date; limit?: number } = {}) {
  const now = options.now ?? new Date();
  const rows = await db
    .select({
      id: occurrences.id,
      startsAt: occurrences.startsAt,
      endsAt: occurrences.endsAt,
      capacity: activities.capacity,
      taken: sql<number>`coalesce(${applicationFills.taken}, 0)`.mapWith(Number),
      queued: sql<boolean>`exists (select 1 from ${applications} w where w.occurrence_id = ${occurrences.id} and w.status = 'waitlisted')`,
    })
    .from(occurrences)
    .innerJoin(activities, eq(activities.id, occurrences.activityId))
    .leftJoin(applicationFills, eq(applicationFills.occurrenceId, occurrences.id))
    .where(
      and(
        eq(occurrences.activityId, activityId),
        eq(occurrences.status, "scheduled"),
        gt(occurrences.startsAt, now),
        eq(activities.registrationRequired, true),
        eq(activities.status, "active"),
      ),
    )
    .orderBy(asc(occurrences.startsAt))
    .limit(options.limit ?? 12);
  return rows.map(({ capacity, taken, queued, ...row }) => ({
    ...row,
    capacity,
    /** Places left for a party of one; null without a limit. */
    free: capacity === null ? null : Math.max(0, capacity - taken),
    queued,
  }));
}

/** Inserts the applicant with a fresh code (a repeat of an existing code, 1 in 10¹¹, draws again). */
async function insertApplicant(tx: Tx, values: Omit<typeof applicants.$inferInsert, "code" | "tokenSalt">) {
  for (let attempt = 0; attempt < 5; attempt++) {
    const [row] = await tx
      .insert(applicants)
      .values({ ...values, code: newCode(), tokenSalt: newTokenSalt() })
      .onConflictDoNothing({ target: applicants.code })
      .returning({ id: applicants.id, code: applicants.code, tokenSalt: applicants.tokenSalt });
    if (row) return row;
  }
  throw new Error("could not draw a free application code");
}

/**
 * Takes a place (or a place in the queue) at each session, for a resident (`userId` when they
 * have an account) or, with `enteredBy`, an organiser entering a phone or paper application. One
 * transaction: every session or none. Pools are locked in session id order, so two month-long
 * applications never wait for each other in a circle.
 */
async function applyFor(db: Db, input: ApplyInput & { enteredBy?: Actor }): Promise<Applied> {
  const now = input.now ?? new Date();
  const session = await openSession(db, input.occurrenceId, now, input.enteredBy !== undefined);
  if (input.details.partySize > session.maxPartySize) {
    throw new Invalid("party too large", { field: "partySize", key: "apply.error.partySize" });
  }
  const sessionIds = await sessionsOf(db, session, input.scope, now);
  return db.transaction(async (tx) => {
    const applicant = await insertApplicant(tx, {
      activityId: session.activityId,
      userId: input.userId ?? null,
      enteredByUserId: input.enteredBy?.userId ?? null,
      ...input.details,
    });
    const placed: Applied["sessions"] = [];
    for (const occurrenceId of [...sessionIds].sort((a, b) => a - b)) {
      const pool = residentPlaces(occurrenceId);
      const state = await pool.lock(tx);
      if (input.userId && (await holdsPlace(tx, input.userId, occurrenceId))) continue;
      const status = take(state, input.details.partySize) === "placed" ? "confirmed" : "waitlisted";
      await tx.insert(applications).values({
        applicantId: applicant.id,
        occurrenceId,
        userId: input.userId ?? null,
        partySize: input.details.partySize,
        status,
        waitlistedAt: status === "waitlisted" ? now : null,
        confirmedAt: status === "confirmed" ? now : null,
      });
      placed.push({ occurrenceId, status });
    }
    if (placed.length === 0) throw new Conflict("already applied", { key: "apply.error.already" });
    placed.sort((a, b) => sessionIds.indexOf(a.occurrenceId) - sessionIds.indexOf(b.occurrenceId));
    const token = applicantToken(applicant.id, applicant.tokenSalt);
    const first = placed[0]!;
    await tellApplicant(tx, applicant.id, first.status === "confirmed" ? "application_confirmed" : "application_waitlisted", first.occurrenceId, {
      dedupeKey: `application:${applicant.id}:applied`,
    });
    if (input.enteredBy) {
      await recordAudit(tx, {
        actorUserId: input.enteredBy.userId,
        action: "application.entered",
        targetType: "occurrence",
        targetId: input.occurrenceId,
        ip: input.enteredBy.ip,
        details: { applicantId: applicant.id, sessions: placed.length },
      });
    }
    return { applicantId: applicant.id, token, code: applicant.code, sessions: placed };
  });
}

/** A resident applies (from their account with `userId`). */
export function apply(db: Db, input: ApplyInput): Promise<Applied> {
  return applyFor(db, input);
}

/** An organiser enters a phone or paper application for a session of their hub. */
export async function enterApplication(db: Db, actor: Actor, input: Omit<ApplyInput, "userId">): Promise<Applied> {
  await requireEditableOccurrence(db, actor, input.occurrenceId);
  return applyFor(db, { ...input, enteredBy: actor });
}

async function holdsPlace(tx: Tx, userId: string, occurrenceId: number): Promise<boolean> {
  const [row] = await tx
    .select({ id: applications.id })
    .from(applications)
    .where(and(eq(applications.occurrenceId, occurrenceId), eq(applications.userId, userId), inArray(applications.status, ["confirmed", "waitlisted"])));
  return row !== undefined;
}

// ── Telling the applicant ────────────────────────────────────────────────────────────────────

async function sessionPayload(tx: Tx, occurrenceId: number): Promise<NotificationPayload> {
  const [row] = await tx
    .select({ activity: activities.title, hub: hubs.name, startsAt: occurrences.startsAt, endsAt: occurrences.endsAt })
    .from(occurrences)
    .innerJoin(activities, eq(activities.id, occurrences.activityId))
    .innerJoin(hubs, eq(hubs.id, activities.hubId))
    .where(eq(occurrences.id, occurrenceId));
  if (!row) throw new NotFound("no such session");
  return { activity: row.activity, hub: row.hub, startsAt: row.startsAt.toISOString(), endsAt: row.endsAt.toISOString() };
}

/**
 * Tells an applicant about one of their sessions, when they can be told: in the app and by mail
 * for an account, by mail to the address they gave otherwise (the message is deleted with their
 * contact data). Those who gave only a phone number are on the organiser's 前日連絡 list instead.
 */
async function tellApplicant(tx: Tx, applicantId: number, kind: NotificationKind, occurrenceId: number, options: { dedupeKey?: string } = {}): Promise<boolean> {
  const [who] = await tx
    .select({ userId: applicants.userId, email: applicants.email, name: applicants.name, code: applicants.code, tokenSalt: applicants.tokenSalt, partySize: applicants.partySize })
    .from(applicants)
    .where(and(eq(applicants.id, applicantId), isNull(applicants.purgedAt)));
  if (!who || (!who.userId && !who.email)) return false;
  const payload: NotificationPayload = {
    ...(await sessionPayload(tx, occurrenceId)),
    path: `/applications/${applicantToken(applicantId, who.tokenSalt)}`,
    code: who.code,
    partySize: who.partySize,
  };
  if (who.userId) return notify(tx, { userId: who.userId, kind, payload, dedupeKey: options.dedupeKey });
  const [row] = await tx
    .insert(outboxMessages)
    .values({ recipientEmail: who.email, applicantId, kind, payload: { ...payload, name: who.name ?? undefined }, dedupeKey: options.dedupeKey })
    .onConflictDoNothing({ target: outboxMessages.dedupeKey })
    .returning({ id: outboxMessages.id });
  return row !== undefined;
}

/** Tells the applicants of these (just admitted) applications that they now have a place. */
async function tellPromoted(tx: Tx, applicationIds: number[]): Promise<void> {
  if (applicationIds.length === 0) return;
  const rows = await tx
    .select({ id: applications.id, applicantId: applications.applicantId, occurrenceId: applications.occurrenceId })
    .from(applications)
    .where(inArray(applications.id, applicationIds));
  for (const row of rows) await tellApplicant(tx, row.applicantId, "application_promoted", row.occurrenceId, { dedupeKey: `application:${row.id}:promoted` });
}

/** After a capacity change admitted people from the queue (the organiser's activity edit). */
export { tellPromoted as tellAdmittedApplicants };

// ── The resident's own page (/applications/:token) ───────────────────────────────────────────

/** The applicant a token opens, or NotFound for a token that opens nothing. */
async function applicantByToken(db: Db, token: string) {
  const id = tokenApplicantId(token);
  const [row] = id === undefined ? [] : await db.select().from(applicants).where(eq(applicants.id, id));
  if (!row || !tokenMatches(token, row.id, row.tokenSalt)) throw new NotFound("no application for this token");
  return row;
}

/** What the resident sees on their confirmation page. */
export async function getApplicationByToken(db: Db, token: string) {
  const applicant = await applicantByToken(db, token);
  const [activity] = await db
    .select({ id: activities.id, title: activities.title, hubId: hubs.id, hubName: hubs.name, hubAddress: hubs.address, applicationPhone: activities.applicationPhone })
    .from(activities)
    .innerJoin(hubs, eq(hubs.id, activities.hubId))
    .where(eq(activities.id, applicant.activityId));
  if (!activity) throw new NotFound("activity gone");
  const sessions = await db
    .select({
      id: applications.id,
      occurrenceId: occurrences.id,
      startsAt: occurrences.startsAt,
      endsAt: occurrences.endsAt,
      sessionStatus: occurrences.status,
      cancelReason: occurrences.cancelReason,
      status: applications.status,
      partySize: applications.partySize,
      checkedIn: isNotNull(applications.checkedInAt),
      /** Place in the queue (1 = next), for a waiting application. */
      queuePosition: sql<number | null>`case when ${applications.status} = 'waitlisted' then (
        select count(*) from ${applications} w where w.occurrence_id = ${applications.occurrenceId} and w.status = 'waitlisted'
          and (w.waitlisted_at, w.id) <= (${applications.waitlistedAt}, ${applications.id})) end`.mapWith((v) => (v === null ? null : Number(v))),
    })
    .from(applications)
    .innerJoin(occurrences, eq(occurrences.id, applications.occurrenceId))
    .where(eq(applications.applicantId, applicant.id))
    .orderBy(asc(occurrences.startsAt));
  return {
    code: applicant.code,
    name: applicant.name,
    partySize: applicant.partySize,
    withdrawn: applicant.purgedAt !== null,
    hasEmail: applicant.email !== null || applicant.userId !== null,
    activity,
    sessions,
  };
}

/** Cancels live applications (already locked by the caller's query) and lets the queue move up. */
async function cancelApplications(tx: Tx, rows: { id: number; occurrenceId: number }[], now: Date): Promise<number> {
  // Pools in id order, as applying locks them.
  const byOccurrence = [...new Set(rows.map((row) => row.occurrenceId))].sort((a, b) => a - b);
  for (const occurrenceId of byOccurrence) {
    const pool = residentPlaces(occurrenceId);
    await pool.lock(tx);
    const ids = rows.filter((row) => row.occurrenceId === occurrenceId).map((row) => row.id);
    await tx
      .update(applications)
      .set({ status: "cancelled", cancelledAt: now, checkedInAt: null, noShow: false })
      .where(and(inArray(applications.id, ids), inArray(applications.status, ["confirmed", "waitlisted"])));
    await tellPromoted(tx, await release(tx, pool, now));
  }
  return rows.length;
}

/** Live applications of an applicant (all, or one session's), still to start. */
function liveApplications(tx: Tx, applicantId: number, now: Date, occurrenceId?: number) {
  return tx
    .select({ id: applications.id, occurrenceId: applications.occurrenceId })
    .from(applications)
    .innerJoin(occurrences, eq(occurrences.id, applications.occurrenceId))
    .where(
      and(
        eq(applications.applicantId, applicantId),
        inArray(applications.status, ["confirmed", "waitlisted"]),
        gt(occurrences.endsAt, now),
        occurrenceId === undefined ? undefined : eq(applications.occurrenceId, occurrenceId),
      ),
    );
}

/** The resident cancels one session (or every one, without `occurrenceId`) with their token. */
export async function cancelByToken(db: Db, token: string, options: { occurrenceId?: number; now?: Date } = {}): Promise<number> {
  const now = options.now ?? new Date();
  const applicant = await applicantByToken(db, token);
  return db.transaction(async (tx) => cancelApplications(tx, await liveApplications(tx, applicant.id, now, options.occurrenceId), now));
}

/**
 * The resident withdraws: every place still to come is given up (the queue moves up) and their
 * name, contact and note are deleted now, with the mail queued for them. The places already
 * held in past sessions still count, with no one named.
 */
export async function withdrawByToken(db: Db, token: string, now: Date = new Date()): Promise<void> {
  const applicant = await applicantByToken(db, token);
  await db.transaction(async (tx) => {
    await cancelApplications(tx, await liveApplications(tx, applicant.id, now), now);
    await purgeApplicant(tx, applicant.id, now);
  });
}

/** An account is deleted: its applications still to come are given up and their data deleted (in its transaction). */
export async function withdrawAccountApplications(tx: Tx, userId: string, now: Date = new Date()): Promise<void> {
  const own = await tx.select({ id: applicants.id }).from(applicants).where(and(eq(applicants.userId, userId), isNull(applicants.purgedAt)));
  for (const applicant of own) {
    await cancelApplications(tx, await liveApplications(tx, applicant.id, now), now);
    await purgeApplicant(tx, applicant.id, now);
  }
}

async function purgeApplicant(tx: Tx, applicantId: number, now: Date): Promise<void> {
  await tx.update(applicants).set({ name: null, phone: null, email: null, note: null, purgedAt: now }).where(eq(applicants.id, applicantId));
  await tx.delete(outboxMessages).where(eq(outboxMessages.applicantId, applicantId));
}

/**
 * The retention sweep: deletes the name, contact and note of every applicant whose last session
 * ended more than `days` days ago (APPLICATION_RETENTION_DAYS, default 90). Run on start-up and
 * hourly by the server, and by `npm run applications:retention`.
 */
export async function purgeExpiredApplicants(db: Db, options: { days: number; now?: Date }): Promise<number> {
  const cutoff = new Date((options.now ?? new Date()).getTime() - options.days * 86_400_000);
  const due = await db
    .select({ id: applicants.id })
    .from(applicants)
    .where(
      and(
        isNull(applicants.purgedAt),
        lt(applicants.createdAt, cutoff),
        sql`not exists (select 1 from ${applications} a join ${occurrences} o on o.id = a.occurrence_id
                         where a.applicant_id = ${applicants.id} and o.ends_at >= ${cutoff.toISOString()}::timestamptz)`,
      ),
    );
  for (const row of due) await db.transaction((tx) => purgeApplicant(tx, row.id, options.now ?? new Date()));
  return due.length;
}

// ── Reminders ────────────────────────────────────────────────────────────────────────────────

/**
 * Queues the day-before reminder for each confirmed application of a session on the next Tokyo
 * day whose applicant can be told (an account or an e-mail); keyed per application, so running
 * it every few seconds queues each once. Phone-only applicants are on the organiser's 前日連絡 list.
 */
export async function enqueueApplicationReminders(db: Db, now: Date = new Date()): Promise<number> {
  const tomorrow = tokyoDate(new Date(now.getTime() + 86_400_000));
  const rows = await db
    .select({ id: applications.id, applicantId: applications.applicantId, occurrenceId: applications.occurrenceId })
    .from(applications)
    .innerJoin(occurrences, eq(occurrences.id, applications.occurrenceId))
    .innerJoin(applicants, eq(applicants.id, applications.applicantId))
    .where(
      and(
        eq(applications.status, "confirmed"),
        eq(occurrences.status, "scheduled"),
        gt(occurrences.startsAt, now),
        sql`(${occurrences.startsAt} at time zone 'Asia/Tokyo')::date = ${tomorrow}::date`,
        isNull(applicants.purgedAt),
        or(isNotNull(applicants.userId), isNotNull(applicants.email)),
      ),
    );
  let queued = 0;
  for (const row of rows) {
    const done = await db.transaction((tx) => tellApplicant(tx, row.applicantId, "application_reminder", row.occurrenceId, { dedupeKey: `reminder:application:${row.id}` }));
    if (done) queued++;
  }
  return queued;
}

/** Tells everyone who applied for a session that it was cancelled; in the organiser's transaction. */
export async function tellApplicantsSessionCancelled(tx: Tx, occurrenceId: number): Promise<void> {
  const rows = await tx
    .select({ applicantId: applications.applicantId })
    .from(applications)
    .where(and(eq(applications.occurrenceId, occurrenceId), inArray(applications.status, ["confirmed", "waitlisted"])));
  for (const row of rows) await tellApplicant(tx, row.applicantId, "application_session_cancelled", occurrenceId);
}

// ── The organiser's side ─────────────────────────────────────────────────────────────────────

/**
 * Everyone who applied for a session of the actor's hubs, confirmed first then the queue in its
 * order, then cancelled. Contact details only when `withContact` (the organiser asked for them).
 */
export async function listParticipants(db: Db, actor: Actor, occurrenceId: number, options: { withContact?: boolean } = {}) {
  const rows = await db
    .select({
      id: applications.id,
      status: applications.status,
      partySize: applications.partySize,
      checkedIn: isNotNull(applications.checkedInAt),
      noShow: applications.noShow,
      name: applicants.name,
      code: applicants.code,
      note: applicants.note,
      firstTime: applicants.firstTime,
      phone: applicants.phone,
      email: sql<string | null>`coalesce(${applicants.email}, ${users.email})`,
      hasAccount: isNotNull(applicants.userId),
      enteredByOrganiser: isNotNull(applicants.enteredByUserId),
    })
    .from(applications)
    .innerJoin(applicants, eq(applicants.id, applications.applicantId))
    .innerJoin(occurrences, eq(occurrences.id, applications.occurrenceId))
    .innerJoin(activities, eq(activities.id, occurrences.activityId))
    .leftJoin(users, eq(users.id, applicants.userId))
    .where(and(eq(applications.occurrenceId, occurrenceId), editableBy(actor, activities.hubId)))
    .orderBy(sql`case ${applications.status} when 'confirmed' then 0 when 'waitlisted' then 1 else 2 end`, asc(applications.waitlistedAt), asc(applications.id));
  return rows.map(({ phone, email, ...row }) => ({
    ...row,
    // Phone-only applicants are telephoned the day before (前日連絡); whether they gave one is not personal data.
    phoneOnly: phone !== null && email === null,
    ...(options.withContact ? { phone, email } : {}),
  }));
}

/**
 * Confirmed / waiting people and the capacity of each session that takes applications (or has
 * some), for the organiser's overviews; sessions of other activities are left out.
 */
export async function participantCounts(db: Db, actor: Actor, occurrenceIds: number[]) {
  const counts = new Map<number, { confirmed: number; waiting: number; capacity: number | null }>();
  if (occurrenceIds.length === 0) return counts;
  const rows = await db
    .select({
      occurrenceId: occurrences.id,
      capacity: activities.capacity,
      registrationRequired: activities.registrationRequired,
      applied: sql<number>`count(${applications.id})`.mapWith(Number),
      confirmed: sql<number>`coalesce(sum(${applications.partySize}) filter (where ${applications.status} = 'confirmed'), 0)`.mapWith(Number),
      waiting: sql<number>`coalesce(sum(${applications.partySize}) filter (where ${applications.status} = 'waitlisted'), 0)`.mapWith(Number),
    })
    .from(occurrences)
    .innerJoin(activities, eq(activities.id, occurrences.activityId))
    .leftJoin(applications, eq(applications.occurrenceId, occurrences.id))
    .where(and(inArray(occurrences.id, occurrenceIds), editableBy(actor, activities.hubId)))
    .groupBy(occurrences.id, activities.capacity, activities.registrationRequired);
  for (const row of rows) {
    if (row.registrationRequired || row.applied > 0) counts.set(row.occurrenceId, { confirmed: row.confirmed, waiting: row.waiting, capacity: row.capacity });
  }
  return counts;
}

/** The application of a session with this short code (typed, read out, or scanned), locked. */
async function lockByCode(tx: Tx, actor: Actor, occurrenceId: number, rawCode: string) {
  const code = normaliseCode(rawCode);
  const [row] = await tx
    .select({ id: applications.id, status: applications.status, checkedInAt: applications.checkedInAt, occurrenceId: applications.occurrenceId, name: applicants.name, partySize: applications.partySize })
    .from(applications)
    .innerJoin(applicants, eq(applicants.id, applications.applicantId))
    .innerJoin(occurrences, eq(occurrences.id, applications.occurrenceId))
    .innerJoin(activities, eq(activities.id, occurrences.activityId))
    .where(and(eq(applications.occurrenceId, occurrenceId), eq(applicants.code, code), editableBy(actor, activities.hubId)))
    .for("update", { of: applications });
  if (!row) throw new NotFound("no application with this code at this session", { field: "code", key: "checkin.error.unknown" });
  return row;
}

/** 「abcd-2345」「ＡＢＣＤ２３４５」 or a scanned "MACHINAEKI:ABCD2345" → "ABCD2345". */
export function normaliseCode(raw: string): string {
  return raw
    .normalize("NFKC")
    .toUpperCase()
    .replace(/^.*:/, "")
    .replace(/[^0-9A-Z]/g, "");
}

/** Marks a confirmed applicant arrived at the door (QR or typed code). */
export async function checkIn(db: Db, actor: Actor, occurrenceId: number, code: string, now: Date = new Date()) {
  return db.transaction(async (tx) => {
    const row = await lockByCode(tx, actor, occurrenceId, code);
    if (row.status === "waitlisted") throw new Conflict("waiting, not confirmed", { field: "code", key: "checkin.error.waitlisted" });
    if (row.status === "cancelled") throw new Conflict("cancelled", { field: "code", key: "checkin.error.cancelled" });
    const already = row.checkedInAt !== null;
    if (!already) await tx.update(applications).set({ checkedInAt: now, noShow: false }).where(eq(applications.id, row.id));
    return { name: row.name ?? "", partySize: row.partySize, already };
  });
}

/** An organiser cancels for a resident who called and read out their code. */
export async function cancelByCode(db: Db, actor: Actor, occurrenceId: number, code: string, now: Date = new Date()) {
  return db.transaction(async (tx) => {
    const row = await lockByCode(tx, actor, occurrenceId, code);
    if (row.status === "cancelled") throw new Conflict("already cancelled", { field: "code", key: "checkin.error.cancelled" });
    await cancelApplications(tx, [row], now);
    await recordAudit(tx, { actorUserId: actor.userId, action: "application.cancelled_by_organiser", targetType: "occurrence", targetId: occurrenceId, ip: actor.ip, details: { applicationId: row.id } });
    return { name: row.name ?? "" };
  });
}

/** Applications arrived (checked in) at a session, with the party sizes: what the attendance form starts from. */
export async function arrivedAtSession(tx: Db, occurrenceId: number) {
  return tx
    .select({ id: applications.id, partySize: applications.partySize, firstTime: applicants.firstTime })
    .from(applications)
    .innerJoin(applicants, eq(applicants.id, applications.applicantId))
    .where(and(eq(applications.occurrenceId, occurrenceId), eq(applications.status, "confirmed"), isNotNull(applications.checkedInAt)));
}

/**
 * Records who came, from the attendance page's ticks: ticked applications are arrived, the
 * other confirmed ones no-shows (recorded, never shown to residents). In the attendance
 * transaction; returns the people and first-timers the ticks account for.
 */
export async function recordArrivals(tx: Tx, occurrenceId: number, arrivedIds: number[], now: Date): Promise<{ people: number; firstTimers: number }> {
  const confirmed = and(eq(applications.occurrenceId, occurrenceId), eq(applications.status, "confirmed"));
  const ticked = arrivedIds.length > 0 ? inArray(applications.id, arrivedIds) : sql`false`;
  await tx.update(applications).set({ checkedInAt: sql`coalesce(${applications.checkedInAt}, ${now.toISOString()}::timestamptz)`, noShow: false }).where(and(confirmed, ticked));
  await tx.update(applications).set({ checkedInAt: null, noShow: true }).where(and(confirmed, sql`not (${ticked})`));
  const arrived = await arrivedAtSession(tx, occurrenceId);
  return {
    people: arrived.reduce((sum, a) => sum + a.partySize, 0),
    firstTimers: arrived.filter((a) => a.firstTime).reduce((sum, a) => sum + a.partySize, 0),
  };
}

/** A resident's own applications from their account, newest sessions first (for /account). */
export async function listOwnApplications(db: Db, userId: string, now: Date = new Date()) {
  const rows = await db
    .select({
      applicantId: applicants.id,
      tokenSalt: applicants.tokenSalt,
      activityTitle: activities.title,
      occurrenceId: occurrences.id,
      startsAt: occurrences.startsAt,
      endsAt: occurrences.endsAt,
      status: applications.status,
    })
    .from(applications)
    .innerJoin(applicants, eq(applicants.id, applications.applicantId))
    .innerJoin(occurrences, eq(occurrences.id, applications.occurrenceId))
    .innerJoin(activities, eq(activities.id, occurrences.activityId))
    .where(and(eq(applicants.userId, userId), ne(applications.status, "cancelled"), gt(occurrences.endsAt, now)))
    .orderBy(asc(occurrences.startsAt));
  return rows.map(({ tokenSalt, applicantId, ...row }) => ({ ...row, path: `/applications/${applicantToken(applicantId, tokenSalt)}` }));
}
