/** What the audit log records; a closed list so the admin view can name each in words. */
export const auditActions = [
  "login.success",
  "login.failure",
  "login.throttled",
  "logout",
  "account.signup",
  "account.password_changed",
  "account.deleted",
  "account.created_by_admin",
  "account.disabled",
  "account.enabled",
  "role.granted",
  "role.revoked",
  "scope.granted",
  "scope.revoked",
  "hub.created",
  "hub.updated",
  "association.created",
  // An organiser's activities and sessions (the names written since issue 4, kept as they are:
  // the log is append-only).
  "activity.create",
  "activity.update",
  "activity.end",
  "occurrence.cancel",
  "occurrence.restore",
  "occurrence.move",
  // 参加支援: every read and write of a supported person's record (who, which, what, when).
  "support.list.read",
  "support.person.read",
  "support.person.created",
  "support.person.updated",
  "support.stage.changed",
  "support.entry.added",
  "support.partner.linked",
  "support.person.anonymised",
  "support.assignment.changed",
  "support.access.denied",
  "support.places.searched",
  "support.booking.created",
  "support.visit.created",
  "support.visit.cancelled",
  "support.notifications.read",
  // Participation counts (issue 7).
  "application.entered",
  "application.cancelled_by_organiser",
  "attendance.recorded",
  "attendance.updated",
  "indicator_target.set",
  // 協議体 and 支えあいの仕組み (Yamatokoriyama's indicators).
  "council.created",
  "council.updated",
  "council.meeting_added",
  "mutual_aid.created",
  "mutual_aid.updated",
  // Figures staff enter for the indicators (あいサポーター starting figure, 市民実感度調査).
  "supporter_starting_figure.set",
  "survey_result.set",
  // Preview-and-confirm imports of the city's open data (one entry per confirmed import, with counts).
  "import.facilities",
  "import.population",
] as const;
export type AuditAction = (typeof auditActions)[number];

export function isAuditAction(value: string): value is AuditAction {
  return (auditActions as readonly string[]).includes(value);
}
