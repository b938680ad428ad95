import net from "node:net";
import { eq, inArray } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { notifications, outboxMessages, users } from "#db/schema";
import { createSmtpTransport } from "~/lib/mail.server";
import { enqueue, notify } from "~/services/notifications.server";
import { sendDueMessages, startOutboxSender } from "~/services/outbox.server";
import { createUser } from "../factories/users";
import { useTestDatabase } from "../setup/database";
import { startSmtpServer, type ReceivedMail } from "../setup/smtp";

const database = useTestDatabase({ poolMax: 8 });
const FROM = "まちなえき <no-reply@machinaeki.test>";
const payload = {
  activity: "ふれあい食堂",
  role: "調理",
  hub: "萩の台まちなえき",
  startsAt: "2026-11-25T01:00:00.000Z",
  endsAt: "2026-11-25T02:30:00.000Z",
  path: "/volunteer",
};

async function messagesOf(userId: string) {
  return database.db.select().from(outboxMessages).where(eq(outboxMessages.recipientUserId, userId)).orderBy(outboxMessages.id);
}

describe("enqueue", () => {
  test("a message written in a transaction that rolls back never exists", async () => {
    const person = await createUser(database.db);
    await expect(
      database.db.transaction(async (tx) => {
        await notify(tx, { userId: person.id, kind: "signup_confirmed", payload });
        throw new Error("the sign-up failed");
      }),
    ).rejects.toThrow("the sign-up failed");
    expect(await messagesOf(person.id)).toEqual([]);
    expect(await database.db.select().from(notifications).where(eq(notifications.userId, person.id))).toEqual([]);
  });

  test("the same dedupe key twice gives one mail and one in-app notification", async () => {
    const person = await createUser(database.db);
    const first = await database.db.transaction((tx) => notify(tx, { userId: person.id, kind: "reminder", payload, dedupeKey: `test-reminder:${person.id}` }));
    const second = await database.db.transaction((tx) => notify(tx, { userId: person.id, kind: "reminder", payload, dedupeKey: `test-reminder:${person.id}` }));
    expect([first, second]).toEqual([true, false]);
    expect(await messagesOf(person.id)).toHaveLength(1);
    expect(await database.db.select().from(notifications).where(eq(notifications.userId, person.id))).toHaveLength(1);
  });
});

