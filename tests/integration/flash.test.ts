// The flash after a save: carried in a cookie for one redirect, shown once by the root loader,
// then cleared; a forged cookie shows nothing of its own.
import { describe, expect, test } from "vitest";
import { loader as rootLoader } from "~/root";
import { action as profileAction } from "~/routes/volunteer_.profile";
import { createUser, sessionCookie } from "../factories/users";
import { useTestDatabase } from "../setup/database";
import { context, get, post, redirectOf, run } from "../setup/requests";

const database = useTestDatabase({ asAppDatabase: true });

/** The root loader's flash and the cookies it sets, for a page opened with `cookie`. */
async function pageWith(cookie: string, path = "/volunteer") {
  const response = await run(() => rootLoader({ request: get(path, cookie), context, params: {} }));
  const data = (await response.json()) as { flash: { text: string; tone: string } | null };
  return { flash: data.flash, setCookies: response.headers.getSetCookie() };
}

function cookiesOf(response: Response): string {
  return response.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
}

describe("a flash", () => {
  test("comes with the redirect of a save, is shown once on the next page, then cleared", async () => {
    const user = await createUser(database.db);
    const session = await sessionCookie(user.id);
    const saved = await run(() => profileAction({ request: post("/volunteer/profile", { maxWalkingMinutes: "20", home: "", freeSkills: "" }, session), context, params: {} }));
    expect(await redirectOf(saved)).toEqual({ location: "/volunteer", flash: "volunteer.flash.profileSaved" });
    // Never in the URL: a reload or a shared link does not say it again.
    expect(saved.headers.get("Location")).not.toContain("?");
    const flashCookie = saved.headers.getSetCookie().find((c) => c.startsWith("machinaeki_flash="));
    expect(flashCookie).toMatch(/Max-Age=60/);
    expect(flashCookie).toMatch(/HttpOnly/);
    expect(flashCookie).toMatch(/SameSite=Lax/);

    const shown = await pageWith(`${session}; ${cookiesOf(saved)}`);
    expect(shown.flash).toEqual({ text: "プロフィールを保存しました。", tone: "success" });
    const cleared = shown.setCookies.find((c) => c.startsWith("machinaeki_flash="));
    expect(cleared).toMatch(/Max-Age=0/);

    // The browser dropped the cookie: the next page has no flash, and sets no cookie for it.
    const next = await pageWith(session);
    expect(next.flash).toBeNull();
    expect(next.setCookies.filter((c) => c.startsWith("machinaeki_flash="))).toEqual([]);
  });

  test("is translated into the reader's language", async () => {
    const user = await createUser(database.db);
    const session = await sessionCookie(user.id);
    const saved = await run(() => profileAction({ request: post("/volunteer/profile", { maxWalkingMinutes: "20", home: "", freeSkills: "" }, session), context, params: {} }));
    const shown = await pageWith(`${session}; lang=en; ${cookiesOf(saved)}`);
    expect(shown.flash?.text).toBe("Profile saved.");
  });

  test("a forged or broken cookie shows nothing and is cleared, never a 500", async () => {
    const encode = (value: unknown) => `machinaeki_flash=${encodeURIComponent(btoa(unescape(encodeURIComponent(JSON.stringify(value)))))}`;
    for (const cookie of [
      encode({ key: "not.a.message" }),
      encode({ key: "__proto__" }),
      encode({ key: "login.loggedOut", params: { x: { nested: true } } }),
      encode({ key: "login.loggedOut", tone: "<script>" }),
      encode("just a string"),
      "machinaeki_flash=%%%not-base64",
    ]) {
      const shown = await pageWith(cookie, "/");
      expect(shown.flash, cookie).toBeNull();
      expect(shown.setCookies.find((c) => c.startsWith("machinaeki_flash=")), cookie).toMatch(/Max-Age=0/);
    }
    // Our own message with the parameters it takes is shown as the dictionary says, nothing more.
    const shown = await pageWith(encode({ key: "account.welcome", params: { name: "<b>さくら</b>" } }), "/");
    expect(shown.flash?.text).toBe("登録が完了しました。ようこそ、<b>さくら</b>さん。");
  });
});
