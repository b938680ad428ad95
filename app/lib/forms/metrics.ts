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

export const attendanceSchema = z
  .object({
    participants: count,
    firstTimers: count,
    supportedParticipants: count,
    ...Object.fromEntries(ageBandCodes.map((code) => [`age_${code}`, optionalCount.optional().default("")])),
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
