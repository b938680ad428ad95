// Residents' applications (issue 14) through the service, on both databases: the waiting list
// by party size, cancellation by token promoting the next, month applications, withdrawal and
// retention deleting every trace of the contact data, check-in, and the organiser's scope.
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { applicants, applicationFills, applications, outboxMessages } from "#db/schema";
import { rowsOf } from "~/lib/db-rows.server";
import { NotFound } from "~/lib/domain-errors";
import {
  apply,
  cancelByCode,
  cancelByToken,
  checkIn,
  enqueueApplicationReminders,
  enterApplication,
  getApplicationByToken,
  listParticipants,
  purgeExpiredApplicants,
  withdrawByToken,
} from "~/services/applications.server";
import { applicantDetails, createApplicableActivity } from "../factories/applications";
import { createUser } from "../factories/users";
import { nextTokyoTen } from "../factories/volunteering";
import { useTestDatabase } from "../setup/database";

const database = useTestDatabase();

async function statuses(occurrenceId: number) {
  const rows = await database.db
    .select({ id: applications.id, status: applications.status, partySize: applications.partySize })
    .from(applications)
    .where(eq(applications.occurrenceId, occurrenceId))
    .orderBy(applications.id);
  return rows;
}

async function taken(occurrenceId: number) {
  const [fill] = await database.db.select().from(applicationFills).where(eq(applicationFills.occurrenceId, occurrenceId));
  return fill?.taken;
}

describe("applying for a session", () => {
  test("the 21st applicant of a 20-seat session waits, and is promoted when someone cancels with their token", async () => {
    const { occurrence } = await createApplicableActivity(database.db, { capacity: 20 });
    const applied = [];
    for (let i = 0; i < 21; i++) applied.push(await apply(database.db, { occurrenceId: occurrence.id, scope: "one", details: applicantDetails() }));
    expect(applied.slice(0, 20).every((a) => a.sessions[0]?.status === "confirmed")).toBe(true);
    expect(applied[20]?.sessions[0]?.status).toBe("waitlisted");
    expect(await taken(occurrence.id)).toBe(20);

    const page = await getApplicationByToken(database.db, applied[20]!.token);
    expect(page.sessions[0]).toMatchObject({ status: "waitlisted", queuePosition: 1 });

    expect(await cancelByToken(database.db, applied[3]!.token)).toBe(1);
    const after = await getApplicationByToken(database.db, applied[20]!.token);
    expect(after.sessions[0]?.status).toBe("confirmed");
    expect(await taken(occurrence.id)).toBe(20);
    // The promoted resident is told by mail, at the address they gave.
    const mail = await database.db.select().from(outboxMessages).where(and(eq(outboxMessages.applicantId, applied[20]!.applicantId), eq(outboxMessages.kind, "application_promoted")));
    expect(mail).toHaveLength(1);
    expect(mail[0]?.payload.code).toBe(applied[20]!.code);
  });

  test("parties wait strictly in order: a later small party does not pass a larger one waiting", async () => {
    const { occurrence } = await createApplicableActivity(database.db, { capacity: 5, maxPartySize: 4 });
    const a = await apply(database.db, { occurrenceId: occurrence.id, scope: "one", details: applicantDetails({ partySize: 3 }) });
    const b = await apply(database.db, { occurrenceId: occurrence.id, scope: "one", details: applicantDetails({ partySize: 3 }) });
    const c = await apply(database.db, { occurrenceId: occurrence.id, scope: "one", details: applicantDetails({ partySize: 1 }) });
    expect([a, b, c].map((x) => x.sessions[0]?.status)).toEqual(["confirmed", "waitlisted", "waitlisted"]);
    expect(await taken(occurrence.id)).toBe(3);
    await cancelByToken(database.db, a.token);
    // 5 free: b (3) then c (1) both fit, in order.
    expect((await statuses(occurrence.id)).map((r) => r.status)).toEqual(["cancelled", "confirmed", "confirmed"]);
    expect(await taken(occurrence.id)).toBe(4);
  });

  test("a party larger than the activity allows is refused on the party size field", async () => {
    const { occurrence } = await createApplicableActivity(database.db, { maxPartySize: 2 });
    await expect(apply(database.db, { occurrenceId: occurrence.id, scope: "one", details: applicantDetails({ partySize: 3 }) })).rejects.toMatchObject({ field: "partySize", key: "apply.error.partySize" });
  });

  test("an activity that takes no applications, or a past session, cannot be applied for", async () => {
    const { occurrence, activity } = await createApplicableActivity(database.db);
    await database.db.execute(sql`update activities set registration_required = false where id = ${activity.id}`);
    await expect(apply(database.db, { occurrenceId: occurrence.id, scope: "one", details: applicantDetails() })).rejects.toBeInstanceOf(NotFound);
    const past = await createApplicableActivity(database.db, { startsAt: new Date(Date.now() - 86_400_000) });
    await expect(apply(database.db, { occurrenceId: past.occurrence.id, scope: "one", details: applicantDetails() })).rejects.toBeInstanceOf(NotFound);
  });

  test("every session of a month in one application; one account holds one place per session", async () => {
    const first = nextTokyoTen(3);
    const { occurrences } = await createApplicableActivity(database.db, { occurrenceCount: 8, startsAt: first });
    const month = (d: Date) => new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Tokyo", year: "numeric", month: "2-digit" }).format(d);
    const sameMonth = occurrences.filter((o) => month(o.startsAt) === month(first));
    const user = await createUser(database.db);
    const applied = await apply(database.db, { occurrenceId: occurrences[0]!.id, scope: "month", userId: user.id, details: applicantDetails({ name: user.displayName, email: null }) });
    expect(applied.sessions.map((s) => s.occurrenceId)).toEqual(sameMonth.map((o) => o.id));
    await expect(
      apply(database.db, { occurrenceId: occurrences[0]!.id, scope: "one", userId: user.id, details: applicantDetails({ name: user.displayName, email: null }) }),
    ).rejects.toMatchObject({ key: "apply.error.already" });
    // The database refuses a second live place of one account at one session, whatever the code does.
    const [own] = await database.db.select().from(applicants).where(eq(applicants.id, applied.applicantId));
    await expect(
      database.db.insert(applications).values({ applicantId: own!.id, occurrenceId: occurrences[0]!.id, userId: user.id, partySize: 1, status: "confirmed" }),
    ).rejects.toThrow();
  });

  test("the database refuses more people than places, and a free place left for the first waiting", async () => {
    const { occurrence } = await createApplicableActivity(database.db, { capacity: 2 });
    const a = await apply(database.db, { occurrenceId: occurrence.id, scope: "one", details: applicantDetails({ partySize: 2 }) });
    const b = await apply(database.db, { occurrenceId: occurrence.id, scope: "one", details: applicantDetails({ partySize: 1 }) });
    await expect(database.db.update(applications).set({ status: "confirmed" }).where(eq(applications.applicantId, b.applicantId))).rejects.toThrow();
    // A bare cancellation that promotes nobody cannot commit.
    await expect(
      database.db.update(applications).set({ status: "cancelled", cancelledAt: new Date() }).where(eq(applications.applicantId, a.applicantId)),
    ).rejects.toThrow();
    expect((await statuses(occurrence.id)).map((r) => r.status)).toEqual(["confirmed", "waitlisted"]);
  });
});

