import { describe, expect, test } from "vitest";
import { hasMessage, serverTranslate } from "~/lib/i18n/all-messages.server";
import { getTranslate } from "~/lib/i18n";
import { accounts } from "~/lib/i18n/messages/accounts";
import { activities } from "~/lib/i18n/messages/activities";
import { admin } from "~/lib/i18n/messages/admin";
import { common } from "~/lib/i18n/messages/common";
import { councils } from "~/lib/i18n/messages/councils";
import { details } from "~/lib/i18n/messages/details";
import { hubs } from "~/lib/i18n/messages/hubs";
import { indicators } from "~/lib/i18n/messages/indicators";
import { metrics } from "~/lib/i18n/messages/metrics";
import { notifications } from "~/lib/i18n/messages/notifications";
import { organise } from "~/lib/i18n/messages/organise";
import { support } from "~/lib/i18n/messages/support";
import { volunteers } from "~/lib/i18n/messages/volunteers";
import { getLocale } from "~/lib/locale.server";

describe("dictionary", () => {
  test.each([["common", common], ["hubs", hubs], ["activities", activities], ["details", details], ["accounts", accounts], ["admin", admin], ["organise", organise], ["volunteers", volunteers], ["notifications", notifications], ["support", support], ["metrics", metrics], ["councils", councils], ["indicators", indicators]] as const)("%s has an English text for every Japanese key, none empty", (_name, group) => {
    expect(Object.keys(group.en).sort()).toEqual(Object.keys(group.ja).sort());
    for (const text of [...Object.values(group.ja), ...Object.values(group.en)]) expect(text.trim()).not.toBe("");
  });
  test("fills placeholders", () => {
    expect(serverTranslate("ja", "hub.distance", { distance: "650m", minutes: 9 })).toBe("約650m・徒歩9分");
    expect(serverTranslate("en", "hub.distance", { distance: "650m", minutes: 9 })).toBe("About 650m, 9 min walk");
  });
  test("the server knows every key", () => {
    expect(hasMessage("metrics.title")).toBe(true);
    expect(hasMessage("metrics.nope")).toBe(false);
    expect(serverTranslate("en", "metrics.title")).toBe(metrics.en["metrics.title"]);
  });
});

describe("a page's texts come from the public groups and its routes' handles", () => {
  test("a group no matched route declares is not there: the key shows", () => {
    expect(getTranslate("ja", [{ id: "root" }, { id: "routes/a", handle: { other: 1 } }])("metrics.title")).toBe("metrics.title");
    expect(getTranslate("ja", [])("common.appName")).toBe("まちなえき");
  });
  test("a group a matched route declares is, in both languages", () => {
    const matches = [{ id: "root" }, { id: "routes/b", handle: { messages: [metrics] } }];
    expect(getTranslate("ja", matches)("metrics.title")).toBe(metrics.ja["metrics.title"]);
    expect(getTranslate("en", matches)("metrics.title")).toBe(metrics.en["metrics.title"]);
    expect(getTranslate("en", matches)("hub.distance", { distance: "650m", minutes: 9 })).toBe("About 650m, 9 min walk");
  });
  test("the same matched routes give the same translate (built once)", () => {
    const matches = () => [{ id: "root" }, { id: "routes/c", handle: { messages: [metrics, support] } }];
    expect(getTranslate("ja", matches())).toBe(getTranslate("ja", matches()));
    expect(getTranslate("ja", matches())).not.toBe(getTranslate("en", matches()));
  });
});

describe("getLocale", () => {
  const request = (headers: Record<string, string>) => new Request("http://localhost/", { headers });
  test("Japanese by default", () => {
    expect(getLocale(request({}))).toBe("ja");
    expect(getLocale(request({ "Accept-Language": "fr-FR,de;q=0.8" }))).toBe("ja");
  });
  test("follows Accept-Language by quality", () => {
    expect(getLocale(request({ "Accept-Language": "en-GB,en;q=0.9,ja;q=0.5" }))).toBe("en");
    expect(getLocale(request({ "Accept-Language": "en;q=0.4,ja;q=0.9" }))).toBe("ja");
  });
  test("the person's choice wins", () => {
    expect(getLocale(request({ "Accept-Language": "ja", Cookie: "a=1; lang=en" }))).toBe("en");
    expect(getLocale(request({ "Accept-Language": "en", Cookie: "lang=xx" }))).toBe("en");
  });
});
