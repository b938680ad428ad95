// Sends the mail queued in outbox_messages (docs/decisions/006). Any number of app processes may
// run this at once: a message is claimed by one of them with FOR UPDATE SKIP LOCKED and a lease.
import { and, asc, eq, isNull, lte, sql, type SQL } from "drizzle-orm";
import { outboxMessages, users } from "#db/schema";
import type { Db } from "~/lib/db.server";
import type { MailTransport } from "~/lib/mail.server";
import { getServerTranslate } from "~/lib/i18n/all-messages.server";
import { mailText } from "~/lib/notification-text";

export interface SendOptions {
  now?: Date;
  /** At most this many messages per run. */
  batchSize?: number;
  /** How long a claim keeps other senders off a message; longer than the transport's time-outs. */
  leaseMs?: number;
  /** After this many failed attempts the message is given up (failed_at). */
  maxAttempts?: number;
  /** Wait before the next attempt, after `attempts` tries. */
  backoffMs?: (attempts: number) => number;
  publicOrigin?: string;
  /** Host part of the stable Message-IDs. */
  messageIdDomain?: string;
}

export interface SendResult {
  sent: number;
  retrying: number;
  failed: number;
}

/** 1 min, 2, 4, 8 … capped at 6 h. */
export function defaultBackoffMs(attempts: number): number {
  return Math.min(6 * 3_600_000, 60_000 * 2 ** Math.max(0, attempts - 1));
}

/**
 * Claims one due message: locks it, pushes its next attempt past the lease and counts the attempt,
 * in one short transaction. SKIP LOCKED lets a concurrent sender pass over a row being claimed
 * instead of waiting; once that claim commits, the row is no longer due. (Two statements rather
 * than `UPDATE … WHERE id IN (SELECT … LIMIT 1 FOR UPDATE SKIP LOCKED)`, which PostgreSQL may
 * evaluate more than once and so claim several rows.)
 */
async function claimNext(db: Db, dueBy: Date | SQL, leaseMs: number, now: Date) {
  return db.transaction(async (tx) => {
    const [due] = await tx
      .select({ id: outboxMessages.id })
      .from(outboxMessages)
      .where(and(isNull(outboxMessages.sentAt), isNull(outboxMessages.failedAt), lte(outboxMessages.nextAttemptAt, dueBy)))
      .orderBy(asc(outboxMessages.nextAttemptAt), asc(outboxMessages.id))
      .limit(1)
      .for("update", { skipLocked: true });
    if (!due) return undefined;
    const [claimed] = await tx
      .update(outboxMessages)
      .set({ attempts: sql`${outboxMessages.attempts} + 1`, nextAttemptAt: new Date(now.getTime() + leaseMs) })
      .where(eq(outboxMessages.id, due.id))
      .returning();
    return claimed;
  });
}

/** Sends what is due now; call it from a timer or, in tests, directly. */
export async function sendDueMessages(db: Db, transport: MailTransport, options: SendOptions = {}): Promise<SendResult> {
  const {
    batchSize = 50,
    leaseMs = 10 * 60_000,
    maxAttempts = 12,
    backoffMs = defaultBackoffMs,
    publicOrigin,
    messageIdDomain = "machinaeki.invalid",
  } = options;
  const now = options.now ?? new Date();
  // Without an explicit time, "due" is judged by the database's clock, the one that stamped the
  // rows (a message written in the same millisecond as the run then still counts as due).
  const dueBy = options.now ?? sql`clock_timestamp()`;
  const result: SendResult = { sent: 0, retrying: 0, failed: 0 };
  for (let i = 0; i < batchSize; i++) {
    const message = await claimNext(db, dueBy, leaseMs, now);
    if (!message) break;
    const recipient = await recipientOf(db, message);
    if (!recipient || recipient.disabledAt) {
      await db.update(outboxMessages).set({ failedAt: new Date(), lastError: "recipient account disabled" }).where(eq(outboxMessages.id, message.id));
      result.failed++;
      continue;
    }
    try {
      const { subject, text } = mailText(getServerTranslate("ja"), "ja", message.kind, message.payload, recipient, publicOrigin);
      await transport.send({ to: recipient.email, subject, text, messageId: `<outbox-${message.id}@${messageIdDomain}>` });
      await db.update(outboxMessages).set({ sentAt: new Date(), lastError: null }).where(eq(outboxMessages.id, message.id));
      result.sent++;
    } catch (error) {
      // The error text is the mail server's or the network's; it names no personal data of ours.
      const lastError = (error instanceof Error ? error.message : String(error)).slice(0, 500);
      if (message.attempts >= maxAttempts) {
        await db.update(outboxMessages).set({ failedAt: new Date(), lastError }).where(eq(outboxMessages.id, message.id));
        result.failed++;
      } else {
        const nextAttemptAt = new Date(now.getTime() + backoffMs(message.attempts));
        await db.update(outboxMessages).set({ nextAttemptAt, lastError }).where(eq(outboxMessages.id, message.id));
        result.retrying++;
      }
    }
  }
  return result;
}

/**
 * Whom a message goes to: an account (nobody, if it was deleted; disabled accounts get nothing),
 * or an address given with a resident's application, greeted by the name in the message.
 */
async function recipientOf(db: Db, message: typeof outboxMessages.$inferSelect) {
  if (message.recipientEmail) return { email: message.recipientEmail, displayName: message.payload.name ?? "", disabledAt: null };
  if (!message.recipientUserId) return undefined;
  const [account] = await db
    .select({ email: users.email, displayName: users.displayName, disabledAt: users.disabledAt })
    .from(users)
    .where(eq(users.id, message.recipientUserId));
  return account;
}

export interface OutboxSender {
  /** Runs once now (waits for a run in progress first). */
  runNow(): Promise<void>;
  /** Stops the timer and waits for the run in progress. */
  stop(): Promise<void>;
}

/**
 * Runs `sendDueMessages` every `intervalMs` inside the server process, never two runs at once.
 * `beforeEachRun` can queue time-driven messages (the day-before reminders) first.
 */
export function startOutboxSender(config: {
  getDb: () => Promise<Db>;
  /** Without one (no SMTP configured) only `beforeEachRun` runs and mail waits in the table. */
  transport?: MailTransport;
  intervalMs?: number;
  options?: Omit<SendOptions, "now">;
  beforeEachRun?: (db: Db, now: Date) => Promise<unknown>;
  onError?: (error: unknown) => void;
}): OutboxSender {
  const { intervalMs = 15_000, onError = (error) => console.error("outbox sender:", error) } = config;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const run = () => {
    running = running.then(async () => {
      if (stopped) return;
      try {
        const db = await config.getDb();
        await config.beforeEachRun?.(db, new Date());
        if (config.transport) await sendDueMessages(db, config.transport, config.options);
      } catch (error) {
        onError(error);
      }
    });
    return running;
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => void run().then(schedule), intervalMs);
    timer.unref();
  };
  schedule();

  return {
    runNow: run,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
      config.transport?.close();
    },
  };
}
