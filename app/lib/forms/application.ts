import { z } from "zod";
import { PARTY_SIZE_MAX } from "#db/application-limits";

// A resident's application form (/activities/:id/apply), also what an organiser fills in for a
// phone or paper application. Shared by the server and the page.

export const APPLICANT_NAME_MAX = 50;
export const APPLICANT_NOTE_MAX = 200;
export const EMAIL_MAX = 254;
export { PARTY_SIZE_MAX };

/** Separators people type in phone numbers: hyphens and dashes of every width, spaces, brackets. */
const PHONE_SEPARATORS = /[\s\-‐‑‒–—―−ー－ｰ()（）.]/g;

/** 「０７４３（７４）１１１１」→「0743741111」 (full-width digits are made half-width before this). */
export function normalisePhone(raw: string): string {
  return raw.replace(PHONE_SEPARATORS, "");
}

/** A Japanese number: 10 digits (固定電話) or 11 (携帯), starting with 0. */
export const PHONE_PATTERN = /^0[0-9]{9,10}$/;

/** 「0743-74-1111」 for showing a stored number. */
export function formatPhone(digits: string): string {
  if (/^0[5789]0/.test(digits) && digits.length === 11) return `${digits.slice(0, 3)}-${digits.slice(3, 7)}-${digits.slice(7)}`;
  if (digits.length === 10) return `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6)}`;
  return digits;
}

/** 「ABCD-2345」: an application's code as people read it out, in two halves. */
export function formatCode(code: string): string {
  return code.length === 8 ? `${code.slice(0, 4)}-${code.slice(4)}` : code;
}

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value ?? "").trim());

/**
 * What a resident without an account types (`requireContact`: a phone number or an e-mail), or
 * an organiser for them from a phone call or paper (contact optional).
 */
export function applicantSchema(maxPartySize: number, { requireContact }: { requireContact: boolean }) {
  return z
    .object({
      name: z.string().trim().min(1, "apply.error.name").max(APPLICANT_NAME_MAX, "apply.error.nameLength"),
      phone: optionalText
        .transform(normalisePhone)
        .refine((phone) => phone === "" || PHONE_PATTERN.test(phone), "apply.error.phone"),
      email: optionalText.refine((email) => email === "" || (email.length <= EMAIL_MAX && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)), "apply.error.email"),
      note: optionalText.refine((note) => note.length <= APPLICANT_NOTE_MAX, "apply.error.note"),
      ...partyFields(maxPartySize),
    })
    // Checked on the fields as typed, so it is reported with the other fields' errors.
    .superRefine((value, ctx) => {
      if (requireContact && !value.phone && !value.email) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["phone"], message: "apply.error.contact" });
    })
    .transform(({ phone, email, note, ...rest }) => ({ ...rest, phone: phone || null, email: email || null, note: note || null }));
}

/** Party size and 初めて, the only fields of an application from an account (one tap). */
export function partyFields(maxPartySize: number) {
  return {
    partySize: z
      .string()
      .trim()
      .regex(/^[0-9]{1,3}$/, "apply.error.partySize")
      .transform(Number)
      .refine((n) => n >= 1 && n <= maxPartySize, "apply.error.partySize"),
    firstTime: z
      .string()
      .optional()
      .transform((v) => v === "on" || v === "1"),
  };
}

/** The account holder's form. */
export function accountApplicationSchema(maxPartySize: number) {
  return z.object({ ...partyFields(maxPartySize), note: optionalText.refine((note) => note.length <= APPLICANT_NOTE_MAX, "apply.error.note") }).transform(({ note, ...rest }) => ({ ...rest, note: note || null }));
}

/** One session, or every session of that session's month. */
export const scopeSchema = z.enum(["one", "month"]).catch("one");

export type ApplicantFields = z.infer<ReturnType<typeof applicantSchema>>;