describe("withdrawal and retention", () => {
  /** Every text and json value of every table in the public schema that contains `needle`. */
  async function findEverywhere(needle: string): Promise<string[]> {
    const columns = rowsOf<{ table_name: string; column_name: string }>(
      await database.db.execute(sql`
        select table_name, column_name from information_schema.columns
         where table_schema = 'public' and data_type in ('text', 'character varying', 'jsonb', 'json', 'ARRAY')`),
    );
    expect(columns.length).toBeGreaterThan(50);
    const found: string[] = [];
    for (const { table_name, column_name } of columns) {
      const hit = await database.db.execute(sql`select 1 from ${sql.identifier(table_name)} where ${sql.identifier(column_name)}::text like ${`%${needle}%`} limit 1`);
      if (rowsOf(hit).length > 0) found.push(`${table_name}.${column_name}`);
    }
    return found;
  }

  test("withdrawing with the token cancels, promotes the next, and deletes the name and contact everywhere", async () => {
    const { occurrence } = await createApplicableActivity(database.db, { capacity: 1 });
    const secret = `撤回太郎${Date.now()}`;
    const mine = await apply(database.db, { occurrenceId: occurrence.id, scope: "one", details: applicantDetails({ name: secret, email: `w${Date.now()}@example.jp`, phone: "09012345678", note: `${secret}の連絡` }) });
    const next = await apply(database.db, { occurrenceId: occurrence.id, scope: "one", details: applicantDetails() });
    expect(await findEverywhere(secret)).not.toEqual([]);
    await withdrawByToken(database.db, mine.token);
    expect(await findEverywhere(secret)).toEqual([]);
    expect(await findEverywhere("09012345678")).toEqual([]);
    expect((await getApplicationByToken(database.db, next.token)).sessions[0]?.status).toBe("confirmed");
    expect((await getApplicationByToken(database.db, mine.token)).withdrawn).toBe(true);
  });

  test("after the retention period no table holds the contact data; the places still count", async () => {
    const start = nextTokyoTen(2);
    const { occurrence } = await createApplicableActivity(database.db, { startsAt: start });
    const marker = `保存期間${Date.now()}`;
    const email = `keep${Date.now()}@example.jp`;
    const applied = await apply(database.db, { occurrenceId: occurrence.id, scope: "one", details: applicantDetails({ name: marker, email, phone: "0743741111", note: `${marker}メモ` }) });
    await enqueueApplicationReminders(database.db, new Date(start.getTime() - 20 * 3_600_000));
    // 89 days after the session: kept. 91 days after: gone.
    expect(await purgeExpiredApplicants(database.db, { days: 90, now: new Date(start.getTime() + 89 * 86_400_000) })).toBe(0);
    expect(await findEverywhere(marker)).not.toEqual([]);
    const purged = await purgeExpiredApplicants(database.db, { days: 90, now: new Date(start.getTime() + 91 * 86_400_000) });
    expect(purged).toBeGreaterThanOrEqual(1);
    for (const needle of [marker, email, "0743741111"]) expect(await findEverywhere(needle)).toEqual([]);
    const [row] = await database.db.select().from(applications).where(eq(applications.applicantId, applied.applicantId));
    expect(row?.status).toBe("confirmed");
  });
});

