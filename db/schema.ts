import { sql } from "drizzle-orm";
import {
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { createdAt, earthCube, id, updatedAt } from "./columns";

// ── Places ──────────────────────────────────────────────────────────────────────────────────

/** 地区 / 小学校区 / 地区社協圏域. The centre point lets a resident say "near 萩の台". */
export const districts = pgTable("districts", {
  id: id(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
  name: text().notNull().unique(),
  lat: doublePrecision().notNull(),
  lng: doublePrecision().notNull(),
});

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
    description: text().notNull().default(""),
    address: text().notNull(),
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
