import { z } from "zod";
import { normalisePhone, PARTY_SIZE_MAX, PHONE_PATTERN } from "./application";
import { audiences } from "../activity-search";
import { loadTags } from "../load-tags";
import { scheduleDates, type Schedule } from "../recurrence";
import { isTrainingCourse } from "../training-courses";
import { kanaReading } from "../kana";
import { formArray, formText } from "./parse";

// The organiser's activity, role and session forms, shared by the server (validation) and the
// pages. Messages are dictionary keys; each is shown beside its field.

export const TITLE_MAX = 80;
const TEXT_MAX = 2000;

const dateString = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "orgActivities.error.date")
  .refine((value) => {
    const [y, m, d] = value.split("-").map(Number);
    const date = new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1));
    return date.getUTCFullYear() === y && date.getUTCMonth() + 1 === m && date.getUTCDate() === d && (y ?? 0) >= 2000 && (y ?? 0) <= 2100;
  }, "orgActivities.error.date");

/** "HH:MM" from 00:00 to 23:59: 25:00 and 10:60 are refused. */
const timeString = z
  .string()
  .trim()
  .regex(/^\d{1,2}:\d{2}$/, "orgActivities.error.time")
  .refine((value) => {
    const [h, m] = value.split(":").map(Number);
    return (h ?? 99) <= 23 && (m ?? 99) <= 59;
  }, "orgActivities.error.time")
  .transform((value) => value.padStart(5, "0"));

const optionalText = (max = TEXT_MAX) =>
  z
    .string()
    .trim()
    .max(max, "orgActivities.error.tooLong")
    .transform((value) => (value === "" ? null : value));

const wholeNumber = (message: "orgActivities.error.fee" | "orgActivities.error.capacity" | "orgActivities.error.slots") =>
  z
    .string()
    .trim()
    .regex(/^[0-9０-９]+$/, message)
    // Full-width digits are common in Japanese input.
    .transform((value) => Number(value.replace(/[０-９]/g, (c) => String(c.charCodeAt(0) - 0xff10))))
    .refine((n) => Number.isSafeInteger(n) && n <= 1_000_000, message);

export const scheduleKinds = ["once", "weekly", "monthly"] as const;

/** The raw fields of the activity form (strings and string arrays, as a form posts them). */
export interface ActivityFormValues {
  title: string;
  titleKana: string;
  description: string;
  category: string;
  audience: string;
  feeYen: string;
  feeNote: string;
  registrationRequired: string;
  capacity: string;
  maxPartySize: string;
  applicationPhone: string;
  applicationMethod: string;
  welcomesSupported: string;
  accessibilityNotes: string;
  /** "" or a 養成講座 code ("ai_supporter"). */
  trainingCourse: string;
  scheduleKind: string;
  interval: string;
  weekdays: string[];
  monthWeeks: string[];
  startDate: string;
  endDate: string;
  startTime: string;
  endTime: string;
  exceptionDates: string;
}

