import { describe, expect, test } from "vitest";
import { translate } from "~/lib/i18n";
import { accounts } from "~/lib/i18n/messages/accounts";
import { common } from "~/lib/i18n/messages/common";
import { details } from "~/lib/i18n/messages/details";
import { hubs } from "~/lib/i18n/messages/hubs";
import { notifications } from "~/lib/i18n/messages/notifications";
import { volunteers } from "~/lib/i18n/messages/volunteers";
import { getLocale } from "~/lib/locale.server";

describe("dictionary", () => {
  test.each([["common", common], ["hubs", hubs], ["accounts", accounts], ["volunteers", volunteers], ["notifications", notifications], ["details", details]] as const)("%s has an English text for every Japanese key, none empty", (_name, group) => {
    expect(Object.keys(group.en).sort()).toEqual(Object.keys(group.ja).sort());
    for (const text of [...Object.values(group.ja), ...Object.values(group.en)]) expect(text.trim()).not.toBe("");
  });
  test("fills placeholders", () => {
    expect(translate("ja", "hub.distance", { distance: "650m", minutes: 9 })).toBe("約650m・徒歩9分");
    expect(translate("en", "hub.distance", { distance: "650m", minutes: 9 })).toBe("About 650m, 9 min walk");
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
