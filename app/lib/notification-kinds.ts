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
  // 参加支援: to the assigned coordinators. Its texts carry nothing about the person or the
  // place (要配慮個人情報 stays out of mail): only that a 見学 booking changed, and the link.
  "support_visit_cancelled",
] as const;
export type NotificationKind = (typeof notificationKinds)[number];

/**
 * 参加支援 notices, for coordinators (listed on /support/notifications). Their in-app and mail
 * texts name no person, activity, place or time: the link says where to look.
 */
export const supportNotificationKinds = ["support_visit_cancelled"] as const satisfies readonly NotificationKind[];

export function isSupportNotificationKind(kind: NotificationKind): boolean {
  return (supportNotificationKinds as readonly NotificationKind[]).includes(kind);
}

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
