// 200 residents apply for 20 places at the same moment, through HTTP against the built server on
// PostgreSQL (PGlite takes one connection at a time and cannot race). Needs TEST_DATABASE_URL;
// makes its own database on that server and drops it after. Figures are printed for the notes.
import { randomBytes } from "node:crypto";
import { asc, eq, sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { applicationFills, applications } from "#db/schema";
import { type DatabaseHandle, migrateDatabase, openDatabase } from "~/lib/db.server";
import { createApplicableActivity } from "../factories/applications";
import { nextTokyoTen } from "../factories/volunteering";
import { adminUrl, withDatabase } from "../setup/paths";
import { type BuiltServer, killStartedServers, startBuiltServer } from "./built-server";

const baseUrl = process.env.TEST_DATABASE_URL;
const name = `${baseUrl ? new URL(baseUrl).pathname.slice(1) : "x"}_apply_${randomBytes(4).toString("hex")}`;
const url = baseUrl ? withDatabase(baseUrl, name) : "";
const TRIALS = 10;

describe.skipIf(!baseUrl)("applications under concurrency, through HTTP (PostgreSQL)", () => {
  let handle: DatabaseHandle;
  let server: BuiltServer;

  beforeAll(async () => {
    const admin = postgres(adminUrl(baseUrl ?? ""), { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${name}"`);
    await admin.end();
    handle = await openDatabase({ url, poolMax: 4 });
    await migrateDatabase(handle);
    server = await startBuiltServer({ DATABASE_URL: url, DATABASE_POOL_MAX: "20" }, { outputLimit: 20_000 });
  });

  afterAll(async () => {
    killStartedServers();
    await handle?.close();
    const admin = postgres(adminUrl(baseUrl ?? ""), { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  });

  /** Posts a form as a browser would (same origin); gives the status and the Location. */
  async function postForm(path: string, fields: Record<string, string>) {
    const response = await fetch(`${server.url}${path}`, { method: "POST", redirect: "manual", headers: { Origin: server.url }, body: new URLSearchParams(fields) });
    await response.arrayBuffer();
    return { status: response.status, location: response.headers.get("location") ?? "" };
  }

  /** The waiting list in its order (waitlisted_at, then id), as the capacity module defines it. */
  async function queue(occurrenceId: number) {
    return handle.db
      .select({ id: applications.id, applicantId: applications.applicantId, waitlistedAt: applications.waitlistedAt })
      .from(applications)
      .where(sql`${applications.occurrenceId} = ${occurrenceId} and ${applications.status} = 'waitlisted'`)
      .orderBy(asc(applications.waitlistedAt), asc(applications.id));
  }

  test(`200 concurrent applications for 20 places: exactly 20 confirmed, 180 waiting in one order, in ${TRIALS} of ${TRIALS} trials; 5 cancel, the next 5 move up`, async () => {
    const figures: string[] = [];
    for (let trial = 1; trial <= TRIALS; trial++) {
      const { activity, occurrence } = await createApplicableActivity(handle.db, { capacity: 20, startsAt: nextTokyoTen(2 + trial) });
      const started = performance.now();
      const answers = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          postForm(`/activities/${activity.id}/apply`, { session: String(occurrence.id), scope: "one", name: `同時${trial}-${i}`, email: `t${trial}p${i}@example.jp`, partySize: "1" }),
        ),
      );
      const ms = performance.now() - started;
      expect(answers.filter((a) => a.status !== 302)).toEqual([]);
      const tokens = new Map(answers.map((a) => [Number(/\/applications\/(\d+)-/.exec(a.location)?.[1]), a.location]));
      expect(tokens.size).toBe(200);

      const rows = await handle.db.select({ status: applications.status, n: sql<number>`count(*)::int` }).from(applications).where(eq(applications.occurrenceId, occurrence.id)).groupBy(applications.status);
      const counts = Object.fromEntries(rows.map((r) => [r.status, r.n]));
      const [fill] = await handle.db.select().from(applicationFills).where(eq(applicationFills.occurrenceId, occurrence.id));
      expect(counts).toEqual({ confirmed: 20, waitlisted: 180 });
      expect(fill?.taken).toBe(20);
      const waiting = await queue(occurrence.id);
      expect(new Set(waiting.map((w) => w.id)).size).toBe(180);

      // Five with a place cancel with their tokens, at the same moment: exactly the next five move up.
      const confirmed = await handle.db.select({ applicantId: applications.applicantId }).from(applications).where(sql`${applications.occurrenceId} = ${occurrence.id} and ${applications.status} = 'confirmed'`).limit(5);
      const cancels = await Promise.all(confirmed.map((c) => postForm(tokens.get(c.applicantId) ?? "", { intent: "cancelAll" })));
      expect(cancels.map((c) => c.status)).toEqual([302, 302, 302, 302, 302]);
      const after = await queue(occurrence.id);
      expect(after.map((w) => w.id)).toEqual(waiting.slice(5).map((w) => w.id));
      const promoted = await handle.db.select({ id: applications.id }).from(applications).where(sql`${applications.occurrenceId} = ${occurrence.id} and ${applications.status} = 'confirmed'`);
      expect(promoted.map((p) => p.id).filter((id) => waiting.slice(0, 5).some((w) => w.id === id))).toHaveLength(5);
      expect(promoted).toHaveLength(20);

      if (trial === 1) {
        // Every waiting resident's own page says their place in that order, each a different one.
        const positions = await Promise.all(
          after.map(async (w) => {
            const html = await (await fetch(`${server.url}${tokens.get(w.applicantId)}`)).text();
            return Number(/キャンセル待ち（(\d+)番目）/.exec(html)?.[1]);
          }),
        );
        expect(positions).toEqual(after.map((_, i) => i + 1));
      }
      figures.push(`trial ${trial}: ${counts.confirmed} confirmed, ${counts.waitlisted} waiting, ${ms.toFixed(0)} ms for 200; after 5 cancellations the first 5 waiting moved up`);
    }
    console.log(`200 concurrent applications for 20 places over HTTP:\n  ${figures.join("\n  ")}`);
  });
});
