import { eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { invitations, notifications, signups } from "#db/schema";
import { inviteVolunteer, listPendingInvitations, respondToInvitation, suggestVolunteersForSlots } from "~/services/invitations.server";
import { SignupRefused } from "~/services/signups.server";
import { createUser } from "../factories/users";
import { createRoleSlot, createVolunteerProfile, nextTokyoTen } from "../factories/volunteering";
import { useTestDatabase } from "../setup/database";

const database = useTestDatabase();
const hub = { lat: 34.7215, lng: 135.7165 };

function weekdayOf(instant: Date) {
  return ["sun", "mon", "tue", "wed", "thu", "fri", "sat"][new Date(instant.getTime() + 9 * 3_600_000).getUTCDay()];
}

describe("organisers' suggested volunteers and invitations", () => {
  test("only volunteers who allow contact and fit the slot are suggested; an invitation accepted is a sign-up", async () => {
    const startsAt = nextTokyoTen(4);
    const { occurrence, role, hubId } = await createRoleSlot(database.db, { hub, startsAt, slots: 2, skills: ["cooking"] });
    const organiser = await createUser(database.db, { roles: ["organiser"], hubIds: [hubId], displayName: "運営の佐藤" });
    const free = [`${weekdayOf(startsAt)}.morning`];
    const fits = await createUser(database.db, { displayName: "合う人" });
    await createVolunteerProfile(database.db, fits.id, { homeLat: hub.lat, homeLng: hub.lng, availability: free, contactOk: true, skills: ["cooking"] });
    const private_ = await createUser(database.db, { displayName: "連絡不可の人" });
    await createVolunteerProfile(database.db, private_.id, { homeLat: hub.lat, homeLng: hub.lng, availability: free, contactOk: false });
    const busy = await createUser(database.db, { displayName: "忙しい人" });
    await createVolunteerProfile(database.db, busy.id, { homeLat: hub.lat, homeLng: hub.lng, availability: [], contactOk: true });

    const suggested = (await suggestVolunteersForSlots(database.db, { userId: organiser.id })).get(`${occurrence.id}:${role.id}`) ?? [];
    expect(suggested.map((p) => p.displayName)).toEqual(["合う人"]);
    expect(suggested[0]?.reasons.map((r) => r.key)).toContain("match.reason.skill");

    await expect(inviteVolunteer(database.db, { userId: organiser.id }, { occurrenceId: occurrence.id, roleId: role.id, userId: private_.id })).rejects.toBeInstanceOf(SignupRefused);
    expect(await inviteVolunteer(database.db, { userId: organiser.id }, { occurrenceId: occurrence.id, roleId: role.id, userId: fits.id })).toBe(true);
    expect(await inviteVolunteer(database.db, { userId: organiser.id }, { occurrenceId: occurrence.id, roleId: role.id, userId: fits.id })).toBe(false);
    const [told] = await database.db.select().from(notifications).where(eq(notifications.userId, fits.id));
    expect(told?.kind).toBe("invitation");
    // The invitation names the hub, never the organiser: a deleted organiser leaves no name behind.
    expect(told?.payload.hub).toBeTruthy();
    expect(JSON.stringify(told?.payload)).not.toContain(organiser.displayName);

    const [pending] = await listPendingInvitations(database.db, fits.id);
    expect(pending?.roleName).toBe(role.name);
    await expect(respondToInvitation(database.db, { invitationId: pending!.id, userId: busy.id, accept: true })).rejects.toBeInstanceOf(SignupRefused);
    expect(await respondToInvitation(database.db, { invitationId: pending!.id, userId: fits.id, accept: true })).toBe("confirmed");
    const mine = await database.db.select().from(signups).where(eq(signups.userId, fits.id));
    expect(mine.map((s) => s.status)).toEqual(["confirmed"]);
    const [row] = await database.db.select().from(invitations).where(eq(invitations.id, pending!.id));
    expect(row?.status).toBe("accepted");
    expect(await listPendingInvitations(database.db, fits.id)).toEqual([]);
  });
});
