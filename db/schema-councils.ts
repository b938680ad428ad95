// 協議体 (テーマ別で協議をする場) of a 地区社協 area and the 支えあいの仕組み they start
// (Yamatokoriyama's plan: 協議体の設置数, 支えあいの仕組みの立ち上げ件数). Its own file to keep merges small.
import { sql } from "drizzle-orm";
import { boolean, check, date, index, integer, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, id, updatedAt } from "./columns";
import { districts, users } from "./schema";

/**
 * A standing discussion body of one district (地区社協圏域), e.g. 矢田地区「移動支援部会」.
 * Dates are Tokyo calendar days; a council counts from `established_on` until `dissolved_on`.
 * Members are counted by kind only: the city records no names.
 */
export const councils = pgTable(
  "councils",
  {
    id: id(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    districtId: integer()
      .notNull()
      .references(() => districts.id),
    name: text().notNull(),
    theme: text().notNull(),
    establishedOn: date({ mode: "string" }).notNull(),
    dissolvedOn: date({ mode: "string" }),
    /** Whether the city lists it on the public page. */
    isPublic: boolean().notNull().default(false),
    /** 住民 */
    residentMembers: integer().notNull().default(0),
    /** 専門職 */
    professionalMembers: integer().notNull().default(0),
    /** 団体・機関 */
    organisationMembers: integer().notNull().default(0),
  },
  (t) => [
    uniqueIndex("councils_district_name").on(t.districtId, t.name),
    index("councils_established_on").on(t.establishedOn),
    check("councils_name_length", sql`char_length(${t.name}) between 1 and 100`),
    check("councils_theme_length", sql`char_length(${t.theme}) between 1 and 100`),
    check("councils_dissolved_after_established", sql`${t.dissolvedOn} is null or ${t.dissolvedOn} >= ${t.establishedOn}`),
    check("councils_resident_members_non_negative", sql`${t.residentMembers} >= 0`),
    check("councils_professional_members_non_negative", sql`${t.professionalMembers} >= 0`),
    check("councils_organisation_members_non_negative", sql`${t.organisationMembers} >= 0`),
  ],
);

/** One held meeting of a council: when, how many came, and what it decided or found. */
export const councilMeetings = pgTable(
  "council_meetings",
  {
    id: id(),
    createdAt: createdAt(),
    councilId: integer()
      .notNull()
      .references(() => councils.id),
    recordedByUserId: text().references(() => users.id, { onDelete: "set null" }),
    heldOn: date({ mode: "string" }).notNull(),
    attendees: integer().notNull(),
    outcome: text().notNull(),
  },
  (t) => [
    index("council_meetings_council_held_on").on(t.councilId, t.heldOn),
    check("council_meetings_attendees_non_negative", sql`${t.attendees} >= 0`),
    check("council_meetings_outcome_length", sql`char_length(${t.outcome}) between 1 and 2000`),
  ],
);

/** 支えあいの仕組み: a mutual-aid scheme launched in a district (移動支援, 見守り), often out of a council. */
export const mutualAidSchemes = pgTable(
  "mutual_aid_schemes",
  {
    id: id(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    districtId: integer()
      .notNull()
      .references(() => districts.id),
    councilId: integer().references(() => councils.id),
    name: text().notNull(),
    description: text().notNull().default(""),
    launchedOn: date({ mode: "string" }).notNull(),
    isPublic: boolean().notNull().default(false),
  },
  (t) => [
    index("mutual_aid_schemes_launched_on").on(t.launchedOn),
    index("mutual_aid_schemes_council").on(t.councilId),
    check("mutual_aid_schemes_name_length", sql`char_length(${t.name}) between 1 and 100`),
    check("mutual_aid_schemes_description_length", sql`char_length(${t.description}) <= 2000`),
  ],
);
