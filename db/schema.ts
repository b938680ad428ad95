import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  time,
  timestamp,
  uniqueIndex,
  type AnyPgColumn,
} from "drizzle-orm/pg-core";
import { createdAt, earthCube, id, updatedAt } from "./columns";
import { trainingCourses } from "./indicator-codes";
import { kayoiOperators, kayoiVenues } from "./kayoi-codes";
import { notificationKinds, type NotificationPayload } from "./notification-kinds";
import { applicants } from "./schema-applications";

// ── Places ──────────────────────────────────────────────────────────────────────────────────

/** 地区 / 小学校区 / 地区社協圏域. The centre point lets a resident say "near 萩の台". */
export const districts = pgTable("districts", {
  id: id(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
  name: text().notNull().unique(),
  /** 地域コード of the city's open data (地域・年齢別人口), which the population import matches on. */
  code: text().unique(),
  lat: doublePrecision().notNull(),
  lng: doublePrecision().notNull(),
});

/**
 * A district's residents as of a date (the city's 地域・年齢別人口), by sex and 5-year band
 * (index 0 = 0–4歳 … 16 = 80–84歳, 17 = 85歳以上). One row per district: an import replaces it.
 */
export const districtPopulations = pgTable(
  "district_populations",
  {
    districtId: integer()
      .primaryKey()
      .references(() => districts.id, { onDelete: "cascade" }),
    updatedAt: updatedAt(),
    asOf: date().notNull(),
    total: integer().notNull(),
    households: integer(),
    male: integer().array().notNull(),
    female: integer().array().notNull(),
    /** 65歳以上: bands 14–18 (1-based) of both sexes. */
    aged65Plus: integer()
      .notNull()
      .generatedAlwaysAs(
        sql.raw(
          [14, 15, 16, 17, 18].flatMap((i) => [`male[${i}]`, `female[${i}]`]).join(" + "),
        ),
      ),
  },
  (t) => [
    check("district_populations_total", sql`${t.total} >= 0`),
    check("district_populations_households", sql`${t.households} is null or ${t.households} >= 0`),
    check("district_populations_bands", sql`cardinality(${t.male}) = 18 and cardinality(${t.female}) = 18 and 0 <= all(${t.male}) and 0 <= all(${t.female}) and array_position(${t.male}, null) is null and array_position(${t.female}, null) is null`),
  ],
);

/** 自治会. One hub can serve several. */
export const associations = pgTable(
  "associations",
  {
    id: id(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    districtId: integer()
      .notNull()
      .references(() => districts.id),
    name: text().notNull(),
  },
  (t) => [uniqueIndex().on(t.districtId, t.name), index().on(t.districtId)],
);

/** Stations and other landmarks a resident can pick as "near here" without sharing location. */
export const landmarks = pgTable("landmarks", {
  id: id(),
  name: text().notNull().unique(),
  lat: doublePrecision().notNull(),
  lng: doublePrecision().notNull(),
});

/** Hub kinds (まちなえき, 集会所, …): a table, so the city can rename a label without a release. */
export const hubKinds = pgTable("hub_kinds", {
  id: id(),
  code: text().notNull().unique(),
  labelJa: text().notNull(),
  labelEn: text().notNull(),
  sortOrder: integer().notNull().default(0),
});

export const hubStatus = pgEnum("hub_status", ["public", "draft", "closed"]);

export const hubs = pgTable(
  "hubs",
  {
    id: id(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    districtId: integer()
      .notNull()
      .references(() => districts.id),
    kindId: integer()
      .notNull()
      .references(() => hubKinds.id),
    name: text().notNull(),
    /** 名称_カナ (open data; full-width katakana). */
    nameKana: text(),
    /** The city's own number for the facility (公共施設一覧's NO): what an import matches on. */
    openDataNo: text().unique(),
    description: text().notNull().default(""),
    address: text().notNull(),
    /** 駐車場情報, as residents should read it (「なし」「3台（要予約）」). */
    parkingInfo: text(),
    /** 通いの場 return: 運営主体 and 場所 (db/kayoi-codes.ts); null until staff set them. */
    kayoiOperator: text({ enum: kayoiOperators }),
    kayoiVenue: text({ enum: kayoiVenues }),
    lat: doublePrecision().notNull(),
    lng: doublePrecision().notNull(),
    earth: earthCube()
      .notNull()
      .generatedAlwaysAs(
        sql`cube(array[cos(radians(lat)) * cos(radians(lng)), cos(radians(lat)) * sin(radians(lng)), sin(radians(lat))])`,
      ),
    /** Codes from app/lib/accessibility.ts (段差なし, 車いす対応トイレ, …). */
    accessibility: text().array().notNull().default(sql`'{}'::text[]`),
    contactPhone: text(),
    contactEmail: text(),
    contactNote: text(),
    status: hubStatus().notNull().default("public"),
  },
  (t) => [
    check("hubs_lat_range", sql`${t.lat} between -90 and 90`),
    check("hubs_lng_range", sql`${t.lng} between -180 and 180`),
    check("hubs_kayoi_operator_known", sql`${t.kayoiOperator} is null or ${t.kayoiOperator} in (${sql.raw(kayoiOperators.map((c) => `'${c}'`).join(", "))})`),
    check("hubs_kayoi_venue_known", sql`${t.kayoiVenue} is null or ${t.kayoiVenue} in (${sql.raw(kayoiVenues.map((c) => `'${c}'`).join(", "))})`),
    index("hubs_earth_gist").using("gist", t.earth),
    index("hubs_point_gist").using("gist", sql`point(${t.lng}, ${t.lat})`),
    index("hubs_accessibility_gin").using("gin", t.accessibility),
    index().on(t.districtId),
    index().on(t.kindId),
    index().on(t.status),
  ],
);

export const hubAssociations = pgTable(
  "hub_associations",
  {
    hubId: integer()
      .notNull()
      .references(() => hubs.id, { onDelete: "cascade" }),
    associationId: integer()
      .notNull()
      .references(() => associations.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.hubId, t.associationId] }), index().on(t.associationId)],
);

// ── Accounts ────────────────────────────────────────────────────────────────────────────────

export const users = pgTable("users", {
  id: text().primaryKey(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
  /** Stored lower-cased; unique. */
  email: text().notNull().unique(),
  displayName: text().notNull(),
  passwordHash: text().notNull(),
  disabledAt: timestamp({ withTimezone: true }),
});

/** lucia's session table. `id` is the SHA-256 of the cookie's token, never the token itself. */
export const sessions = pgTable(
  "sessions",
  {
    id: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
    createdAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
    lastSeenAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [index().on(t.userId)],
);

/** Every account is a volunteer; these are the roles granted on top. */
export const roleName = pgEnum("role_name", ["organiser", "coordinator", "staff", "admin"]);

export const userRoles = pgTable(
  "user_roles",
  {
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: roleName().notNull(),
    grantedAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.role] })],
);

