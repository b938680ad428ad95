// 参加支援 (supported persons). These records are 要配慮個人情報: see README "Coordinator
// workspace and privacy" and docs/decisions/009. Identifying columns are marked; withdrawal of
// consent or the end of retention blanks every one of them (app/services/support-privacy.server.ts).
import { sql } from "drizzle-orm";
import { boolean, check, date, index, integer, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, id, updatedAt } from "./columns";
import { districts, occurrences, signups, users } from "./schema";

export const supportStage = pgEnum("support_stage", ["consultation", "visit", "trial", "role", "settled", "ended"]);
export const accompanimentKind = pgEnum("accompaniment_kind", [
  "interview",
  "accompany",
  "phone",
  "support_meeting",
  "multi_agency_meeting",
]);
export const supportMeetingKind = pgEnum("support_meeting_kind", ["support_meeting", "multi_agency_meeting"]);
export const partnerKind = pgEnum("partner_kind", ["person", "department", "organisation", "company"]);
export const supportVisitStatus = pgEnum("support_visit_status", ["expected", "waitlisted", "cancelled"]);

export const supportedPersons = pgTable(
  "supported_persons",
  {
    id: id(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    districtId: integer().references(() => districts.id),
    /** Identifying. Replaced by an anonymous token on withdrawal. */
    caseCode: text().notNull(),
    /** Identifying. e.g. 「Aさん（ケース0012）」; replaced by an anonymous token on withdrawal. */
    pseudonym: text().notNull(),
    /** Identifying. The real name, AES-256-GCM encrypted (app/lib/support-crypto.server.ts). */
    realNameEncrypted: text(),
    /** Identifying. */
    interests: text().array().notNull().default(sql`'{}'::text[]`),
    /** Identifying. Codes from app/lib/support.ts. */
    constraints: text().array().notNull().default(sql`'{}'::text[]`),
    /** Identifying. Free text beside the fixed list. */
    constraintNote: text(),
    walkingMetres: integer(),
    stage: supportStage().notNull().default("consultation"),
    /** When the stage became "ended"; the retention period runs from here. */
    endedAt: timestamp({ withTimezone: true }),
    consentGivenOn: date({ mode: "string" }).notNull(),
    /** Identifying (free text). */
    consentPurpose: text(),
    /** Identifying (free text): who may see what. */
    consentScope: text(),
    consentWithdrawnOn: date({ mode: "string" }),
    /** Set once the identifying data is gone; such a row is only a number in the indicators. */
    anonymisedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex().on(t.caseCode),
    index().on(t.districtId),
    index().on(t.stage),
    check("supported_persons_case_code_length", sql`char_length(${t.caseCode}) between 1 and 40`),
    check("supported_persons_pseudonym_length", sql`char_length(${t.pseudonym}) between 1 and 60`),
    check("supported_persons_constraint_note_length", sql`char_length(${t.constraintNote}) <= 1000`),
    check("supported_persons_consent_purpose_length", sql`char_length(${t.consentPurpose}) <= 1000`),
    check("supported_persons_consent_scope_length", sql`char_length(${t.consentScope}) <= 1000`),
    check("supported_persons_interests_count", sql`coalesce(array_length(${t.interests}, 1), 0) <= 10`),
    check("supported_persons_walking_range", sql`${t.walkingMetres} between 0 and 5000`),
    check(
      "supported_persons_constraints_known",
      sql`${t.constraints} <@ array['quiet','short','morning_only','needs_companion','wheelchair','no_crowds','seated','first_time_ok']::text[]`,
    ),
    check("supported_persons_ended_at", sql`(${t.stage} = 'ended') = (${t.endedAt} is not null)`),
    check(
      "supported_persons_withdrawal_after_consent",
      sql`${t.consentWithdrawnOn} is null or ${t.consentWithdrawnOn} >= ${t.consentGivenOn}`,
    ),
  ],
);

/** Which coordinators may read and change a person's record. Nobody else may. */
export const supportAssignments = pgTable(
  "support_assignments",
  {
    personId: integer()
      .notNull()
      .references(() => supportedPersons.id, { onDelete: "cascade" }),
    coordinatorId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    assignedAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.personId, t.coordinatorId] }), index().on(t.coordinatorId)],
);

/** Stage history: kept after anonymisation (dates and stages only) for the stage_moves indicator. */
export const supportStageChanges = pgTable(
  "support_stage_changes",
  {
    id: id(),
    createdAt: createdAt(),
    personId: integer()
      .notNull()
      .references(() => supportedPersons.id, { onDelete: "cascade" }),
    /** Not a foreign key: the history outlives the coordinator's account. */
    changedBy: text(),
    fromStage: supportStage(),
    toStage: supportStage().notNull(),
    changedOn: date({ mode: "string" }).notNull(),
  },
  (t) => [
    index().on(t.personId),
    index().on(t.changedOn),
    check("support_stage_changes_moves", sql`${t.fromStage} is distinct from ${t.toStage}`),
  ],
);

/** 支援会議 / 重層的支援会議: one row per meeting, however many persons it discussed. */
export const supportMeetings = pgTable(
  "support_meetings",
  {
    id: id(),
    createdAt: createdAt(),
    createdBy: text(),
    kind: supportMeetingKind().notNull(),
    heldOn: date({ mode: "string" }).notNull(),
  },
  (t) => [index().on(t.heldOn)],
);

