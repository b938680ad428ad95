// Shared by the database enum (db/schema.ts) and the texts, so the two cannot drift apart.

export const notificationKinds = [
  "signup_confirmed",
  "signup_waitlisted",
  "promoted",
  "removed",
  "occurrence_cancelled",
  "occurrence_changed",
  "reminder",
  "invitation",
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
}
