import { z } from "zod";
import { parseIsoDate } from "../metrics/periods";
import { idFrom } from "./parse";

// Form schemas for 協議体 (councils), their meetings and 支えあいの仕組み, shared by the server and
// the pages. Messages are dictionary keys shown beside the field. The database holds the same
// rules (migration 0023), so a write that skips these is refused there too.

export const COUNCIL_NAME_MAX = 100;
export const COUNCIL_TEXT_MAX = 2000;

const isoDate = z
  .string({ required_error: "councils.error.date" })
  .trim()
  .refine((v) => parseIsoDate(v) !== null, "councils.error.date");

const optionalIsoDate = z
  .string({ invalid_type_error: "councils.error.date" })
  .trim()
  .refine((v) => v === "" || parseIsoDate(v) !== null, "councils.error.date")
  .transform((v) => (v === "" ? null : v));

const text = (max: number, message: string) => z.string({ required_error: message }).trim().min(1, message).max(max, message);

/** A non-negative headcount (or number of organisations). */
const count = z
  .string({ required_error: "councils.error.count" })
  .trim()
  .regex(/^\d{1,5}$/, "councils.error.count")
  .transform(Number);

const districtId = z
  .string({ required_error: "councils.error.district" })
  .transform((v) => idFrom(v))
  .refine((v): v is number => v !== undefined, "councils.error.district");

const checkbox = z
  .literal("on")
  .optional()
  .transform((v) => v === "on");

export const councilSchema = z
  .object({
    name: text(COUNCIL_NAME_MAX, "councils.error.name"),
    districtId,
    theme: text(COUNCIL_NAME_MAX, "councils.error.theme"),
    establishedOn: isoDate,
    dissolvedOn: optionalIsoDate.optional().default(""),
    isPublic: checkbox,
    residentMembers: count,
    professionalMembers: count,
    organisationMembers: count,
  })
  .superRefine((value, ctx) => {
    // ISO dates compare as strings.
    if (value.dissolvedOn !== null && value.dissolvedOn < value.establishedOn) {
      ctx.addIssue({ code: "custom", path: ["dissolvedOn"], message: "councils.error.dissolvedBeforeEstablished" });
    }
  });
export type CouncilInput = z.infer<typeof councilSchema>;

export const councilMeetingSchema = z.object({
  heldOn: isoDate,
  attendees: count,
  outcome: text(COUNCIL_TEXT_MAX, "councils.error.outcome"),
});
export type CouncilMeetingInput = z.infer<typeof councilMeetingSchema>;

export const mutualAidSchemeSchema = z.object({
  name: text(COUNCIL_NAME_MAX, "councils.error.name"),
  description: z.string().trim().max(COUNCIL_TEXT_MAX, "councils.error.description").optional().default(""),
  launchedOn: isoDate,
  districtId,
  councilId: z
    .string()
    .optional()
    .default("")
    .refine((v) => v === "" || idFrom(v) !== undefined, "councils.error.council")
    .transform((v) => (v === "" ? null : (idFrom(v) ?? null))),
  isPublic: checkbox,
});
export type MutualAidSchemeInput = z.infer<typeof mutualAidSchemeSchema>;
