import { getServerTranslate } from "~/lib/i18n/all-messages.server";
import { afterEach, describe, expect, test } from "vitest";
import { isSupportNotificationKind, notificationKinds } from "~/lib/notification-kinds";
import { formatSessionTime, mailText, notificationText } from "~/lib/notification-text";
import { notificationKind } from "#db/schema";

const payload = { activity: "ふれあい食堂", role: "調理", hub: "萩の台まちなえき", startsAt: "2026-11-25T01:00:00.000Z", endsAt: "2026-11-25T02:30:00.000Z" };

describe("notification texts", () => {
  const original = process.env.TZ;
  afterEach(() => {
    process.env.TZ = original;
  });

  test.each(["UTC", "America/New_York", "Asia/Tokyo"])("times are Tokyo wall-clock times under TZ=%s", (zone) => {
    process.env.TZ = zone;
    expect(formatSessionTime("ja", payload.startsAt, payload.endsAt)).toBe("11月25日(水) 10:00〜11:30");
    expect(formatSessionTime("en", payload.startsAt, payload.endsAt)).toBe("Wed, 25 Nov 10:00–11:30");
    expect(formatSessionTime("ja", "2026-11-25T15:30:00.000Z")).toBe("11月26日(木) 00:30");
  });

  test("every kind has an in-app text and a mail subject in both languages", () => {
    for (const kind of notificationKinds) {
      for (const locale of ["ja", "en"] as const) {
        const full = { ...payload, hub: "萩の台まちなえき" };
        const text = notificationText(getServerTranslate(locale), locale, kind, full);
        expect(text).not.toMatch(/[{}]|notify\./);
        const mail = mailText(getServerTranslate(locale), locale, kind, full, { displayName: "山田" });
        if (!isSupportNotificationKind(kind)) expect(mail.subject).toContain("ふれあい食堂");
        expect(mail.subject).not.toMatch(/[{}]|mail\./);
        expect(mail.text).toContain(text);
      }
    }
  });

  test("参加支援 notices carry no activity, role, place or time, in the app or by mail: only the link", () => {
    for (const kind of notificationKinds.filter(isSupportNotificationKind)) {
      for (const locale of ["ja", "en"] as const) {
        const mail = mailText(getServerTranslate(locale), locale, kind, { ...payload, path: "/support/12" }, { displayName: "山田" }, "https://m.example.jp");
        const everything = `${notificationText(getServerTranslate(locale), locale, kind, payload)}\n${mail.subject}\n${mail.text}`;
        for (const detail of ["ふれあい食堂", "調理", "萩の台まちなえき", "11月25日", "25 Nov", "10:00"]) expect(everything).not.toContain(detail);
        expect(mail.text).toContain("https://m.example.jp/support/12");
      }
    }
  });

  test("the database enum and the texts know the same kinds", () => {
    expect(notificationKind.enumValues).toEqual([...notificationKinds]);
  });

  test("a link only when the public origin is known", () => {
    expect(mailText(getServerTranslate("ja"), "ja", "promoted", { ...payload, path: "/volunteer" }, { displayName: "山田" }).text).not.toContain("http");
    expect(mailText(getServerTranslate("ja"), "ja", "promoted", { ...payload, path: "/volunteer" }, { displayName: "山田" }, "https://m.example.jp").text).toContain(
      "くわしくはこちら：https://m.example.jp/volunteer",
    );
  });
});
