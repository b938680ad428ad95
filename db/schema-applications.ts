// Residents' applications to take part in a session (issue 14). Its own file to keep merges small.
// `applicants` holds who applied and how to reach them (personal data: shown only to the hub's
// organisers, deleted a fixed number of days after the last session); `applications` holds the
// places, one per session, counted by party size in `application_fills` through the capacity
// module (app/services/capacity.server.ts), with the invariants kept by migration 0022's triggers.
import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgEnum, pgTable, smallint, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, id, updatedAt } from "./columns";
import { PARTY_SIZE_MAX } from "./application-limits";
import { activities, occurrences, users } from "./schema";

/**
 * One person's application (for one session, or every session of a month) to one activity: a
 * resident with an account (one tap; their account's name and e-mail), or without one (name or
 * nickname, a phone number or an e-mail), or entered by an organiser from a phone call or paper.
 * The token that lets the resident see, cancel or withdraw it is never stored: it is a MAC of the
 * id and `tokenSalt` under a server key (app/services/applicant-tokens.server.ts), so a copy of
 * the database alone opens nothing. The short code (read out on the phone, typed at the door,
 * in the QR code) identifies it to the hub's organisers.
 */
export const applicants = pgTable(
  "applicants",
  {
    id: id(),
    createdAt: createdAt(),
    activityId: integer()
      .notNull()
      .references(() => activities.id, { onDelete: "cascade" }),
    /** A resident with an account; null for everyone else (and after the account is deleted). */
    userId: text().references(() => users.id, { onDelete: "set null" }),
    /** The organiser who entered a phone or paper application. */
    enteredByUserId: text().references(() => users.id, { onDelete: "set null" }),
    name: text(),
    /** Digits only (half-width, no hyphens). */
    phone: text(),
    email: text(),
    note: text(),
    partySize: smallint().notNull(),
    /** Said they come for the first time (counted as 初参加 when they attend). */
    firstTime: boolean().notNull().default(false),
    /** Random; with the server key it makes the resident's token. */
    tokenSalt: text().notNull(),
    /** 8 characters of an alphabet without look-alikes (no 0/O, 1/I/L). */
    code: text().notNull().unique(),
    /** Contact data deleted (withdrawn, or past the retention period); the places still count. */
    purgedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    check("applicants_party_size_range", sql`${t.partySize} between 1 and ${sql.raw(String(PARTY_SIZE_MAX))}`),
    check("applicants_name_length", sql`${t.name} is null or char_length(${t.name}) between 1 and 50`),
    check("applicants_phone_digits", sql`${t.phone} is null or ${t.phone} ~ '^[0-9]{10,11}$'`),
    check("applicants_email_shape", sql`${t.email} is null or (char_length(${t.email}) <= 254 and ${t.email} ~ '^[^@\\s]+@[^@\\s]+$')`),
    check("applicants_note_length", sql`${t.note} is null or char_length(${t.note}) <= 200`),
    // Until purged, a name (the way to reach them is the form's rule: an organiser may enter a
    // paper application without one, and a deleted account leaves none); once purged, none of it.
    check(
      "applicants_purged",
      sql`case when ${t.purgedAt} is null then ${t.name} is not null
        else ${t.name} is null and ${t.phone} is null and ${t.email} is null and ${t.note} is null end`,
    ),
    index().on(t.activityId),
    index().on(t.userId),
    index("applicants_not_purged").on(t.id).where(sql`${t.purgedAt} is null`),
  ],
);

export const applicationStatus = pgEnum("application_status", ["confirmed", "waitlisted", "cancelled"]);

/** An applicant's place (or place in the queue) at one session. */
export const applications = pgTable(
  "applications",
  {
    id: id(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    applicantId: integer()
      .notNull()
      .references(() => applicants.id, { onDelete: "cascade" }),
    occurrenceId: integer()
      .notNull()
      .references(() => occurrences.id, { onDelete: "cascade" }),
    /** The applicant's account, repeated here for the one-live-application-per-session index. */
    userId: text().references(() => users.id, { onDelete: "set null" }),
    /** Places this application takes: the applicant's party size. */
    partySize: smallint().notNull(),
    status: applicationStatus().notNull(),
    /** Waiting order (with id, a total order: queueOrder in capacity.server.ts). */
    waitlistedAt: timestamp({ withTimezone: true }),
    confirmedAt: timestamp({ withTimezone: true }),
    cancelledAt: timestamp({ withTimezone: true }),
    /** Arrived: scanned or typed at the door, or ticked on the attendance page. */
    checkedInAt: timestamp({ withTimezone: true }),
    /** Confirmed but did not come, recorded with the attendance; never shown to residents. */
    noShow: boolean().notNull().default(false),
  },
  (t) => [
    check("applications_party_size_range", sql`${t.partySize} between 1 and ${sql.raw(String(PARTY_SIZE_MAX))}`),
    check("applications_waitlisted_at", sql`${t.status} <> 'waitlisted' or ${t.waitlistedAt} is not null`),
    check("applications_cancelled_at", sql`(${t.status} = 'cancelled') = (${t.cancelledAt} is not null)`),
    check("applications_arrived_confirmed", sql`${t.checkedInAt} is null or ${t.status} = 'confirmed'`),
    check("applications_no_show", sql`not ${t.noShow} or (${t.status} = 'confirmed' and ${t.checkedInAt} is null)`),
    uniqueIndex("applications_one_per_session").on(t.applicantId, t.occurrenceId),
    uniqueIndex("applications_one_live_per_account")
      .on(t.occurrenceId, t.userId)
      .where(sql`${t.userId} is not null and ${t.status} in ('confirmed', 'waitlisted')`),
    index("applications_waitlist").on(t.occurrenceId, t.waitlistedAt).where(sql`${t.status} = 'waitlisted'`),
    index().on(t.occurrenceId, t.status),
  ],
);

/**
 * Residents' places of one session: the activity's capacity (null: no limit) and the people
 * holding one (the sum of the confirmed applications' party sizes, kept by a trigger). Locked
 * (SELECT … FOR UPDATE) by every take, release and resize.
 */
export const applicationFills = pgTable(
  "application_fills",
  {
    occurrenceId: integer()
      .primaryKey()
      .references(() => occurrences.id, { onDelete: "cascade" }),
    capacity: integer(),
    taken: integer().notNull().default(0),
  },
  (t) => [
    check("application_fills_within_capacity", sql`${t.taken} >= 0 and (${t.capacity} is null or ${t.taken} <= ${t.capacity})`),
    check("application_fills_capacity_positive", sql`${t.capacity} is null or ${t.capacity} > 0`),
  ],
);
