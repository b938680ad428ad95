// The kinds themselves are the database enum's (db/notification-kinds.ts); this module adds what
// the texts need, and is what the app imports.
import type { NotificationKind } from "#db/notification-kinds";

export { notificationKinds, type NotificationKind, type NotificationPayload } from "#db/notification-kinds";

/**
 * 参加支援 notices, for coordinators (listed on /support/notifications). Their in-app and mail
 * texts name no person, activity, place or time: the link says where to look.
 */
export const supportNotificationKinds = ["support_visit_cancelled"] as const satisfies readonly NotificationKind[];

export function isSupportNotificationKind(kind: NotificationKind): boolean {
  return (supportNotificationKinds as readonly NotificationKind[]).includes(kind);
}
