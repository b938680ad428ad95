// The database enum of notification kinds and the payload stored with each, as plain constants
// and types (no runtime dependencies): db/schema.ts declares the enum from them, and
// app/lib/notification-kinds.ts re-exports them for the texts, so the two cannot drift apart.

export const notificationKinds = [
  "signup_confirmed",
  "signup_waitlisted",
  "promoted",
  "removed",
  "occurrence_cancelled",
  "occurrence_changed",
  "reminder",
  "invitation",
  // 参加支援: to the assigned coordinators. Its texts carry nothing about the person or the
  // place (要配慮個人情報 stays out of mail): only that a 見学 booking changed, and the link.
  "support_visit_cancelled",
  // A resident's application (issue 14): to the account, or to the e-mail address given.
  "application_confirmed",
  "application_waitlisted",
  "application_promoted",
  "application_reminder",
  "application_session_cancelled",
] as const;
export type NotificationKind = (typeof notificationKinds)[number];

/**
 * Parameters of a notification's text, stored as they were when it happened (the activity may
 * be renamed later). Times are ISO instants, formatted in Asia/Tokyo when shown.
 */
export interface NotificationPayload {
  activity: string;
  hub?: string;
  role?: string;
  startsAt?: string;
  endsAt?: string;
  /** Where to act on it, as a path of this site (`/volunteer`). */
  path?: string;
  /** A resident's application: its short code (受付番号) and party size. */
  code?: string;
  partySize?: number;
  /** Whom a mail to an address without an account greets (deleted with the applicant's data). */
  name?: string;
}
