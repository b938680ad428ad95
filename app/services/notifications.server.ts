import { and, count, desc, eq, inArray, isNull } from "drizzle-orm";
import { notifications, outboxMessages } from "#db/schema";
import type { Db } from "~/lib/db.server";
import type { NotificationKind, NotificationPayload } from "~/lib/notification-kinds";

export interface NotifyInput {
  userId: string;
  kind: NotificationKind;
  payload: NotificationPayload;
  /** The same key twice writes one message (a resent form, a job run twice). */
  dedupeKey?: string;
}

/**
 * Queues a mail in the outbox. Call it with the transaction that makes the change it reports, so
 * the message exists exactly when the change does. Returns the message id, or undefined when a
 * message with the same dedupe key already exists.
 */
export async function enqueue(tx: Db, input: NotifyInput): Promise<number | undefined> {
  const [row] = await tx
    .insert(outboxMessages)
    .values({ recipientUserId: input.userId, kind: input.kind, payload: input.payload, dedupeKey: input.dedupeKey })
    .onConflictDoNothing({ target: outboxMessages.dedupeKey })
    .returning({ id: outboxMessages.id });
  return row?.id;
}

/** Tells a person in the app and by mail (queued), inside the caller's transaction. */
export async function notify(tx: Db, input: NotifyInput): Promise<boolean> {
  const messageId = await enqueue(tx, input);
  if (input.dedupeKey && messageId === undefined) return false;
  await tx.insert(notifications).values({ userId: input.userId, kind: input.kind, payload: input.payload });
  return true;
}

/** The person's notifications, newest first; `kinds` keeps only those kinds. */
export async function listNotifications(db: Db, { userId, limit = 20, kinds }: { userId: string; limit?: number; kinds?: readonly NotificationKind[] }) {
  return db
    .select({ id: notifications.id, createdAt: notifications.createdAt, kind: notifications.kind, payload: notifications.payload, readAt: notifications.readAt })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), kinds === undefined ? undefined : inArray(notifications.kind, [...kinds])))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(limit);
}

export async function countUnreadNotifications(db: Db, { userId, kinds }: { userId: string; kinds?: readonly NotificationKind[] }): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt), kinds === undefined ? undefined : inArray(notifications.kind, [...kinds])));
  return row?.n ?? 0;
}

/** Marks the person's own notifications read (all, or the given ids, or the given kinds). */
export async function markNotificationsRead(db: Db, { userId, ids, kinds }: { userId: string; ids?: number[]; kinds?: readonly NotificationKind[] }): Promise<void> {
  await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(
      and(
        eq(notifications.userId, userId),
        isNull(notifications.readAt),
        ids === undefined ? undefined : inArray(notifications.id, ids),
        kinds === undefined ? undefined : inArray(notifications.kind, [...kinds]),
      ),
    );
}