export const activitySchema = z
  .object({
    title: z.string().trim().min(1, "orgActivities.error.title").max(TITLE_MAX, "orgActivities.error.tooLong"),
    // Absent from older forms: no reading.
    titleKana: z.string().default("").pipe(kanaReading(200, "orgActivities.error.tooLong", "orgActivities.error.kana")),
    description: z.string().trim().max(TEXT_MAX, "orgActivities.error.tooLong"),
    category: z.string().trim().min(1, "orgActivities.error.category"),
    audience: z.enum(audiences, { message: "orgActivities.error.audience" }),
    feeYen: z.string().trim().transform((v) => (v === "" ? "0" : v)).pipe(wholeNumber("orgActivities.error.fee")),
    feeNote: optionalText(100),
    registrationRequired: z.string().optional().transform((v) => v === "on" || v === "1"),
    capacity: z
      .string()
      .trim()
      .transform((v) => v.replace(/^[-ー−]/, "-"))
      .pipe(
        z.union([
          z.literal("").transform(() => null),
          z
            .string()
            .regex(/^-?[0-9０-９]+$/, "orgActivities.error.capacity")
            .transform((v) => Number(v.replace(/[０-９]/g, (c) => String(c.charCodeAt(0) - 0xff10))))
            .refine((n) => Number.isSafeInteger(n) && n > 0 && n <= 100_000, "orgActivities.error.capacity"),
        ]),
      ),
    maxPartySize: z
      .string()
      .trim()
      .transform((v) => v || "4")
      .pipe(
        z
          .string()
          .regex(/^[0-9]{1,3}$/, "orgActivities.error.maxPartySize")
          .transform(Number)
          .refine((n) => n >= 1 && n <= PARTY_SIZE_MAX, "orgActivities.error.maxPartySize"),
      ),
    applicationPhone: z
      .string()
      .optional()
      .transform((v) => normalisePhone((v ?? "").trim()))
      .refine((v) => v === "" || PHONE_PATTERN.test(v), "orgActivities.error.applicationPhone")
      .transform((v) => v || null),
    applicationMethod: z.string().default("").pipe(optionalText(200)),
    welcomesSupported: z.string().optional().transform((v) => v === "on" || v === "1"),
    accessibilityNotes: optionalText(500),
    // "" (not a course) or a known kind; absent from older forms means "not a course".
    trainingCourse: z
      .string()
      .optional()
      .transform((v) => (v ?? "").trim())
      .refine((v) => v === "" || isTrainingCourse(v), "orgActivities.error.trainingCourse")
      .transform((v) => (isTrainingCourse(v) ? v : null)),
    scheduleKind: z.enum(scheduleKinds, { message: "orgActivities.error.scheduleKind" }),
    interval: z.enum(["1", "2", "3", "4"], { message: "orgActivities.error.interval" }).transform(Number),
    weekdays: z.array(z.enum(["1", "2", "3", "4", "5", "6", "7"], { message: "orgActivities.error.weekdays" })).transform((days) => [...new Set(days.map(Number))].sort()),
    // 5 is offered nowhere in the form, but is refused with its own message if posted: some months have no 5th week.
    monthWeeks: z
      .array(z.string())
      .superRefine((weeks, ctx) => {
        if (weeks.includes("5")) ctx.addIssue({ code: z.ZodIssueCode.custom, message: "orgActivities.error.fifthWeek" });
        else if (weeks.some((w) => !["1", "2", "3", "4", "-1"].includes(w))) ctx.addIssue({ code: z.ZodIssueCode.custom, message: "orgActivities.error.monthWeeks" });
      })
      .transform((weeks) => [...new Set(weeks.map(Number))].sort()),
    startDate: dateString,
    endDate: z.union([z.literal("").transform(() => null), dateString]),
    startTime: timeString,
    endTime: timeString,
    exceptionDates: z
      .string()
      .transform((text) => text.split(/[\s,、]+/).filter(Boolean))
      .pipe(z.array(dateString)),
  })
  .superRefine((v, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: z.ZodIssueCode.custom, path: [path], message });
    if (v.endTime <= v.startTime) issue("endTime", "orgActivities.error.endBeforeStart");
    if (v.endDate && v.endDate < v.startDate) issue("endDate", "orgActivities.error.endDateBeforeStart");
    if (v.scheduleKind !== "once" && v.weekdays.length === 0) issue("weekdays", "orgActivities.error.weekdays");
    if (v.scheduleKind === "monthly" && v.monthWeeks.length === 0) issue("monthWeeks", "orgActivities.error.monthWeeks");
    if (v.scheduleKind === "once" && v.endDate) issue("endDate", "orgActivities.error.onceEndDate");
  })
  .transform((v) => ({
    details: {
      title: v.title,
      titleKana: v.titleKana,
      description: v.description,
      category: v.category,
      audience: v.audience,
      feeYen: v.feeYen,
      feeNote: v.feeNote,
      registrationRequired: v.registrationRequired,
      capacity: v.capacity,
      maxPartySize: v.maxPartySize,
      applicationPhone: v.applicationPhone,
      applicationMethod: v.applicationMethod,
      welcomesSupported: v.welcomesSupported,
      accessibilityNotes: v.accessibilityNotes,
      trainingCourse: v.trainingCourse,
    },
    schedule: {
      kind: v.scheduleKind,
      interval: v.scheduleKind === "weekly" ? v.interval : 1,
      weekdays: v.scheduleKind === "once" ? [] : v.weekdays,
      monthWeeks: v.scheduleKind === "monthly" ? v.monthWeeks : [],
      startDate: v.startDate,
      endDate: v.scheduleKind === "once" ? null : v.endDate,
      startTime: v.startTime,
      endTime: v.endTime,
      exceptionDates: [...new Set(v.exceptionDates)].sort(),
    } satisfies Schedule,
  }))
  // A schedule with no date at all (毎週月曜 from a Tuesday to the Sunday after, or every date an exception) is a mistake.
  .superRefine((v, ctx) => {
    const { schedule } = v;
    const until = schedule.endDate ?? `${Number(schedule.startDate.slice(0, 4)) + 1}${schedule.startDate.slice(4)}`;
    if (scheduleDates(schedule, schedule.startDate, until).length === 0) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: [schedule.kind === "once" ? "startDate" : "weekdays"], message: "orgActivities.error.noDates" });
    }
  });
