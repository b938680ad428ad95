import { describe, expect, test } from "vitest";
import { isElevatedSessionExpired, safeRedirectPath, sessionCookieSettings } from "~/lib/auth.server";
import { changePasswordSchema, signupSchema } from "~/lib/forms/accounts";
import { isCommonPassword } from "~/lib/forms/common-passwords";
import { accounts } from "~/lib/i18n/messages/accounts";
import { admin } from "~/lib/i18n/messages/admin";
import { Lucia } from "lucia";

describe("password rules", () => {
  const signup = (password: string) => signupSchema.safeParse({ email: "a@example.jp", displayName: "a", password });
  test("8 to 128 characters, counted as characters", () => {
    expect(signup("1234567").success).toBe(false);
    expect(signup("長い合言葉です！").success).toBe(true);
    expect(signup("x".repeat(128)).success).toBe(true);
    expect(signup("x".repeat(129)).success).toBe(false);
  });
  test("the most common passwords are refused, whatever their case", () => {
    for (const password of ["password", "Password1", "12345678", "qwertyuiop", "iloveyou", "demo-password"]) {
      expect(isCommonPassword(password), password).toBe(true);
      expect(signup(password).success, password).toBe(false);
    }
    expect(signup("a quiet walk to the station").success).toBe(true);
  });
  test("spaces in passwords are kept, not trimmed", () => {
    const parsed = changePasswordSchema.safeParse({ currentPassword: " x ", newPassword: "  spaced out pass  " });
    expect(parsed.success && parsed.data.newPassword).toBe("  spaced out pass  ");
  });
});

describe("session policy", () => {
  const now = new Date("2026-04-01T12:00:00Z");
  const ago = (ms: number) => new Date(now.getTime() - ms);
  test("elevated roles: 12 h absolute, 30 min idle", () => {
    expect(isElevatedSessionExpired({ createdAt: ago(11 * 3600e3), lastSeenAt: ago(60e3) }, ["staff"], now)).toBe(false);
    expect(isElevatedSessionExpired({ createdAt: ago(12 * 3600e3), lastSeenAt: ago(60e3) }, ["coordinator"], now)).toBe(true);
    expect(isElevatedSessionExpired({ createdAt: ago(3600e3), lastSeenAt: ago(30 * 60e3) }, ["admin"], now)).toBe(true);
  });
  test("volunteers and organisers are not held to it", () => {
    expect(isElevatedSessionExpired({ createdAt: ago(20 * 24 * 3600e3), lastSeenAt: ago(5 * 24 * 3600e3) }, [], now)).toBe(false);
    expect(isElevatedSessionExpired({ createdAt: ago(20 * 24 * 3600e3), lastSeenAt: ago(5 * 24 * 3600e3) }, ["organiser"], now)).toBe(false);
  });
});

describe("session cookie", () => {
  test("production: __Host- prefix, Secure, HttpOnly, SameSite=Lax, Path=/, no Domain", () => {
    const settings = sessionCookieSettings(true);
    const lucia = new Lucia(
      // A cookie-only check: the adapter is never called.
      { getSessionAndUser: async () => [null, null], getUserSessions: async () => [], setSession: async () => {}, updateSessionExpiration: async () => {}, deleteSession: async () => {}, deleteUserSessions: async () => {}, deleteExpiredSessions: async () => {} },
      { sessionCookie: settings },
    );
    const cookie = lucia.createSessionCookie("token").serialize();
    expect(cookie).toMatch(/^__Host-machinaeki_session=token;/);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).not.toMatch(/Domain=/i);
  });
  test("development: no prefix and no Secure, so http://localhost works", () => {
    expect(sessionCookieSettings(false)).toEqual({ name: "machinaeki_session", attributes: { secure: false, sameSite: "lax", path: "/" } });
  });
});

test("redirects stay on the site", () => {
  expect(safeRedirectPath("/account?x=1")).toBe("/account?x=1");
  for (const bad of ["//evil.example", "https://evil.example", "/\\evil.example", "/\t/evil.example", "/\n/evil.example", "javascript:alert(1)", undefined, 42]) {
    expect(safeRedirectPath(bad)).toBe("/");
  }
});

test("a redirect path is ASCII a Location header can carry (non-ASCII or a control character was a 500)", () => {
  expect(safeRedirectPath("/日本語?q=あ#x")).toBe("/%E6%97%A5%E6%9C%AC%E8%AA%9E?q=%E3%81%82#x");
  expect(safeRedirectPath("/a\u0000b")).toBe("/a%00b");
  expect(safeRedirectPath("/a\nLocation: //evil.example")).toBe("/aLocation:%20//evil.example");
  for (const value of ["/日本語", "/a\u0000b", "/a\r\nSet-Cookie: x=1", "/\u0085"]) expect(() => new Headers({ Location: safeRedirectPath(value) })).not.toThrow();
});

test.each([["accounts", accounts], ["admin", admin]] as const)("%s messages: English for every Japanese key, none empty", (_name, group) => {
  expect(Object.keys(group.en).sort()).toEqual(Object.keys(group.ja).sort());
  for (const text of [...Object.values(group.ja), ...Object.values(group.en)]) expect(text.trim()).not.toBe("");
});
