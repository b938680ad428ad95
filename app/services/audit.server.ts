import { and, desc, eq, lt, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { auditEvents, users } from "#db/schema";
import type { AuditAction } from "~/lib/audit-actions";
import type { Db } from "~/lib/db.server";

export { auditActions, isAuditAction, type AuditAction } from "~/lib/audit-actions";

export interface AuditEntry {
  /** Who did it; null when nobody is logged in (e.g. a failed login for an unknown e-mail). */
  actorUserId: string | null;
  action: AuditAction;
  targetType?:
    | "user"
    | "hub"
    | "association"
    | "supported_person"
    | "activity"
    | "occurrence"
    | "indicator_target"
    | "council"
    | "mutual_aid_scheme"
    | "supporter_starting_figure"
    | "survey_result"
    | null;
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

const actors = alias(users, "actors");
const targets = alias(users, "targets");

/**
 * Like `listAuditEvents`, with the e-mail of actor and target while their accounts exist (the
 * log itself stores only ids, so a deleted account leaves no e-mail behind).
 */
export async function listAuditEventsWithNames(db: Db, options: { before?: number; limit?: number } = {}) {
  const rows = await db
    .select({
      id: auditEvents.id,
      at: auditEvents.at,
      actorUserId: auditEvents.actorUserId,
      action: auditEvents.action,
      targetType: auditEvents.targetType,
      targetId: auditEvents.targetId,
      ip: auditEvents.ip,
      details: auditEvents.details,
      actorEmail: actors.email,
      targetEmail: targets.email,
    })
    .from(auditEvents)
    .leftJoin(actors, eq(actors.id, auditEvents.actorUserId))
    .leftJoin(targets, and(eq(auditEvents.targetType, "user"), eq(targets.id, auditEvents.targetId)))
    .where(options.before === undefined ? undefined : lt(auditEvents.id, options.before))
    .orderBy(desc(auditEvents.id))
    .limit(options.limit ?? AUDIT_PAGE_SIZE);
  return rows;
}