/** Which hubs an organiser may edit: a hub directly, or every hub serving a 自治会. */
export const organiserScopes = pgTable(
  "organiser_scopes",
  {
    id: id(),
    createdAt: createdAt(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    hubId: integer().references(() => hubs.id, { onDelete: "cascade" }),
    associationId: integer().references(() => associations.id, { onDelete: "cascade" }),
  },
  (t) => [
    check("organiser_scopes_one_target", sql`num_nonnulls(${t.hubId}, ${t.associationId}) = 1`),
    uniqueIndex().on(t.userId, t.hubId),
    uniqueIndex().on(t.userId, t.associationId),
    index().on(t.hubId),
    index().on(t.associationId),
  ],
);

/** Append-only record of security-relevant and sensitive actions (who, what, when, from where). */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: id(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Not a foreign key: the trail outlives the account, which keeps only a random id here. */
    actorUserId: text(),
    action: text().notNull(),
    targetType: text(),
    targetId: text(),
    ip: text(),
    details: jsonb().$type<Record<string, unknown>>(),
  },
  (t) => [index().on(t.at), index().on(t.actorUserId), index().on(t.targetType, t.targetId)],
);

// ── Activities ──────────────────────────────────────────────────────────────────────────────

/** Activity categories (体操・健康, サロン・茶話会, …): a table, so an admin can relabel them. */
export const categories = pgTable("categories", {
  id: id(),
  code: text().notNull().unique(),
  labelJa: text().notNull(),
  labelEn: text().notNull(),
  sortOrder: integer().notNull().default(0),
});

