import { and, desc, eq, lt, type SQL } from "drizzle-orm";
import { auditEvents } from "#db/schema";
import type { Db } from "~/lib/db.server";

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
  "attendance.recorded",
  "attendance.updated",
  "indicator_target.set",
] as const;
export type AuditAction = (typeof auditActions)[number];

export interface AuditEntry {
  /** Who did it; null when nobody is logged in (e.g. a failed login for an unknown e-mail). */
  actorUserId: string | null;
  action: AuditAction;
  targetType?: "user" | "hub" | "association" | "occurrence" | "indicator_target" | null;
  targetId?: string | number | null;
  ip?: string | null;
  /** Never personal data such as e-mail addresses or names: the log outlives accounts. */
  details?: Record<string, unknown> | null;
}

/** Appends one entry. The table refuses updates and deletes (a trigger, migration 0003). */
export async function recordAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db.insert(auditEvents).values({
    actorUserId: entry.actorUserId,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId === undefined || entry.targetId === null ? null : String(entry.targetId),
    ip: entry.ip ?? null,
    details: entry.details ?? null,
  });
}

export const AUDIT_PAGE_SIZE = 50;

/** Newest first; `before` is the id to continue after (keyset paging). */
export async function listAuditEvents(db: Db, options: { before?: number; action?: AuditAction; limit?: number } = {}) {
  const conditions: (SQL | undefined)[] = [
    options.before === undefined ? undefined : lt(auditEvents.id, options.before),
    options.action === undefined ? undefined : eq(auditEvents.action, options.action),
  ];
  return db
    .select()
    .from(auditEvents)
    .where(and(...conditions))
    .orderBy(desc(auditEvents.id))
    .limit(options.limit ?? AUDIT_PAGE_SIZE);
}
