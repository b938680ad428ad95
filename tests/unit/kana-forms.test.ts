// 名称_カナ, イベント名_カナ, 駐車場情報 and 参加申込方法 on the hub and activity forms: readings are
// stored as full-width katakana whatever kana people type, and anything else is refused beside
// the field with a Japanese message.
import { describe, expect, test } from "vitest";
import { emptyActivityForm } from "~/components/activity-form";
import { activitySchema } from "~/lib/forms/activity";
import { emptyHubFormValues, hubFormSchema } from "~/lib/forms/hubs";
import { parseWith } from "~/lib/forms/parse";
import { serverTranslate } from "~/lib/i18n/all-messages.server";
import { isKatakanaReading, toKatakanaReading } from "~/lib/kana";

describe("toKatakanaReading", () => {
  test.each([
    ["ハギノダイマチナエキ", "ハギノダイマチナエキ"],
    ["はぎのだいまちなえき", "ハギノダイマチナエキ"],
    ["ﾊｷﾞﾉﾀﾞｲ ﾏﾁﾅｴｷ", "ハギノダイ\u3000マチナエキ"],
    ["  ひかりがおか　 こうえんのリビング ", "ヒカリガオカ\u3000コウエンノリビング"],
    ["まーじゃん", "マージャン"],
    ["ウォ-ク", "ウォーク"],
    ["イゴ・ショウギノカイ", "イゴ・ショウギノカイ"],
    ["ヴァイオリン", "ヴァイオリン"],
  ])("%j → %j", (typed, stored) => {
    expect(toKatakanaReading(typed)).toBe(stored);
    expect(isKatakanaReading(stored)).toBe(true);
  });

  test.each(["萩の台", "Haginodai", "ハギノダイ2", "カフェ（仮）", "ｶﾌｪ!"])("%j is not a reading", (typed) => {
    expect(isKatakanaReading(toKatakanaReading(typed))).toBe(false);
  });
});

const hubForm = (overrides: Partial<typeof emptyHubFormValues>) =>
  parseWith(hubFormSchema, { ...emptyHubFormValues, name: "萩の台まちなえき", kindId: "1", districtId: "1", address: "生駒市萩の台", lat: "34.72", lng: "135.71", ...overrides });

describe("the hub form", () => {
  test("a reading in hiragana or half-width kana is stored in full-width katakana; parking is kept as typed", () => {
    const parsed = hubForm({ nameKana: "はぎのだい ﾏﾁﾅｴｷ", parkingInfo: "３台（要予約）" });
    expect(parsed).toMatchObject({ ok: true, data: { nameKana: "ハギノダイ\u3000マチナエキ", parkingInfo: "３台（要予約）" } });
  });

  test("empty reading and parking are stored as nothing", () => {
    expect(hubForm({ nameKana: " ", parkingInfo: "" })).toMatchObject({ ok: true, data: { nameKana: null, parkingInfo: null } });
  });

  test("kanji or latin letters in the reading are refused with a Japanese message beside the field", () => {
    const parsed = hubForm({ nameKana: "萩の台まちなえき" });
    expect(parsed).toEqual({ ok: false, errors: { nameKana: "field.kana.invalid" } });
    expect(serverTranslate("ja", "field.kana.invalid")).toContain("全角カタカナ");
    expect(hubForm({ nameKana: "ア".repeat(201) })).toEqual({ ok: false, errors: { nameKana: "field.text.tooLong" } });
    expect(hubForm({ parkingInfo: "台".repeat(201) })).toEqual({ ok: false, errors: { parkingInfo: "field.text.tooLong" } });
  });
});

const activityForm = (overrides: Partial<typeof emptyActivityForm>) =>
  parseWith(activitySchema, { ...emptyActivityForm, title: "健康マージャン教室", category: "hobby", scheduleKind: "once", startDate: "2036-01-01", ...overrides });

describe("the activity form", () => {
  test("イベント名_カナ becomes full-width katakana; 参加申込方法 is kept as written", () => {
    const parsed = activityForm({ titleKana: "けんこうまーじゃんきょうしつ", applicationMethod: "前日までに電話で（０７４３－７０－００００）" });
    expect(parsed).toMatchObject({
      ok: true,
      data: { details: { titleKana: "ケンコウマージャンキョウシツ", applicationMethod: "前日までに電話で（０７４３－７０－００００）" } },
    });
  });

  test("a reading that is not kana is refused beside the field; a form without the new fields still saves", () => {
    expect(activityForm({ titleKana: "Mahjong" })).toEqual({ ok: false, errors: { titleKana: "orgActivities.error.kana" } });
    expect(serverTranslate("ja", "orgActivities.error.kana")).toContain("全角カタカナ");
    expect(activityForm({ applicationMethod: "あ".repeat(201) })).toEqual({ ok: false, errors: { applicationMethod: "orgActivities.error.tooLong" } });
    const { titleKana: _k, applicationMethod: _m, ...older } = { ...emptyActivityForm, title: "体操", category: "exercise", scheduleKind: "once", startDate: "2036-01-01" };
    expect(parseWith(activitySchema, older)).toMatchObject({ ok: true, data: { details: { titleKana: null, applicationMethod: null } } });
  });
});