export type ActivityInput = z.output<typeof activitySchema>;

/** The form's fields from a posted FormData (arrays for the checkboxes). */
export function activityFormValues(form: FormData): ActivityFormValues {
  const text = (name: string) => formText(form, name);
  const list = (name: string) => formArray(form, name);
  return {
    title: text("title"),
    titleKana: text("titleKana"),
    description: text("description"),
    category: text("category"),
    audience: text("audience"),
    feeYen: text("feeYen"),
    feeNote: text("feeNote"),
    registrationRequired: text("registrationRequired"),
    capacity: text("capacity"),
    maxPartySize: text("maxPartySize"),
    applicationPhone: text("applicationPhone"),
    applicationMethod: text("applicationMethod"),
    welcomesSupported: text("welcomesSupported"),
    accessibilityNotes: text("accessibilityNotes"),
    trainingCourse: text("trainingCourse"),
    scheduleKind: text("scheduleKind"),
    interval: text("interval") || "1",
    weekdays: list("weekdays"),
    monthWeeks: list("monthWeeks"),
    startDate: text("startDate"),
    endDate: text("endDate"),
    startTime: text("startTime"),
    endTime: text("endTime"),
    exceptionDates: text("exceptionDates"),
  };
}

export const roleSchema = z.object({
  name: z.string().trim().min(1, "orgActivities.error.roleName").max(40, "orgActivities.error.tooLong"),
  description: z.string().trim().max(500, "orgActivities.error.tooLong"),
  slots: z
    .string()
    .trim()
    .regex(/^-?[0-9０-９]+$/, "orgActivities.error.slots")
    .transform((v) => Number(v.replace(/[０-９]/g, (c) => String(c.charCodeAt(0) - 0xff10))))
    .refine((n) => Number.isSafeInteger(n) && n > 0 && n <= 1000, "orgActivities.error.slots"),
  skills: z
    .string()
    .max(500, "orgActivities.error.tooLong")
    .transform((text) => [...new Set(text.split(/[,、\n]+/).map((s) => s.trim()).filter(Boolean))]),
  loadTags: z.array(z.enum(loadTags, { message: "orgActivities.error.loadTags" })).transform((tags) => [...new Set(tags)]),
  allowsOverlap: z.string().optional().transform((v) => v === "on" || v === "1"),
});
export type RoleInput = z.output<typeof roleSchema>;

export const cancelSchema = z.object({
  reason: z.string().trim().min(1, "orgActivities.error.reason").max(100, "orgActivities.error.tooLong"),
});

export const moveSchema = z
  .object({ date: dateString, startTime: timeString, endTime: timeString })
  .superRefine((v, ctx) => {
    if (v.endTime <= v.startTime) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["endTime"], message: "orgActivities.error.endBeforeStart" });
  });

export const noteSchema = z.object({ note: z.string().trim().max(300, "orgActivities.error.tooLong") });
