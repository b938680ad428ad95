import { z } from "zod";

// 名称_カナ and イベント名_カナ of the open data sets: full-width katakana, as the 推奨データセット
// asks. People type readings in hiragana, or in half-width katakana on older keyboards; both are
// turned into full-width katakana rather than refused. Anything else (kanji, latin letters) is refused.

/** Full-width katakana (ァ…ヺ), ・, ー, ヽヾ, and the (ideographic) space between words. */
const KATAKANA_READING = /^[\u30A1-\u30FA\u30FB\u30FC\u30FD\u30FE\u3000]+$/u;

/**
 * The reading as stored: NFKC (half-width ｶﾀｶﾅ → カタカナ, and a full-width space to an ASCII one),
 * hiragana → katakana, the long-vowel marks people type instead of ー (-, －, ～) → ー, and runs
 * of spaces → one full-width space. Not validated: see `isKatakanaReading`.
 */
export function toKatakanaReading(text: string): string {
  return text
    .normalize("NFKC")
    .replace(/[\u3041-\u3096\u309D\u309E]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60))
    .replace(/(?<=[\u30A1-\u30FA])[-\u2010-\u2015\u2212\uFF0D~\u301C\uFF5E]/g, "ー")
    .trim()
    .replace(/\s+/g, "\u3000");
}

/** Whether `text` (already through `toKatakanaReading`) is a reading in full-width katakana. */
export function isKatakanaReading(text: string): boolean {
  return KATAKANA_READING.test(text);
}

/**
 * A form field for a reading: hiragana and half-width kana become full-width katakana, other
 * scripts are refused with `invalid`; empty is null. Messages are the form's dictionary keys.
 */
export const kanaReading = <M extends string>(max: number, tooLong: M, invalid: M) =>
  z
    .string()
    .transform(toKatakanaReading)
    .pipe(z.string().max(max, tooLong).refine((value) => value === "" || isKatakanaReading(value), invalid))
    .transform((value) => (value === "" ? null : value));
