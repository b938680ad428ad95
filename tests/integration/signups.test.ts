import { and, eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { activityRoles, notifications, occurrences, outboxMessages, roleSlotFills, signups } from "#db/schema";
import { addGuestSignup, cancelSignup, getRoster, hoursContributed, listSignupsOfUser, signUpForRole, signUpForSeries } from "~/services/signups.server";
import { createUser } from "../factories/users";
import { createRoleSlot } from "../factories/volunteering";
import { useTestDatabase } from "../setup/database";
import { signupRefusal } from "../support/refusals";

const database = useTestDatabase();

async function statusesOf(occurrenceId: number, roleId: number) {
  const rows = await database.db
    .select({ status: signups.status })
    .from(signups)
    .where(and(eq(signups.occurrenceId, occurrenceId), eq(signups.roleId, roleId)));
  return rows.map((r) => r.status).sort();
}
async function kindsNotified(userId: string) {
  const rows = await database.db.select({ kind: notifications.kind }).from(notifications).where(eq(notifications.userId, userId)).orderBy(notifications.id);
  return rows.map((r) => r.kind);
}
describe("signing up", () => {
  test("confirmed while slots are free, then waitlisted; each is told, in the app and by mail", async () => {
    const { occurrence, role } = await createRoleSlot(database.db, { slots: 1 });
    const [a, b] = [await createUser(database.db), await createUser(database.db)];
    expect((await signUpForRole(database.db, { userId: a.id, occurrenceId: occurrence.id, roleId: role.id })).outcome).toBe("confirmed");
    expect((await signUpForRole(database.db, { userId: b.id, occurrenceId: occurrence.id, roleId: role.id })).outcome).toBe("waitlisted");
    expect(await kindsNotified(a.id)).toEqual(["signup_confirmed"]);
    expect(await kindsNotified(b.id)).toEqual(["signup_waitlisted"]);
    const mail = await database.db.select().from(outboxMessages).where(eq(outboxMessages.recipientUserId, a.id));
    expect(mail.map((m) => [m.kind, m.payload.role, m.payload.activity])).toEqual([["signup_confirmed", role.name, expect.stringContaining("テスト活動")]]);
  });

  test("the same sign-up twice is one sign-up", async () => {
    const { occurrence, role } = await createRoleSlot(database.db);
    const a = await createUser(database.db);
    const first = await signUpForRole(database.db, { userId: a.id, occurrenceId: occurrence.id, roleId: role.id });
    const second = await signUpForRole(database.db, { userId: a.id, occurrenceId: occurrence.id, roleId: role.id });
    expect([first.outcome, second.outcome]).toEqual(["confirmed", "already_confirmed"]);
    expect(second.signupId).toBe(first.signupId);
    expect(await statusesOf(occurrence.id, role.id)).toEqual(["confirmed"]);
    expect(await kindsNotified(a.id)).toEqual(["signup_confirmed"]);
  });

  test("refuses a past or cancelled occurrence and a role of another activity, changing nothing", async () => {
    const a = await createUser(database.db);
    const past = await createRoleSlot(database.db, { startsAt: new Date(Date.now() - 86_400_000) });
    expect(await signupRefusal(signUpForRole(database.db, { userId: a.id, occurrenceId: past.occurrence.id, roleId: past.role.id }))).toBe("past");
    const cancelled = await createRoleSlot(database.db);
    await database.db.update(occurrences).set({ status: "cancelled", cancelReason: "雨天中止" }).where(eq(occurrences.id, cancelled.occurrence.id));
    expect(await signupRefusal(signUpForRole(database.db, { userId: a.id, occurrenceId: cancelled.occurrence.id, roleId: cancelled.role.id }))).toBe("cancelled");
    const other = await createRoleSlot(database.db);
    expect(await signupRefusal(signUpForRole(database.db, { userId: a.id, occurrenceId: cancelled.occurrence.id, roleId: other.role.id }))).toBe("role_mismatch");
    expect(await signupRefusal(signUpForRole(database.db, { userId: a.id, occurrenceId: 999_999, roleId: other.role.id }))).toBe("not_found");
    expect(await listSignupsOfUser(database.db, a.id)).toEqual([]);
    expect(await kindsNotified(a.id)).toEqual([]);
  });

  test("every time: one sign-up per coming occurrence of the series", async () => {
    const { activity, role, occurrences: sessions } = await createRoleSlot(database.db, { occurrenceCount: 4, slots: 1 });
    const [a, b] = [await createUser(database.db), await createUser(database.db)];
    await signUpForRole(database.db, { userId: b.id, occurrenceId: sessions[1]!.id, roleId: role.id });
    const counts = await signUpForSeries(database.db, { userId: a.id, activityId: activity.id, roleId: role.id });
    expect(counts).toEqual({ confirmed: 3, waitlisted: 1, already: 0, busy: 0 });
    expect(await signUpForSeries(database.db, { userId: a.id, activityId: activity.id, roleId: role.id })).toEqual({ confirmed: 0, waitlisted: 0, already: 4, busy: 0 });
    const other = await createRoleSlot(database.db);
    expect(await signupRefusal(signUpForSeries(database.db, { userId: a.id, activityId: activity.id, roleId: other.role.id }))).toBe("role_mismatch");
  });
});

describe("cancelling and the waitlist", () => {
  test("a cancellation promotes the first waiting person in the same step, and tells them", async () => {
    const { occurrence, role } = await createRoleSlot(database.db, { slots: 1 });
    const [a, b, c] = [await createUser(database.db), await createUser(database.db), await createUser(database.db)];
    const sa = await signUpForRole(database.db, { userId: a.id, occurrenceId: occurrence.id, roleId: role.id });
    const sb = await signUpForRole(database.db, { userId: b.id, occurrenceId: occurrence.id, roleId: role.id });
    await signUpForRole(database.db, { userId: c.id, occurrenceId: occurrence.id, roleId: role.id });
    const result = await cancelSignup(database.db, { signupId: sa.signupId, byUserId: a.id });
    expect(result.promotedSignupId).toBe(sb.signupId);
    expect(await statusesOf(occurrence.id, role.id)).toEqual(["cancelled", "confirmed", "waitlisted"]);
    expect(await kindsNotified(b.id)).toEqual(["signup_waitlisted", "promoted"]);
    const [fill] = await database.db.select().from(roleSlotFills).where(eq(roleSlotFills.occurrenceId, occurrence.id));
    expect(fill?.confirmed).toBe(1);
  });

  test("with nobody waiting the slot is free again", async () => {
    const { occurrence, role } = await createRoleSlot(database.db, { slots: 1 });
    const a = await createUser(database.db);
    const s = await signUpForRole(database.db, { userId: a.id, occurrenceId: occurrence.id, roleId: role.id });
    await cancelSignup(database.db, { signupId: s.signupId, byUserId: a.id });
    const [fill] = await database.db.select().from(roleSlotFills).where(eq(roleSlotFills.occurrenceId, occurrence.id));
    expect(fill?.confirmed).toBe(0);
    // Signing up again after cancelling is allowed.
    expect((await signUpForRole(database.db, { userId: a.id, occurrenceId: occurrence.id, roleId: role.id })).outcome).toBe("confirmed");
  });

  test("nobody cancels someone else's sign-up, and a cancelled one cannot be cancelled again", async () => {
    const { occurrence, role } = await createRoleSlot(database.db);
    const [a, b] = [await createUser(database.db), await createUser(database.db)];
    const s = await signUpForRole(database.db, { userId: a.id, occurrenceId: occurrence.id, roleId: role.id });
    expect(await signupRefusal(cancelSignup(database.db, { signupId: s.signupId, byUserId: b.id }))).toBe("not_yours");
    expect(await statusesOf(occurrence.id, role.id)).toEqual(["confirmed"]);
    await cancelSignup(database.db, { signupId: s.signupId, byUserId: a.id });
    expect(await signupRefusal(cancelSignup(database.db, { signupId: s.signupId, byUserId: a.id }))).toBe("not_live");
  });

  test("an organiser adds a paper/phone guest and removes a volunteer, who is told", async () => {
    const { occurrence, role, hubId } = await createRoleSlot(database.db, { slots: 2 });
    const organiser = await createUser(database.db, { roles: ["organiser"], hubIds: [hubId] });
    const a = await createUser(database.db);
    const s = await signUpForRole(database.db, { userId: a.id, occurrenceId: occurrence.id, roleId: role.id });
    expect((await addGuestSignup(database.db, { organiserId: organiser.id, occurrenceId: occurrence.id, roleId: role.id, guestName: "田中さん（電話）", guestNote: "杖あり" })).outcome).toBe("confirmed");
    expect(await signupRefusal(addGuestSignup(database.db, { organiserId: organiser.id, occurrenceId: occurrence.id, roleId: role.id, guestName: "  " }))).toBe("guest_name");
    let roster = await getRoster(database.db, { userId: organiser.id }, occurrence.id);
    expect(roster?.roles[0]?.confirmed.map((p) => p.displayName ?? p.guestName)).toEqual([a.displayName, "田中さん（電話）"]);
    await cancelSignup(database.db, { signupId: s.signupId, byUserId: organiser.id, asOrganiser: true });
    expect(await kindsNotified(a.id)).toEqual(["signup_confirmed", "removed"]);
    roster = await getRoster(database.db, { userId: organiser.id }, occurrence.id);
    expect(roster?.roles[0]?.confirmed.map((p) => p.guestName)).toEqual(["田中さん（電話）"]);
  });

  test("the database refuses more confirmed than slots, whatever the code does", async () => {
    const { occurrence, role } = await createRoleSlot(database.db, { slots: 1 });
    const a = await createUser(database.db);
    await signUpForRole(database.db, { userId: a.id, occurrenceId: occurrence.id, roleId: role.id });
    await expect(
      database.db.update(roleSlotFills).set({ confirmed: 2 }).where(eq(roleSlotFills.occurrenceId, occurrence.id)),
    ).rejects.toThrow();
    // Reducing a role below the people already confirmed for a coming session is refused too.
    const two = await createRoleSlot(database.db, { slots: 2 });
    for (const u of [await createUser(database.db), await createUser(database.db)]) {
      await signUpForRole(database.db, { userId: u.id, occurrenceId: two.occurrence.id, roleId: two.role.id });
    }
    await expect(database.db.update(activityRoles).set({ slots: 1 }).where(eq(activityRoles.id, two.role.id))).rejects.toThrow();
    await database.db.update(activityRoles).set({ slots: 3 }).where(eq(activityRoles.id, two.role.id));
    const [fill] = await database.db.select().from(roleSlotFills).where(eq(roleSlotFills.occurrenceId, two.occurrence.id));
    expect(fill?.slots).toBe(3);
  });
});

describe("history and hours", () => {
  test("hours count ended sessions where the person was confirmed", async () => {
    const now = new Date();
    const rows = [
      { status: "confirmed", startsAt: new Date(now.getTime() - 5 * 3_600_000), endsAt: new Date(now.getTime() - 3.5 * 3_600_000), occurrenceStatus: "scheduled" },
      { status: "attended", startsAt: new Date(now.getTime() - 30 * 3_600_000), endsAt: new Date(now.getTime() - 28 * 3_600_000), occurrenceStatus: "scheduled" },
      { status: "cancelled", startsAt: new Date(now.getTime() - 9 * 3_600_000), endsAt: new Date(now.getTime() - 8 * 3_600_000), occurrenceStatus: "scheduled" },
      { status: "confirmed", startsAt: new Date(now.getTime() + 3_600_000), endsAt: new Date(now.getTime() + 2 * 3_600_000), occurrenceStatus: "scheduled" },
    ] as const;
    const full = rows.map((r, i) => ({ ...r, id: i, occurrenceId: i, activityId: 1, activityTitle: "", hubId: 1, hubName: "", hubAddress: "", roleId: 1, roleName: "", cancelReason: null, occurrenceNote: null }));
    expect(hoursContributed(full, now)).toBe(3.5);
  });
});
