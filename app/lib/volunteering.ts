// The words volunteers, organisers and coordinators share: the availability grid, role load tags,
// needs (hard constraints or preferences, for 参加支援 too) and the listed skills. Client-safe.

/** Weekdays in the order a Japanese grid shows them (月…日); `getDay()` numbers in brackets. */
export const weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof weekdays)[number];
const weekdayByJsDay: readonly Weekday[] = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

/** Weekday code for a JavaScript day number (0 = Sunday). */
export function weekdayOfJsDay(day: number): Weekday {
  const weekday = weekdayByJsDay[day];
  if (!weekday) throw new RangeError(`not a day number: ${day}`);
  return weekday;
}

/** 午前 / 午後 / 夜. */
export const dayParts = ["morning", "afternoon", "evening"] as const;
export type DayPart = (typeof dayParts)[number];

/**
 * Where each part begins (hour in Asia/Tokyo). 午前 05:00–12:00, 午後 12:00–17:00, 夜 17:00–24:00;
 * the small hours (00:00–05:00) count as 夜 of the same date.
 */
export const dayPartStartHours = { morning: 5, afternoon: 12, evening: 17 } as const;

export function dayPartOfHour(hour: number): DayPart {
  if (hour >= dayPartStartHours.evening || hour < dayPartStartHours.morning) return "evening";
  if (hour >= dayPartStartHours.afternoon) return "afternoon";
  return "morning";
}

/** One cell of the grid: "wed.morning". */
export type AvailabilityCell = `${Weekday}.${DayPart}`;
export const availabilityCells: readonly AvailabilityCell[] = weekdays.flatMap((w) =>
  dayParts.map((p): AvailabilityCell => `${w}.${p}`),
);
export function splitCell(cell: AvailabilityCell): { weekday: Weekday; part: DayPart } {
  const weekday = weekdays.find((w) => cell.startsWith(`${w}.`)) ?? "mon";
  const part = dayParts.find((p) => cell.endsWith(`.${p}`)) ?? "morning";
  return { weekday, part };
}
export function isAvailabilityCell(value: string): value is AvailabilityCell {
  return (availabilityCells as readonly string[]).includes(value);
}

// What a role asks of the person doing it is its load tags: `app/lib/load-tags.ts`.

/**
 * What a person needs from a role: a hard constraint (never suggest otherwise) or a preference
 * (rank higher). The same words serve volunteers and 参加支援 participants.
 */
export const needs = ["low_conversation", "short", "mornings_only", "wheelchair", "avoid_crowds", "seated"] as const;
export type Need = (typeof needs)[number];
export function isNeed(value: string): value is Need {
  return (needs as readonly string[]).includes(value);
}

/** Skills a profile can pick from a list; free words are kept as typed. */
export const listedSkills = [
  "cooking",
  "reception",
  "exercise",
  "childcare",
  "tutoring",
  "music",
  "crafts",
  "digital",
  "driving",
  "cleaning",
  "gardening",
  "listening",
  "carrying",
  "languages",
  "first_aid",
] as const;
export type ListedSkill = (typeof listedSkills)[number];
export function isListedSkill(value: string): value is ListedSkill {
  return (listedSkills as readonly string[]).includes(value);
}

/** Compares skills as people type them: full-width and half-width alike, case and spaces ignored. */
export function normaliseSkill(value: string): string {
  return value.normalize("NFKC").trim().toLowerCase().replace(/\s+/g, " ");
}

/** A role counts as 短時間 when it is tagged so or lasts at most this long. */
export const SHORT_ROLE_MAX_MINUTES = 90;
/** 人混みが苦手: a session with at most this many people expected counts as small. */
export const SMALL_GROUP_MAX_PEOPLE = 15;
/** Walking minutes a profile may ask for (80 m per minute: 90 min ≈ 7 km). */
export const MAX_WALKING_MINUTES = 90;
