// A resident applies through the pages' own loaders and actions (no JavaScript needed: real
// forms), sees and cancels with the token, and bad input comes back beside the field, kept.
import { eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { applicants, applications } from "#db/schema";
import { action as applyAction, loader as applyLoader } from "~/routes/activities.$activityId_.apply";
import { action as applicationAction, loader as applicationLoader } from "~/routes/applications.$token";
import { loader as activityLoader } from "~/routes/activities.$activityId";
import { loader as accountLoader } from "~/routes/account";
import { createApplicableActivity } from "../factories/applications";
import { createUser, sessionCookie } from "../factories/users";
import { useTestDatabase } from "../setup/database";
import { context, get, post, redirectOf, run } from "../setup/requests";

const database = useTestDatabase({ asAppDatabase: true });

function applyAs(activityId: number, fields: Record<string, string>, cookie?: string) {
  return run(() => applyAction({ request: post(`/activities/${activityId}/apply`, fields, cookie), context, params: { activityId: String(activityId) } }));
}

const guest = (session: number, overrides: Record<string, string> = {}) => ({ session: String(session), scope: "one", name: "山田 花子", phone: "", email: "hanako@example.jp", partySize: "1", note: "", ...overrides });

describe("applying from the activity page", () => {
  test("the activity page links each open session to the form; the form lists the sessions with places left", async () => {
    const { activity, occurrence } = await createApplicableActivity(database.db, { capacity: 20, applicationPhone: "0743741111" });
    const page = await run(() => activityLoader({ request: get(`/activities/${activity.id}`), context, params: { activityId: String(activity.id) } }));
    const data = (await page.json()) as { sessions: { id: number; applyPath?: string }[]; applicationPhone: string | null };
    expect(data.sessions.find((s) => s.id === occurrence.id)?.applyPath).toBe(`/activities/${activity.id}/apply?session=${occurrence.id}`);
    expect(data.applicationPhone).toBe("0743-74-1111");
    const form = await run(() => applyLoader({ request: get(`/activities/${activity.id}/apply?session=${occurrence.id}`), context, params: { activityId: String(activity.id) } }));
    const formData = (await form.json()) as { chosenId: number; sessions: { id: number; free: number; capacity: number }[] };
    expect(formData.chosenId).toBe(occurrence.id);
    expect(formData.sessions[0]).toMatchObject({ id: occurrence.id, free: 20, capacity: 20 });
  });

  test("a resident without an account applies, lands on their page, and cancels with its token", async () => {
    const { activity, occurrence } = await createApplicableActivity(database.db, { capacity: 1 });
    const first = await redirectOf(await applyAs(activity.id, guest(occurrence.id, { phone: "０９０－１２３４－５６７８", email: "" })));
    expect(first.flash).toBe("application.flash.applied");
    expect(first.location).toMatch(/^\/applications\/\d+-[A-Za-z0-9_-]{32}$/);
    const [stored] = await database.db.select().from(applicants).orderBy(applicants.id).limit(1).where(eq(applicants.activityId, activity.id));
    expect(stored?.phone).toBe("09012345678");

    const second = await redirectOf(await applyAs(activity.id, guest(occurrence.id, { name: "二番目" })));
    expect(second.flash).toBe("application.flash.waitlisted");

    const token = first.location!.split("/").pop()!;
    const page = await run(() => applicationLoader({ request: get(first.location!), context, params: { token } }));
    expect(page.headers.get("Cache-Control")).toBe("no-store");
    expect(page.headers.get("Referrer-Policy")).toBe("same-origin");
    const shown = (await page.json()) as { code: string; qrSvg: string; sessions: { status: string }[] };
    expect(shown.code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    expect(shown.qrSvg.length).toBeGreaterThan(100);
    expect(shown.sessions[0]?.status).toBe("confirmed");

    const cancelled = await redirectOf(await run(() => applicationAction({ request: post(first.location!, { intent: "cancel", occurrenceId: String(occurrence.id) }), context, params: { token } })));
    expect(cancelled.flash).toBe("application.flash.cancelled");
    const rows = await database.db.select({ status: applications.status }).from(applications).where(eq(applications.occurrenceId, occurrence.id)).orderBy(applications.id);
    expect(rows.map((r) => r.status)).toEqual(["cancelled", "confirmed"]);
  });

  test("bad input is refused beside each field in Japanese, with what was typed kept", async () => {
    const { activity, occurrence } = await createApplicableActivity(database.db, { maxPartySize: 4 });
    const cases: [Record<string, string>, string, string][] = [
      [{ name: "" }, "name", "apply.error.name"],
      [{ name: "あ".repeat(51) }, "name", "apply.error.nameLength"],
      [{ partySize: "5" }, "partySize", "apply.error.partySize"],
      [{ partySize: "0" }, "partySize", "apply.error.partySize"],
      [{ partySize: "-1" }, "partySize", "apply.error.partySize"],
      [{ partySize: "二" }, "partySize", "apply.error.partySize"],
      [{ email: "hanako@" }, "email", "apply.error.email"],
      [{ email: "", phone: "" }, "phone", "apply.error.contact"],
      [{ email: "", phone: "12-34" }, "phone", "apply.error.phone"],
      [{ note: "あ".repeat(201) }, "note", "apply.error.note"],
    ];
    for (const [overrides, field, key] of cases) {
      const response = await applyAs(activity.id, guest(occurrence.id, overrides));
      expect(response.status, JSON.stringify(overrides)).toBe(400);
      const body = (await response.json()) as { errors: Record<string, string>; values: Record<string, string> };
      expect(body.errors[field], JSON.stringify(overrides)).toBe(key);
      for (const [name, value] of Object.entries(overrides)) expect(body.values[name]).toBe(value);
    }
    // Every field's error at once, not one per submission.
    const both = (await (await applyAs(activity.id, guest(occurrence.id, { partySize: "9", email: "" }))).json()) as { errors: Record<string, string> };
    expect(both.errors).toEqual({ partySize: "apply.error.partySize", phone: "apply.error.contact" });
    expect(await database.db.select().from(applications).where(eq(applications.occurrenceId, occurrence.id))).toEqual([]);
    // Full-width digits for the party size are fine.
    expect((await redirectOf(await applyAs(activity.id, guest(occurrence.id, { partySize: "２" })))).flash).toBe("application.flash.applied");
  });

  test("with an account, one tap; a second tap says it is already done; /account lists it", async () => {
    const { activity, occurrence } = await createApplicableActivity(database.db);
    const user = await createUser(database.db);
    const cookie = await sessionCookie(user.id);
    const done = await redirectOf(await applyAs(activity.id, { session: String(occurrence.id), scope: "one", partySize: "1" }, cookie));
    expect(done.flash).toBe("application.flash.applied");
    const again = await applyAs(activity.id, { session: String(occurrence.id), scope: "one", partySize: "1" }, cookie);
    expect(again.status).toBe(409);
    expect(((await again.json()) as { formError: string }).formError).toBe("apply.error.already");
    const account = (await (await run(() => accountLoader({ request: get("/account", cookie), context, params: {} }))).json()) as { applications: { path: string }[] };
    expect(account.applications.map((a) => a.path)).toEqual([done.location]);
  });

  test("an activity without applications shows no form and refuses a post", async () => {
    const { activity, occurrence } = await createApplicableActivity(database.db);
    await database.db.update((await import("#db/schema")).activities).set({ registrationRequired: false }).where(eq((await import("#db/schema")).activities.id, activity.id));
    const form = (await (await run(() => applyLoader({ request: get(`/activities/${activity.id}/apply`), context, params: { activityId: String(activity.id) } }))).json()) as { sessions: unknown[] };
    expect(form.sessions).toEqual([]);
    const refused = await applyAs(activity.id, guest(occurrence.id));
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { formError: string }).formError).toBe("apply.error.closed");
  });

  test("withdrawing asks for the confirmation box, then deletes the name and contact", async () => {
    const { activity, occurrence } = await createApplicableActivity(database.db);
    const applied = await redirectOf(await applyAs(activity.id, guest(occurrence.id, { name: "取消 したい" })));
    const token = applied.location!.split("/").pop()!;
    const unconfirmed = await run(() => applicationAction({ request: post(applied.location!, { intent: "withdraw" }), context, params: { token } }));
    expect(unconfirmed.status).toBe(400);
    expect(((await unconfirmed.json()) as { errors: Record<string, string> }).errors.confirm).toBe("application.withdraw.confirmMissing");
    const applicantId = Number(token.split("-")[0]);
    expect((await database.db.select().from(applicants).where(eq(applicants.id, applicantId)))[0]?.name).toBe("取消 したい");
    const done = await redirectOf(await run(() => applicationAction({ request: post(applied.location!, { intent: "withdraw", confirm: "on" }), context, params: { token } })));
    expect(done.flash).toBe("application.flash.withdrawn");
    expect((await database.db.select().from(applicants).where(eq(applicants.id, applicantId)))[0]).toMatchObject({ name: null, email: null });
  });

  test("a wrong token is a 404", async () => {
    const response = await run(() => applicationLoader({ request: get("/applications/1-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"), context, params: { token: "1-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" } }));
    expect(response.status).toBe(404);
  });
});