describe("the organiser's side", () => {
  test("checks people in by code, cancels for a caller, and sees contact details only when asked", async () => {
    const { occurrence, hubId } = await createApplicableActivity(database.db, { capacity: 1 });
    const organiser = await createUser(database.db, { roles: ["organiser"], hubIds: [hubId] });
    const actor = { userId: organiser.id };
    const phoned = await enterApplication(database.db, actor, { occurrenceId: occurrence.id, scope: "one", details: applicantDetails({ email: null, phone: "0743741234" }) });
    const waiting = await apply(database.db, { occurrenceId: occurrence.id, scope: "one", details: applicantDetails() });

    const list = await listParticipants(database.db, actor, occurrence.id);
    expect(list.map((p) => [p.status, p.phoneOnly, "phone" in p])).toEqual([
      ["confirmed", true, false],
      ["waitlisted", false, false],
    ]);
    expect((await listParticipants(database.db, actor, occurrence.id, { withContact: true }))[0]).toMatchObject({ phone: "0743741234" });

    await expect(checkIn(database.db, actor, occurrence.id, waiting.code)).rejects.toMatchObject({ key: "checkin.error.waitlisted" });
    const typed = `${phoned.code.slice(0, 4).toLowerCase()}-${phoned.code.slice(4)}`;
    expect(await checkIn(database.db, actor, occurrence.id, typed)).toMatchObject({ partySize: 1, already: false });
    expect(await checkIn(database.db, actor, occurrence.id, phoned.code)).toMatchObject({ already: true });

    await cancelByCode(database.db, actor, occurrence.id, phoned.code);
    expect((await getApplicationByToken(database.db, waiting.token)).sessions[0]?.status).toBe("confirmed");
  });

  test("an organiser of another hub sees nobody and cannot check in or cancel", async () => {
    const { occurrence } = await createApplicableActivity(database.db);
    const other = await createApplicableActivity(database.db);
    const organiser = await createUser(database.db, { roles: ["organiser"], hubIds: [other.hubId] });
    const actor = { userId: organiser.id };
    const applied = await apply(database.db, { occurrenceId: occurrence.id, scope: "one", details: applicantDetails() });
    expect(await listParticipants(database.db, actor, occurrence.id)).toEqual([]);
    await expect(checkIn(database.db, actor, occurrence.id, applied.code)).rejects.toBeInstanceOf(NotFound);
    await expect(cancelByCode(database.db, actor, occurrence.id, applied.code)).rejects.toBeInstanceOf(NotFound);
    await expect(enterApplication(database.db, actor, { occurrenceId: occurrence.id, scope: "one", details: applicantDetails() })).rejects.toBeInstanceOf(NotFound);
    expect((await getApplicationByToken(database.db, applied.token)).sessions[0]?.status).toBe("confirmed");
  });

  test("a token that was altered opens nothing", async () => {
    const { occurrence } = await createApplicableActivity(database.db);
    const applied = await apply(database.db, { occurrenceId: occurrence.id, scope: "one", details: applicantDetails() });
    const altered = applied.token.slice(0, -1) + (applied.token.endsWith("A") ? "B" : "A");
    await expect(getApplicationByToken(database.db, altered)).rejects.toBeInstanceOf(NotFound);
    await expect(cancelByToken(database.db, `${applied.applicantId + 1}-${applied.token.split("-").slice(1).join("-")}`)).rejects.toBeInstanceOf(NotFound);
  });
});
