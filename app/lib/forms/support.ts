import { z } from "zod";
import {
  accompanimentKinds,
  CASE_CODE_MAX,
  FREE_TEXT_MAX,
  INTEREST_MAX,
  INTERESTS_MAX,
  partnerKinds,
  PARTNER_NAME_MAX,
  PSEUDONYM_MAX,
  REAL_NAME_MAX,
  supportConstraints,
  supportStages,
  todayInTokyo,
  WALKING_MAX_METRES,
} from "../support";
import { MAX_ID } from "./parse";

// Form schemas of the coordinator workspace, shared by server and page. Messages are dictionary
// keys (app/lib/i18n/messages/support.ts).

const isoDate = (message: "support.field.date.invalid") =>
  z
    .string()
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, message)
    .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), message);

/**
 * The date of something that has happened (consent given, a stage change, a meeting, a link, a
 * withdrawal): today in Japan at the latest. Checked when the form is parsed, so "today" is the
 * day of the submission.
 */
const pastDate = () => isoDate("support.field.date.invalid").refine((value) => value <= todayInTokyo(), "support.field.date.future");

const optionalText = (max: number, message: "support.field.tooLong") =>
  z
    .string()
    .trim()
    .max(max, message)
    .optional()
    .transform((value) => (value ? value : null));

/** "読書、園芸, 料理" → ["読書", "園芸", "料理"]. */
const interestList = z
  .string()
  .trim()
  .transform((value) =>
    value
      .split(/[,、，\n]/)
      .map((item) => item.trim())
      .filter(Boolean),
  )
  .refine((items) => items.length <= INTERESTS_MAX, "support.field.interests.tooMany")
  .refine((items) => items.every((item) => item.length <= INTEREST_MAX), "support.field.interests.tooLong");

export const personSchema = z
  .object({
    caseCode: z.string().trim().min(1, "support.field.caseCode.required").max(CASE_CODE_MAX, "support.field.tooLong"),
    pseudonym: z.string().trim().min(1, "support.field.pseudonym.required").max(PSEUDONYM_MAX, "support.field.tooLong"),
    realName: optionalText(REAL_NAME_MAX, "support.field.tooLong"),
    interests: interestList,
    constraints: z.array(z.enum(supportConstraints, { message: "support.field.constraints.invalid" })),
    constraintNote: optionalText(FREE_TEXT_MAX, "support.field.tooLong"),
    districtId: z
      .string()
      .trim()
      .transform((value, ctx) => {
        if (value === "") return null;
        const n = Number(value);
        if (!Number.isInteger(n) || n <= 0 || n > MAX_ID) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: "support.field.district.invalid" });
          return z.NEVER;
        }
        return n;
      }),
    walkingMetres: z
      .string()
      .trim()
      .transform((value, ctx) => {
        if (value === "") return null;
        const n = Number(value);
        if (!/^\d+$/.test(value) || n > WALKING_MAX_METRES) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: "support.field.walking.invalid" });
          return z.NEVER;
        }
        return n;
      }),
    consentGivenOn: pastDate(),
    consentPurpose: z.string().trim().min(1, "support.field.consentPurpose.required").max(FREE_TEXT_MAX, "support.field.tooLong"),
    consentScope: z.string().trim().min(1, "support.field.consentScope.required").max(FREE_TEXT_MAX, "support.field.tooLong"),
    // Only on the edit form when the stored name cannot be decrypted: an empty name field then
    // keeps the stored one unless this box is ticked.
    clearUnreadableRealName: z.literal("on").optional().transform((value) => value === "on"),
  })
  .strip();
export type PersonInput = z.infer<typeof personSchema>;

export const stageSchema = z.object({
  stage: z.enum(supportStages, { message: "support.field.stage.invalid" }),
  changedOn: pastDate(),
});

export const entrySchema = z.object({
  kind: z.enum(accompanimentKinds, { message: "support.field.kind.invalid" }),
  occurredOn: pastDate(),
  notes: optionalText(FREE_TEXT_MAX, "support.field.tooLong"),
  /** For 支援会議 / 重層的支援会議: an existing meeting to attach to ("" = a new meeting). */
  meetingId: z
    .string()
    .trim()
    .optional()
    .transform((value, ctx) => {
      if (!value) return null;
      const n = Number(value);
      if (!Number.isInteger(n) || n <= 0 || n > MAX_ID) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: "support.field.meeting.invalid" });
        return z.NEVER;
      }
      return n;
    }),
});

export const partnerSchema = z.object({
  partnerKind: z.enum(partnerKinds, { message: "support.field.partnerKind.invalid" }),
  partnerName: z.string().trim().min(1, "support.field.partnerName.required").max(PARTNER_NAME_MAX, "support.field.tooLong"),
  linkedOn: pastDate(),
});

export const withdrawSchema = z.object({
  withdrawnOn: pastDate(),
  /** The coordinator types the case code again: removal cannot be undone. */
  confirmCaseCode: z.string().trim().min(1, "support.field.confirm.mismatch"),
});

export const reassignSchema = z.object({
  personId: z.coerce.number().int().positive().max(MAX_ID),
  coordinatorIds: z.array(z.string().min(1)).min(1, "support.field.coordinators.required"),
});
