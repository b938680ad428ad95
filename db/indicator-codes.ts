// Codes the database's CHECK constraints list (migration 0024), shared with app/lib/surveys.ts
// and the activity form: adding one means a migration that widens the constraint.

/** What an activity may be a 養成講座 of: attending a held session of it completes the course. */
export const trainingCourses = ["ai_supporter"] as const;
export type TrainingCourse = (typeof trainingCourses)[number];

/** 市民実感度調査 indicators whose results staff enter per 年度 (names and sources in app/lib/surveys.ts). */
export const surveyCodes = ["survey_help_nearby", "survey_residents_solving", "survey_consultation_nearby", "survey_support_until_solved"] as const;
export type SurveyCode = (typeof surveyCodes)[number];
