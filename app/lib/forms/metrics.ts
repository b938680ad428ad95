import { z } from "zod";
import { ageBandCodes, indicatorCodes, type IndicatorCode } from "../metrics/indicators";
import { parseIsoDate } from "../metrics/periods";

// Form schemas for attendance and targets, shared by the server and the page. Messages are
// dictionary keys shown beside the field.

/** Organisers may enter or correct a session's attendance for this long after it starts (the pages say so). */
export const ATTENDANCE_EDIT_DAYS = 14;

const count = z
  .string()
  .trim()
  .regex(/^\d{1,5}$/, "attendance.error.count")
  .transform(Number);
const optionalCount = z
  .string()
  .trim()
  .regex(/^(\d{1,5})?$/, "attendance.error.count")
  .transform((v) => (v === "" ? null : Number(v)));

const ageBandFields = Object.fromEntries(ageBandCodes.map((code) => [`age_${code}`, optionalCount.optional().default("")]));

export const attendanceSchema = z
  .object({
    participants: count,
    firstTimers: count,
    supportedParticipants: count,
    ...ageBandFields,
  })
  .superRefine((value, ctx) => {
    if (value.firstTimers > value.participants) ctx.addIssue({ code: "custom", path: ["firstTimers"], message: "attendance.error.firstTimers" });
    if (value.supportedParticipants > value.participants) {
      ctx.addIssue({ code: "custom", path: ["supportedParticipants"], message: "attendance.error.supported" });
    }
    const bands = ageBandCodes.map((code) => (value as Record<string, unknown>)[`age_${code}`]).filter((v): v is number => typeof v === "number");
    if (bands.reduce((a, b) => a + b, 0) > value.participants) {
      ctx.addIssue({ code: "custom", path: [`age_${ageBandCodes[0]}`], message: "attendance.error.ageBands" });
    }
  });

/** People who came without being on the list: a sane bound for one session, non-negative. */
export const WALK_INS_MAX = 9999;
const walkInCount = z
  .string({ required_error: "attendance.error.walkIns" })
  .trim()
  .regex(/^\d{1,4}$/, "attendance.error.walkIns")
  .transform(Number)
  .refine((n) => n <= WALK_INS_MAX, "attendance.error.walkIns");

/**
 * The attendance of a session residents applied for: the ticks (`arrived`, application ids,
 * read apart) and the walk-ins; no participants total to type — the service counts it from the
 * ticked parties and the walk-ins, and checks 参加支援 and the age bands against that.
 */
export const attendanceByNamesSchema = z
  .object({
    walkIns: walkInCount,
    walkInFirstTimers: walkInCount,
    supportedParticipants: count,
    ...ageBandFields,
  })
  .superRefine((value, ctx) => {
    if (value.walkInFirstTimers > value.walkIns) ctx.addIssue({ code: "custom", path: ["walkInFirstTimers"], message: "attendance.error.walkInFirstTimers" });
  });

/** The age bands given in a parsed attendance form, or null when none was filled in. */
export function ageBandsFrom(value: Record<string, unknown>) {
  const bands: Partial<Record<(typeof ageBandCodes)[number], number>> = {};
  for (const code of ageBandCodes) {
    const v = value[`age_${code}`];
    if (typeof v === "number") bands[code] = v;
  }
  return Object.keys(bands).length > 0 ? bands : null;
}

const nonNegative = z
  .string()
  .trim()
  .regex(/^\d{1,9}(\.\d{1,2})?$/, "metrics.error.number")
  .transform(Number);

export const targetSchema = z.object({
  indicator: z.string().refine((v): v is IndicatorCode => (indicatorCodes as readonly string[]).includes(v), "metrics.error.indicator"),
  fiscalYear: z
    .string()
    .trim()
    .regex(/^\d{4}$/, "metrics.error.year")
    .transform(Number)
    .refine((y) => y >= 2019 && y <= 2100, "metrics.error.year"),
  baseline: nonNegative,
  baselineDate: z.string().trim().refine((v) => parseIsoDate(v) !== null, "metrics.error.date"),
  target: nonNegative,
});
