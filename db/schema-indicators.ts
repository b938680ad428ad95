// Figures staff enter for the city's indicators (あいサポーター starting figure, 市民実感度調査).
// Its own file to keep merges small. Both record who entered them and when: the dashboard marks
// them as entered figures, not counted ones (docs/indicators.md).
import { sql } from "drizzle-orm";
import { check, date, index, integer, numeric, pgTable, smallint, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, id, updatedAt } from "./columns";
import { surveyCodes } from "./indicator-codes";
import { users } from "./schema";

const listed = (codes: readonly string[]) => sql.raw(codes.map((c) => `'${c}'`).join(", "));

/**
 * People trained as あいサポーター before the system was used (e.g. 1,646 as of 2024-01-01):
 * people who completed a 養成講座 whose session starts on or after `asOf` are counted from the
 * records and added. One figure per date; entering the same date again replaces it.
 */
export const supporterStartingFigures = pgTable(
  "supporter_starting_figures",
  {
    id: id(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    enteredByUserId: text().references(() => users.id, { onDelete: "set null" }),
    asOf: date().notNull(),
    people: integer().notNull(),
    enteredAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("supporter_starting_figures_as_of").on(t.asOf), check("supporter_starting_figures_people_non_negative", sql`${t.people} >= 0`)],
);

/** One 市民実感度調査 result per survey indicator and 年度: the share of respondents who said so. */
export const surveyResults = pgTable(
  "survey_results",
  {
    id: id(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    enteredByUserId: text().references(() => users.id, { onDelete: "set null" }),
    code: text({ enum: surveyCodes }).notNull(),
    fiscalYear: smallint().notNull(),
    surveyName: text().notNull(),
    surveyedOn: date().notNull(),
    respondents: integer().notNull(),
    /** Percent, one decimal (42.5). */
    percentage: numeric({ precision: 4, scale: 1 }).notNull(),
    enteredAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("survey_results_code_year").on(t.code, t.fiscalYear),
    index("survey_results_year").on(t.fiscalYear),
    check("survey_results_code_known", sql`${t.code} in (${listed(surveyCodes)})`),
    check("survey_results_fiscal_year_range", sql`${t.fiscalYear} between 2000 and 2100`),
    check("survey_results_survey_name_length", sql`char_length(${t.surveyName}) between 1 and 100`),
    check("survey_results_respondents_positive", sql`${t.respondents} > 0`),
    check("survey_results_percentage_range", sql`${t.percentage} between 0 and 100`),
  ],
);