/** 伴走記録. Notes are identifying and blanked on withdrawal; kind and date stay for the counts. */
export const accompanimentEntries = pgTable(
  "accompaniment_entries",
  {
    id: id(),
    createdAt: createdAt(),
    personId: integer()
      .notNull()
      .references(() => supportedPersons.id, { onDelete: "cascade" }),
    meetingId: integer().references(() => supportMeetings.id),
    coordinatorId: text(),
    kind: accompanimentKind().notNull(),
    occurredOn: date({ mode: "string" }).notNull(),
    /** Identifying. */
    notes: text(),
  },
  (t) => [
    index().on(t.personId, t.occurredOn),
    index().on(t.meetingId),
    uniqueIndex().on(t.meetingId, t.personId),
    check("accompaniment_entries_notes_length", sql`char_length(${t.notes}) <= 1000`),
    check(
      "accompaniment_entries_meeting_kind",
      sql`(${t.kind} in ('support_meeting', 'multi_agency_meeting')) = (${t.meetingId} is not null)`,
    ),
  ],
);

/** 連携した関係者: shared across persons, so "distinct partners" counts each once. */
export const supportPartners = pgTable(
  "support_partners",
  {
    id: id(),
    createdAt: createdAt(),
    kind: partnerKind().notNull(),
    /** Identifying when kind = person; such a name is replaced when its only person withdraws. */
    name: text().notNull(),
  },
  (t) => [uniqueIndex().on(t.kind, t.name), check("support_partners_name_length", sql`char_length(${t.name}) between 1 and 80`)],
);

export const supportPartnerLinks = pgTable(
  "support_partner_links",
  {
    personId: integer()
      .notNull()
      .references(() => supportedPersons.id, { onDelete: "cascade" }),
    partnerId: integer()
      .notNull()
      .references(() => supportPartners.id),
    linkedOn: date({ mode: "string" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.personId, t.partnerId] }), index().on(t.partnerId)],
);

/**
 * A place booked for a supported person: the sign-up itself is a guest row that says only
 * 「参加支援のゲスト」 and the coordinator's name, so the organiser's roster never learns who it is;
 * this row is the private link from that sign-up back to the person.
 */
export const supportBookings = pgTable(
  "support_bookings",
  {
    id: id(),
    createdAt: createdAt(),
    personId: integer()
      .notNull()
      .references(() => supportedPersons.id, { onDelete: "cascade" }),
    signupId: integer()
      .notNull()
      .references(() => signups.id, { onDelete: "cascade" }),
    coordinatorId: text(),
    /** The coordinator goes along (同行あり), which the organiser is told. */
    accompanied: boolean().notNull().default(false),
  },
  (t) => [uniqueIndex().on(t.signupId), index().on(t.personId)],
);

/**
 * 見学 places of one occurrence: how many 参加支援 visitors (no role) are expected, against the
 * activity's capacity when it has one. Visits lock this row (SELECT … FOR UPDATE) exactly as
 * sign-ups lock role_slot_fills, and the check refuses any overfill whatever the code does.
 */
export const supportVisitFills = pgTable(
  "support_visit_fills",
  {
    occurrenceId: integer()
      .primaryKey()
      .references(() => occurrences.id, { onDelete: "cascade" }),
    /** The activity's capacity when the row was made; null = no limit. */
    capacity: integer(),
    expected: integer().notNull().default(0),
  },
  (t) => [
    check("support_visit_fills_within_capacity", sql`${t.expected} >= 0 and (${t.capacity} is null or ${t.expected} <= ${t.capacity})`),
    check("support_visit_fills_capacity_positive", sql`${t.capacity} is null or ${t.capacity} > 0`),
  ],
);

/**
 * A 見学 (visit without a role) booked for a supported person. The organiser sees only that a
 * 参加支援 visitor is expected, with the coordinator's name and 同行あり; never who.
 */
export const supportVisits = pgTable(
  "support_visits",
  {
    id: id(),
    createdAt: createdAt(),
    personId: integer()
      .notNull()
      .references(() => supportedPersons.id, { onDelete: "cascade" }),
    occurrenceId: integer()
      .notNull()
      .references(() => occurrences.id, { onDelete: "cascade" }),
    /** Not a foreign key: the row outlives the coordinator's account (shown by name while it lives). */
    coordinatorId: text(),
    coordinatorName: text().notNull(),
    accompanied: boolean().notNull().default(false),
    /** The coordinator chose to count this visit as the stage 見学. */
    countsAsVisitStage: boolean().notNull().default(false),
    status: supportVisitStatus().notNull(),
    waitlistedAt: timestamp({ withTimezone: true }),
    cancelledAt: timestamp({ withTimezone: true }),
    /** When the organiser cancelled the session: its reason, as residents see it. Null when the coordinator cancelled the visit. */
    cancelReason: text(),
    /** Cancelled because the session was cancelled (not by the coordinator). */
    cancelledWithSession: boolean().notNull().default(false),
  },
  (t) => [
    index().on(t.personId),
    index("support_visits_waitlist").on(t.occurrenceId, t.waitlistedAt).where(sql`${t.status} = 'waitlisted'`),
    // One live visit per person per occurrence: a double submit finds the first.
    uniqueIndex("support_visits_one_live").on(t.personId, t.occurrenceId).where(sql`${t.status} in ('expected', 'waitlisted')`),
    check("support_visits_waitlisted_at", sql`${t.status} <> 'waitlisted' or ${t.waitlistedAt} is not null`),
    check("support_visits_cancelled_at", sql`(${t.status} = 'cancelled') = (${t.cancelledAt} is not null)`),
    check("support_visits_coordinator_name_length", sql`char_length(${t.coordinatorName}) between 1 and 100`),
  ],
);