describe("sending through a real SMTP server on loopback", () => {
  test("sends each due message once, in Japanese, and marks it sent", async () => {
    const smtp = await startSmtpServer();
    const transport = createSmtpTransport({ url: smtp.url, from: FROM });
    try {
      const person = await createUser(database.db, { displayName: "山田 花子" });
      await enqueue(database.db, { userId: person.id, kind: "signup_confirmed", payload });
      await enqueue(database.db, { userId: person.id, kind: "promoted", payload });
      await sendDueMessages(database.db, transport, { publicOrigin: "https://machinaeki.example.jp" });
      await sendDueMessages(database.db, transport);
      const mine = smtp.received.filter((m) => m.to.includes(person.email));
      expect(mine).toHaveLength(2);
      expect(mine[0]?.subject).toBe("【まちなえき】申し込みを受け付けました：ふれあい食堂");
      expect(mine[0]?.from).toBe("no-reply@machinaeki.test");
      expect(mine[0]?.text).toContain("山田 花子 さん");
      expect(mine[0]?.text).toContain("日時：11月25日(水) 10:00〜11:30");
      expect(mine[0]?.text).toContain("場所：萩の台まちなえき");
      expect(mine[0]?.text).toContain("くわしくはこちら：https://machinaeki.example.jp/volunteer");
      expect(mine[1]?.subject).toBe("【まちなえき】キャンセル待ちから繰り上がりました：ふれあい食堂");
      const rows = await messagesOf(person.id);
      expect(rows.map((r) => [r.attempts, r.sentAt !== null, r.lastError])).toEqual([
        [1, true, null],
        [1, true, null],
      ]);
      expect(mine.map((m) => m.messageId)).toEqual(rows.map((r) => `<outbox-${r.id}@machinaeki.invalid>`));
    } finally {
      transport.close();
      await smtp.close();
    }
  });

  test("while the server is down messages stay queued with attempts counted; when it is back they go out exactly once", async () => {
    // Take a free loopback port, then close it: nothing listens there until the server "comes back".
    const probe = await startSmtpServer();
    const port = probe.port;
    await probe.close();
    const transport = createSmtpTransport({ url: `smtp://127.0.0.1:${port}`, from: FROM });
    const person = await createUser(database.db);
    try {
      for (const kind of ["signup_confirmed", "occurrence_changed", "reminder"] as const) {
        await enqueue(database.db, { userId: person.id, kind, payload });
      }
      const t0 = new Date(Date.now() + 1000);
      const down = await sendDueMessages(database.db, transport, { now: t0 });
      expect(down.sent).toBe(0);
      expect(down.retrying).toBeGreaterThanOrEqual(3);
      let rows = await messagesOf(person.id);
      expect(rows.map((r) => [r.attempts, r.sentAt])).toEqual([
        [1, null],
        [1, null],
        [1, null],
      ]);
      for (const row of rows) {
        expect(row.lastError).toMatch(/ECONNREFUSED|connect/i);
        expect(row.nextAttemptAt.getTime()).toBeGreaterThan(t0.getTime());
      }

      // Still down a little later, when the backoff has passed: a second attempt is counted.
      await sendDueMessages(database.db, transport, { now: new Date(t0.getTime() + 5 * 60_000) });
      rows = await messagesOf(person.id);
      expect(rows.map((r) => r.attempts)).toEqual([2, 2, 2]);

      // Before the next backoff ends nothing is tried.
      await sendDueMessages(database.db, transport, { now: new Date(t0.getTime() + 5 * 60_000 + 1000) });
      expect((await messagesOf(person.id)).map((r) => r.attempts)).toEqual([2, 2, 2]);

      const received: ReceivedMail[] = [];
      const smtp = await startSmtpServer({ port, received });
      try {
        const later = new Date(t0.getTime() + 60 * 60_000);
        await sendDueMessages(database.db, transport, { now: later });
        await sendDueMessages(database.db, transport, { now: later });
        await sendDueMessages(database.db, transport, { now: new Date(later.getTime() + 24 * 3_600_000) });
        const mine = received.filter((m) => m.to.includes(person.email));
        expect(mine.map((m) => m.subject).sort()).toEqual(
          ["【まちなえき】申し込みを受け付けました：ふれあい食堂", "【まちなえき】予定変更のお知らせ：ふれあい食堂", "【まちなえき】明日の予定：ふれあい食堂"].sort(),
        );
        rows = await messagesOf(person.id);
        expect(rows.map((r) => [r.attempts, r.sentAt !== null, r.lastError])).toEqual([
          [3, true, null],
          [3, true, null],
          [3, true, null],
        ]);
      } finally {
        await smtp.close();
      }
    } finally {
      transport.close();
    }
  });

  test("several senders at once send every message exactly once", async () => {
    const smtp = await startSmtpServer();
    const transports = [1, 2, 3, 4].map(() => createSmtpTransport({ url: smtp.url, from: FROM }));
    try {
      const people = await Promise.all([1, 2, 3, 4, 5].map(() => createUser(database.db)));
      const ids: number[] = [];
      for (let i = 0; i < 40; i++) {
        const person = people[i % people.length]!;
        const id = await enqueue(database.db, { userId: person.id, kind: "reminder", payload: { ...payload, activity: `活動${i}` } });
        if (id !== undefined) ids.push(id);
      }
      const results = await Promise.all(transports.map((transport) => sendDueMessages(database.db, transport, { batchSize: 100 })));
      expect(results.reduce((sum, r) => sum + r.sent, 0)).toBeGreaterThanOrEqual(40);
      const emails = new Set(people.map((p) => p.email));
      const mine = smtp.received.filter((m) => m.to.some((to) => emails.has(to)));
      expect(mine).toHaveLength(40);
      expect(new Set(mine.map((m) => m.messageId)).size).toBe(40);
      const rows = await database.db.select().from(outboxMessages).where(inArray(outboxMessages.id, ids));
      expect(rows.every((r) => r.attempts === 1 && r.sentAt !== null)).toBe(true);
    } finally {
      for (const transport of transports) transport.close();
      await smtp.close();
    }
  });

  test("gives up after the last attempt, and never mails a disabled account", async () => {
    // A server that hangs up on every connection, and keeps its port for the whole test: a
    // closed port could be taken by another test file's SMTP server and accept the mail.
    const refusing = net.createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => refusing.listen(0, "127.0.0.1", resolve));
    const address = refusing.address();
    const port = typeof address === "object" && address ? address.port : 0;
    const transport = createSmtpTransport({ url: `smtp://127.0.0.1:${port}`, from: FROM });
    try {
      const person = await createUser(database.db);
      await enqueue(database.db, { userId: person.id, kind: "invitation", payload });
      // A second later: the row's timestamp has microseconds, Date.now() only milliseconds, so
      // "now" taken in the same millisecond as the enqueue could be before it.
      const t0 = Date.now() + 1000;
      for (let i = 0; i < 3; i++) await sendDueMessages(database.db, transport, { now: new Date(t0 + i * 86_400_000), maxAttempts: 3 });
      const [row] = await messagesOf(person.id);
      expect(row?.attempts).toBe(3);
      expect(row?.failedAt).not.toBeNull();
      expect(row?.sentAt).toBeNull();

      const disabled = await createUser(database.db);
      await database.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, disabled.id));
      await enqueue(database.db, { userId: disabled.id, kind: "reminder", payload });
      await sendDueMessages(database.db, transport);
      const [skipped] = await messagesOf(disabled.id);
      expect(skipped?.failedAt).not.toBeNull();
      expect(skipped?.lastError).toBe("recipient account disabled");
    } finally {
      transport.close();
      await new Promise((resolve) => refusing.close(resolve));
    }
  });

  test("the interval runner sends, and stop() waits for it and ends", async () => {
    const smtp = await startSmtpServer();
    const person = await createUser(database.db);
    await enqueue(database.db, { userId: person.id, kind: "signup_confirmed", payload });
    const sender = startOutboxSender({ getDb: async () => database.db, transport: createSmtpTransport({ url: smtp.url, from: FROM }), intervalMs: 60_000 });
    try {
      await sender.runNow();
      expect(smtp.received.filter((m) => m.to.includes(person.email))).toHaveLength(1);
    } finally {
      await sender.stop();
      await smtp.close();
    }
  });
});