/** Who an activity is for (誰でも, 高齢者, 子ども・親子, 障がいのある方, 若者・学生). */
export const activityAudience = pgEnum("activity_audience", ["everyone", "seniors", "families", "disabilities", "youth"]);

/** once: a single date; weekly: every `interval` weeks on `weekdays`; monthly: the `monthWeeks`-th `weekdays` of each month. */
export const scheduleKind = pgEnum("schedule_kind", ["once", "weekly", "monthly"]);

export const activityStatus = pgEnum("activity_status", ["active", "ended"]);

/**
 * A series or a one-off at a hub. The schedule is stored as people say it (always Asia/Tokyo
 * wall-clock dates and times); `occurrences` holds the dated sessions generated from it.
 */
export const activities = pgTable(
  "activities",
  {
    id: id(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    hubId: integer()
      .notNull()
      .references(() => hubs.id),
    categoryId: integer()
      .notNull()
      .references(() => categories.id),
    createdByUserId: text().references(() => users.id, { onDelete: "set null" }),
    title: text().notNull(),
    /** イベント名_カナ (open data; full-width katakana). */
    titleKana: text(),
    description: text().notNull().default(""),
    audience: activityAudience().notNull().default("everyone"),
    /** Adult price in yen; 0 is free. Details (子ども200円…) go in `feeNote`. */
    feeYen: integer().notNull().default(0),
    feeNote: text(),
    registrationRequired: boolean().notNull().default(false),
    /** Participants per session; null when there is no limit. */
    capacity: integer(),
    /** The most people one application may bring (本人を含む). */
    maxPartySize: smallint().notNull().default(4),
    /** A number residents may call to apply (the organiser takes phone applications); digits only. */
    applicationPhone: text(),
    /** 参加申込方法 in words (open data): 「当日会場へ」「電話で…」; the form suggests one from the settings above. */
    applicationMethod: text(),
    /** Welcomes 参加支援 participants (people accompanied by a coordinator). */
    welcomesSupported: boolean().notNull().default(false),
    accessibilityNotes: text(),
    /** A 養成講座 (あいサポーター): attending a held session completes it (supporters.server.ts). */
    trainingCourse: text({ enum: trainingCourses }),
    status: activityStatus().notNull().default("active"),
    endedAt: timestamp({ withTimezone: true }),
    scheduleKind: scheduleKind().notNull(),
    /** Weeks between sessions for weekly schedules (2 = 隔週); 1 otherwise. */
    interval: smallint().notNull().default(1),
    /** ISO weekdays, 1 = Monday … 7 = Sunday. */
    weekdays: smallint().array().notNull().default(sql`'{}'::smallint[]`),
    /** Monthly: which weeks of the month (1–4, or -1 for the last). No 5: some months lack one. */
    monthWeeks: smallint().array().notNull().default(sql`'{}'::smallint[]`),
    startDate: date().notNull(),
    endDate: date(),
    startTime: time().notNull(),
    endTime: time().notNull(),
    /** Dates (Asia/Tokyo) the series skips, e.g. 年末年始. */
    exceptionDates: date().array().notNull().default(sql`'{}'::date[]`),
    /** Occurrences exist up to and including this date; the extender moves it forward. */
    materialisedThrough: date(),
  },
  (t) => [
    check("activities_fee_non_negative", sql`${t.feeYen} >= 0`),
    check("activities_capacity_positive", sql`${t.capacity} is null or ${t.capacity} > 0`),
    check("activities_max_party_size_range", sql`${t.maxPartySize} between 1 and 20`),
    check("activities_application_phone_digits", sql`${t.applicationPhone} is null or ${t.applicationPhone} ~ '^[0-9]{10,11}$'`),
    check("activities_time_order", sql`${t.endTime} > ${t.startTime}`),
    check("activities_date_order", sql`${t.endDate} is null or ${t.endDate} >= ${t.startDate}`),
    check("activities_interval_range", sql`${t.interval} between 1 and 4`),
    check("activities_weekdays_valid", sql`${t.weekdays} <@ array[1,2,3,4,5,6,7]::smallint[]`),
    check("activities_month_weeks_valid", sql`${t.monthWeeks} <@ array[-1,1,2,3,4]::smallint[]`),
    check(
      "activities_schedule_shape",
      sql`case ${t.scheduleKind}
        when 'once' then cardinality(${t.weekdays}) = 0 and cardinality(${t.monthWeeks}) = 0 and ${t.interval} = 1
        when 'weekly' then cardinality(${t.weekdays}) > 0 and cardinality(${t.monthWeeks}) = 0
        when 'monthly' then cardinality(${t.weekdays}) > 0 and cardinality(${t.monthWeeks}) > 0 and ${t.interval} = 1
      end`,
    ),
    check("activities_training_course_known", sql`${t.trainingCourse} is null or ${t.trainingCourse} in (${sql.raw(trainingCourses.map((c) => `'${c}'`).join(", "))})`),
    check("activities_ended_at", sql`(${t.status} = 'ended') = (${t.endedAt} is not null)`),
    index().on(t.hubId),
    index().on(t.categoryId),
    // The few 養成講座 among all activities, for counting the people trained.
    index("activities_training_course").on(t.trainingCourse).where(sql`${t.trainingCourse} is not null`),
    // The extender looks for active series whose occurrences run out soon.
    index("activities_active_materialised").on(t.materialisedThrough).where(sql`${t.status} = 'active'`),
  ],
);

export const occurrenceStatus = pgEnum("occurrence_status", ["scheduled", "cancelled"]);

/**
 * One dated session of an activity. Generated ahead from the schedule, so a single session can
 * be cancelled (with a reason residents see), moved or annotated; attendance and sign-ups
 * attach here. `originalDate` is the series date it was generated for and never changes.
 */
export const occurrences = pgTable(
  "occurrences",
  {
    id: id(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    activityId: integer()
      .notNull()
      .references(() => activities.id),
    originalDate: date().notNull(),
    startsAt: timestamp({ withTimezone: true }).notNull(),
    endsAt: timestamp({ withTimezone: true }).notNull(),
    status: occurrenceStatus().notNull().default("scheduled"),
    /** Shown to residents, e.g. 雨天中止. */
    cancelReason: text(),
    /** A note for this session only, shown to residents (持ち物, 場所の変更…). */
    note: text(),
    /** Moved on its own: later edits of the series leave its date and time alone. */
    moved: boolean().notNull().default(false),
    /** Has an attendance record: kept by a trigger on attendance_records (migration 0018). */
    attendanceRecorded: boolean().notNull().default(false),
  },
  (t) => [
    uniqueIndex("occurrences_activity_original_date").on(t.activityId, t.originalDate),
    check("occurrences_time_order", sql`${t.endsAt} > ${t.startsAt}`),
    check("occurrences_reason_only_when_cancelled", sql`${t.status} = 'cancelled' or ${t.cancelReason} is null`),
    // "Upcoming sessions of these activities": one range scan per activity (search, hub and activity pages, feeds).
    index("occurrences_activity_starts_at").on(t.activityId, t.startsAt),
    // "Upcoming sessions anywhere", soonest first, when no point is chosen.
    index("occurrences_starts_at").on(t.startsAt),
    // The dashboard's "not yet recorded": only the scheduled sessions still without a record.
    index("occurrences_unrecorded_starts_at").on(t.startsAt).where(sql`${t.status} = 'scheduled' and not ${t.attendanceRecorded}`),
  ],
);

/** Load tags on a role: what kind of effort it asks (for 担い手 and 参加支援 matching). */
export const roleLoadTags = ["short", "seated", "quiet", "solo", "first_timers", "supported_ok"] as const;

/** What an activity needs at each session (受付 ×2, 調理 ×3…). Sign-ups fill its slots per occurrence. */
export const activityRoles = pgTable(
  "activity_roles",
  {
    id: id(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    activityId: integer()
      .notNull()
      .references(() => activities.id, { onDelete: "cascade" }),
    name: text().notNull(),
    description: text().notNull().default(""),
    /** People needed per occurrence. */
    slots: integer().notNull(),
    skills: text().array().notNull().default(sql`'{}'::text[]`),
    /** Codes from `roleLoadTags` (短時間, 座ってできる, 会話少なめ, 一人作業, はじめてOK, 参加支援OK). */
    loadTags: text().array().notNull().default(sql`'{}'::text[]`),
    sortOrder: integer().notNull().default(0),
    /**
     * The organiser says this role may be taken by someone busy elsewhere at the same time (a
     * short 受付 during a long festival, say). Otherwise a person never holds places in
     * overlapping sessions (trigger signups_one_place_at_a_time, migration 0021).
     */
    allowsOverlap: boolean().notNull().default(false),
    /** Removed roles stay for the history of past sign-ups. */
    archivedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    check("activity_roles_slots_positive", sql`${t.slots} > 0`),
    check(
      "activity_roles_load_tags_valid",
      sql`${t.loadTags} <@ array['short','seated','quiet','solo','first_timers','supported_ok']::text[]`,
    ),
    index().on(t.activityId),
  ],
);

/**
 * Failed-login counters, one row per key ("ip:…" or "account:<sha-256 of the e-mail>"), in the
 * database so that every app process sees the same counts. A row counts the failures since
 * `windowStartedAt`; a failure after the window starts a new one.
 */
export const loginThrottles = pgTable(
  "login_throttles",
  {
    key: text().primaryKey(),
    windowStartedAt: timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow(),
    failures: integer().notNull().default(0),
  },
  (t) => [check("login_throttles_failures_non_negative", sql`${t.failures} >= 0`), index().on(t.windowStartedAt)],
);

// ── Notifications ───────────────────────────────────────────────────────────────────────────

/** What a person is told about. The texts live in the i18n group `notifications`. */
export const notificationKind = pgEnum("notification_kind", notificationKinds);

/** In-app notifications (the bell on /volunteer). */
export const notifications = pgTable(
  "notifications",
  {
    id: id(),
    createdAt: createdAt(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: notificationKind().notNull(),
    payload: jsonb().$type<NotificationPayload>().notNull(),
    readAt: timestamp({ withTimezone: true }),
  },
  (t) => [index().on(t.userId, t.createdAt)],
);

/**
 * Mail waiting to go out. Rows are written in the same transaction as the change they report, so
 * a crash or a mail-server outage loses nothing; the sender claims due rows with
 * FOR UPDATE SKIP LOCKED, so several app processes never send one twice (docs/decisions/006).
 */
export const outboxMessages = pgTable(
  "outbox_messages",
  {
    id: id(),
    createdAt: createdAt(),
    /** An account, or (for a resident's application without one) an address and its applicant. */
    recipientUserId: text().references(() => users.id, { onDelete: "cascade" }),
    recipientEmail: text(),
    /** Deleted with the applicant's contact data (withdrawal, retention). */
    applicantId: integer().references((): AnyPgColumn => applicants.id, { onDelete: "cascade" }),
    kind: notificationKind().notNull(),
    payload: jsonb().$type<NotificationPayload>().notNull(),
    /** Makes enqueueing idempotent: a second message with the same key is not written. */
    dedupeKey: text().unique(),
    /** Claims so far (each try to send, successful or not). */
    attempts: integer().notNull().default(0),
    /** Due from then; while a sender holds a claim, the end of its lease. */
    nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp({ withTimezone: true }),
    /** Given up (too many attempts, or the recipient's account is disabled). */
    failedAt: timestamp({ withTimezone: true }),
    lastError: text(),
  },
  (t) => [
    check("outbox_messages_attempts_non_negative", sql`${t.attempts} >= 0`),
    check("outbox_messages_one_recipient", sql`num_nonnulls(${t.recipientUserId}, ${t.recipientEmail}) = 1`),
    index().on(t.applicantId),
    check("outbox_messages_sent_or_failed", sql`${t.sentAt} is null or ${t.failedAt} is null`),
    index("outbox_messages_due").on(t.nextAttemptAt).where(sql`${t.sentAt} is null and ${t.failedAt} is null`),
    index().on(t.recipientUserId),
  ],
);

// ── Volunteers ──────────────────────────────────────────────────────────────────────────────

/** A volunteer's (担い手) profile; one per account, created on first save. */
export const volunteerProfiles = pgTable(
  "volunteer_profiles",
  {
    userId: text()
      .primaryKey()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    /** Listed skill codes (app/lib/volunteering.ts) and free words. */
    skills: text().array().notNull().default(sql`'{}'::text[]`),
    /** Category codes. */
    interests: text().array().notNull().default(sql`'{}'::text[]`),
    /** Free cells of the weekday × 午前/午後/夜 grid ("wed.morning"). */
    availability: text().array().notNull().default(sql`'{}'::text[]`),
    /** Home area, stored only coarsened to about 250 m (the centre of a grid cell). */
    homeLat: doublePrecision(),
    homeLng: doublePrecision(),
    maxWalkingMinutes: integer().notNull().default(15),
    /** Organisers may send invitations and see this person among suggested volunteers. */
    contactOk: boolean().notNull().default(false),
    /** SHA-256 of the secret in the personal calendar URL; null when there is none. */
    calendarTokenHash: text().unique(),
  },
  (t) => [
    check("volunteer_profiles_walking_range", sql`${t.maxWalkingMinutes} between 1 and 90`),
    check("volunteer_profiles_home_pair", sql`(${t.homeLat} is null) = (${t.homeLng} is null)`),
    check("volunteer_profiles_home_range", sql`${t.homeLat} between -90 and 90 and ${t.homeLng} between -180 and 180`),
    check("volunteer_profiles_skills_count", sql`cardinality(${t.skills}) <= 30`),
    check(
      "volunteer_profiles_availability_valid",
      sql`${t.availability} <@ array[
        'mon.morning','mon.afternoon','mon.evening','tue.morning','tue.afternoon','tue.evening',
        'wed.morning','wed.afternoon','wed.evening','thu.morning','thu.afternoon','thu.evening',
        'fri.morning','fri.afternoon','fri.evening','sat.morning','sat.afternoon','sat.evening',
        'sun.morning','sun.afternoon','sun.evening']::text[]`,
    ),
  ],
);

/**
 * The slots of one role in one occurrence, and how many are confirmed. Sign-ups and
 * cancellations lock this row (SELECT … FOR UPDATE), so the decision "confirmed or waitlisted"
 * and a promotion from the waitlist are made one at a time per slot; the check constraint makes
 * overfilling impossible whatever the code does. `slots` follows activity_roles.slots (trigger).
 */
export const roleSlotFills = pgTable(
  "role_slot_fills",
  {
    occurrenceId: integer()
      .notNull()
      .references(() => occurrences.id, { onDelete: "cascade" }),
    roleId: integer()
      .notNull()
      .references(() => activityRoles.id, { onDelete: "cascade" }),
    slots: integer().notNull(),
    confirmed: integer().notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.occurrenceId, t.roleId] }),
    check("role_slot_fills_within_slots", sql`${t.confirmed} >= 0 and ${t.confirmed} <= ${t.slots}`),
    index().on(t.roleId),
  ],
);

export const signupStatus = pgEnum("signup_status", ["confirmed", "waitlisted", "cancelled", "attended", "no_show"]);

/**
 * A person in a role of an occurrence: a volunteer account, or a guest an organiser entered
 * (paper or phone: a name and a note, no account).
 */
export const signups = pgTable(
  "signups",
  {
    id: id(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    occurrenceId: integer()
      .notNull()
      .references(() => occurrences.id, { onDelete: "cascade" }),
    roleId: integer()
      .notNull()
      .references(() => activityRoles.id, { onDelete: "cascade" }),
    /** Null for a guest, and after the account is deleted (the row still counts, anonymised: ADR 005). */
    userId: text().references(() => users.id, { onDelete: "set null" }),
    guestName: text(),
    guestNote: text(),
    /** Who entered it, when not the person themselves (an organiser). */
    addedByUserId: text().references(() => users.id, { onDelete: "set null" }),
    status: signupStatus().notNull(),
    /** Waitlist order (with id, a total order: queueOrder in capacity.server.ts). */
    waitlistedAt: timestamp({ withTimezone: true }),
    confirmedAt: timestamp({ withTimezone: true }),
    cancelledAt: timestamp({ withTimezone: true }),
    /** Who cancelled: the person, or an organiser removing them. */
    cancelledByUserId: text().references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    // An account or a guest, never both; neither once the account has been deleted.
    check("signups_account_or_guest", sql`${t.userId} is null or ${t.guestName} is null`),
    check("signups_guest_name_length", sql`${t.guestName} is null or char_length(${t.guestName}) between 1 and 100`),
    check("signups_waitlisted_at", sql`${t.status} <> 'waitlisted' or ${t.waitlistedAt} is not null`),
    check("signups_cancelled_at", sql`(${t.status} = 'cancelled') = (${t.cancelledAt} is not null)`),
    // A person holds one live place per session, whatever the role: a double submit finds the
    // first, and a second role of the same session is refused (capacity.server.ts).
    uniqueIndex("signups_one_live_per_session")
      .on(t.occurrenceId, t.userId)
      .where(sql`${t.userId} is not null and ${t.status} in ('confirmed', 'waitlisted')`),
    index("signups_waitlist").on(t.occurrenceId, t.roleId, t.waitlistedAt).where(sql`${t.status} = 'waitlisted'`),
    index().on(t.userId, t.status),
    index().on(t.roleId),
  ],
);

export const invitationStatus = pgEnum("invitation_status", ["pending", "accepted", "declined"]);

/** An organiser's one-click invitation of a volunteer (who allows contact) to a role slot. */
export const invitations = pgTable(
  "invitations",
  {
    id: id(),
    createdAt: createdAt(),
    occurrenceId: integer()
      .notNull()
      .references(() => occurrences.id, { onDelete: "cascade" }),
    roleId: integer()
      .notNull()
      .references(() => activityRoles.id, { onDelete: "cascade" }),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    invitedByUserId: text().references(() => users.id, { onDelete: "set null" }),
    status: invitationStatus().notNull().default("pending"),
    respondedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex("invitations_one_per_slot_and_person").on(t.occurrenceId, t.roleId, t.userId),
    check("invitations_responded_at", sql`(${t.status} = 'pending') = (${t.respondedAt} is null)`),
    index().on(t.userId, t.status),
  ],
);

export * from "./schema-support";
export * from "./schema-applications";
export * from "./schema-metrics";
export * from "./schema-councils";
export * from "./schema-indicators";
