// The form helpers every action shares: text with control characters and ids PostgreSQL cannot
// hold are refused as form errors (400), never passed on to the database (a 500).
import fc from "fast-check";
import { z } from "zod";
import { describe, expect, test } from "vitest";
import { hasControlCharacters, idFrom, isUserId, MAX_ID, normaliseFormInput, parseWith } from "~/lib/forms/parse";

const schema = z.object({ name: z.string().trim().min(1, "field.hubName.required"), tags: z.array(z.string()), details: z.object({ note: z.string() }).optional() });

describe("parseWith refuses control characters in what the schema lets through", () => {
  test.each(["a\u0000b", "\u0001", "x\u001by", "\u007f", "\u0085", "\u009f", "a\u000bb"])("%j", (bad) => {
    expect(parseWith(schema, { name: bad, tags: [] })).toEqual({ ok: false, errors: { name: "field.text.controlCharacters" } });
    expect(parseWith(schema, { name: "ok", tags: ["fine", bad] })).toEqual({ ok: false, errors: { tags: "field.text.controlCharacters" } });
    // Nested output is named by the nearest key, so the message lands beside the field.
    expect(parseWith(schema, { name: "ok", tags: [], details: { note: bad } })).toEqual({ ok: false, errors: { note: "field.text.controlCharacters" } });
  });

  test("tabs, line breaks and every printable character are kept", () => {
    expect(parseWith(schema, { name: "一行目\r\n二行目\tタブ <b>&amp;</b> '; drop table hubs;--", tags: ["\u202e", "😀"] })).toMatchObject({ ok: true });
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (text) => {
        expect(hasControlCharacters(`${text}\n\t\r`)).toBe(false);
      }),
    );
  });

  test("schema errors still come first, one per field", () => {
    expect(parseWith(schema, { name: " ", tags: [] })).toEqual({ ok: false, errors: { name: "field.hubName.required" } });
  });
});

describe("ids", () => {
  test("idFrom accepts 1 … 2^31−1 written as plain digits, nothing else", () => {
    expect(idFrom("1")).toBe(1);
    expect(idFrom(String(MAX_ID))).toBe(MAX_ID);
    for (const bad of ["0", "-1", "2147483648", "99999999999", "1e3", "0x10", " 1", "1.0", "１", "", null, undefined, 5, new Blob(["1"])]) {
      expect(idFrom(bad)).toBeUndefined();
    }
  });

  test("isUserId accepts base64url ids and refuses NUL, spaces and the rest", () => {
    expect(isUserId("o07evo3yO2WCnvY7CyfJ")).toBe(true);
    for (const bad of ["", "a\u0000b", "a b", "a/b", "x".repeat(65), null, 1]) expect(isUserId(bad)).toBe(false);
  });
});

describe("Japanese input: text is NFKC-normalised before validating, except secrets, names and prose", () => {
  const timeAndCount = z.object({ startTime: z.string().regex(/^\d{1,2}:\d{2}$/), capacity: z.string().regex(/^\d+$/), changedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) });

  test("full-width digits, colons and hyphens are accepted as their ASCII forms", () => {
    expect(parseWith(timeAndCount, { startTime: "１０：００", capacity: "１００", changedOn: "２０２６－１２－０１" })).toEqual({
      ok: true,
      data: { startTime: "10:00", capacity: "100", changedOn: "2026-12-01" },
    });
  });

  test("e-mail addresses typed in full width are read as ASCII; half-width katakana becomes full-width", () => {
    expect(normaliseFormInput({ email: "ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ", address: "ｻﾛﾝ通り１－２" })).toEqual({ email: "taro@example.jp", address: "サロン通り1-2" });
  });

  test("passwords are never changed: a stored hash was made from exactly what was typed", () => {
    for (const field of ["password", "currentPassword", "newPassword"]) {
      expect(normaliseFormInput({ [field]: "ｐａｓｓ①　word" })).toEqual({ [field]: "ｐａｓｓ①　word" });
    }
  });

  test("names and prose keep what the person wrote (「…」, 「①」, 全角スペース, compatibility ideographs)", () => {
    const prose = "①まず集合…　\uFA10田さんへ";
    expect(normaliseFormInput({ description: prose, guestName: "\uFA10本", note: prose })).toEqual({ description: prose, guestName: "\uFA10本", note: prose });
  });

  test("arrays and nested objects are walked, each value by its own field's rule", () => {
    expect(normaliseFormInput({ weekdays: ["１", "２"], details: { title: "ＡＢＣ…", feeYen: "５００" }, n: 3, on: true })).toEqual({
      weekdays: ["1", "2"],
      details: { title: "ＡＢＣ…", feeYen: "500" },
      n: 3,
      on: true,
    });
  });
});
