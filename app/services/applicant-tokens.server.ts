// The resident's token for an application, and its short code (issue 14). The token is a MAC
// of the applicant's id and salt under a key derived from SUPPORT_DATA_KEY, never stored, so a
// copy of the database alone cannot cancel anyone's place; the reminder mail can still carry
// the link. Rotating SUPPORT_DATA_KEY makes earlier links stop working (the code still does).
import { createHmac, hkdfSync, randomBytes, randomInt, timingSafeEqual } from "node:crypto";
import { supportDataKey } from "~/lib/support-crypto.server";

let key: Buffer | undefined;
function tokenKey(): Buffer {
  key ??= Buffer.from(hkdfSync("sha256", supportDataKey(), Buffer.alloc(0), "machinaeki applicant tokens v1", 32));
  return key;
}

export function newTokenSalt(): string {
  return randomBytes(16).toString("base64url");
}

function mac(applicantId: number, salt: string): string {
  return createHmac("sha256", tokenKey()).update(`${applicantId}:${salt}`).digest("base64url").slice(0, 32);
}

/** "123-<32 characters>": unguessable, and short enough for a link in a text message. */
export function applicantToken(applicantId: number, salt: string): string {
  return `${applicantId}-${mac(applicantId, salt)}`;
}

/** The applicant id a token claims; check it with `tokenMatches` against the row's salt. */
export function tokenApplicantId(token: string): number | undefined {
  const match = /^([1-9][0-9]{0,9})-[A-Za-z0-9_-]{32}$/.exec(token);
  const id = match ? Number(match[1]) : NaN;
  return Number.isSafeInteger(id) && id <= 2_147_483_647 ? id : undefined;
}

export function tokenMatches(token: string, applicantId: number, salt: string): boolean {
  const expected = Buffer.from(applicantToken(applicantId, salt));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Letters and digits that cannot be mistaken for one another, read out or typed (no 0/O, 1/I/L). */
export const CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
export const CODE_LENGTH = 8;

/** A new short code (31⁸ ≈ 8.5 × 10¹¹ of them); the unique index refuses the rare repeat. */
export function newCode(): string {
  let code = "";
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}
