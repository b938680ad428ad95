// Explained matching of people to role slots: a pure function, no database, no clock of its own.
// Used for volunteers' suggestions, organisers' "who could help", and 参加支援 (docs/matching.md).
import { tz } from "@date-fns/tz";
import { addDays, getDay, getHours, startOfDay } from "date-fns";
import { formatDistance, haversineMetres, walkingMinutes, type LatLng } from "./geo";
import type { MessageKey } from "./i18n";
import { volunteers as volunteerMessages } from "./i18n/messages/volunteers";
import {
  dayPartOfHour,
  dayPartStartHours,
  isListedSkill,
  listedSkills,
  normaliseSkill,
  SHORT_ROLE_MAX_MINUTES,
  SMALL_GROUP_MAX_PEOPLE,
  splitCell,
  weekdayOfJsDay,
  type AvailabilityCell,
  type Need,
} from "./volunteering";
import type { LoadTag } from "./load-tags";

export const MATCHING_TIME_ZONE = "Asia/Tokyo";
const inTokyo = tz(MATCHING_TIME_ZONE);

export interface MatchPerson {
  /** Listed skill codes and free words. */
  skills: readonly string[];
  /** Category codes. */
  interests: readonly string[];
  /** The cells of the weekday × 午前/午後/夜 grid marked free; every other cell is busy. */
  availability: readonly AvailabilityCell[];
  /** Home area, already coarsened (about 250 m). */
  home: LatLng;
  maxWalkingMinutes: number;
  /** Never suggest a role that fails one of these. */
  constraints?: readonly Need[];
  /** Rank roles that meet these higher. */
  preferences?: readonly Need[];
  /** Has not helped before: roles tagged はじめてOK rank higher. */
  newcomer?: boolean;
}

export interface MatchCandidate {
  /** Identifies the slot for the caller (for example `${occurrenceId}:${roleId}`). */
  key: string;
  hub: LatLng & { accessibility?: readonly string[] };
  startsAt: Date;
  endsAt: Date;
  /** Category code, compared with the person's interests. */
  category: string;
  /** The category's name in the reader's language, for the reason text. */
  categoryLabel?: string;
  skillsWanted: readonly string[];
  loadTags: readonly LoadTag[];
  freeSlots: number;
  /** People expected at the session (participants and helpers), when known. */
  expectedPeople?: number;
}

/** A parameter is a literal, or a message key translated first (a skill's or weekday's name). */
export type ReasonParam = string | number | { key: MessageKey };
export interface MatchReason {
  key: MessageKey;
  params: Record<string, ReasonParam>;
}

/** Each part of the score; the weights are the maxima (docs/matching.md). */
export const SCORE_WEIGHTS = {
  distance: 25,
  skills: 25,
  interest: 20,
  welcome: 10,
  preferences: 10,
  soon: 10,
} as const;
export type ScoreParts = { [K in keyof typeof SCORE_WEIGHTS]: number };

/** Points per preference met, up to the preferences weight. */
const POINTS_PER_PREFERENCE = 5;
/** Sessions within this many days get the "soon" part, sooner more. */
const SOON_DAYS = 14;

export interface Suggestion<C extends MatchCandidate = MatchCandidate> {
  candidate: C;
  /** 0–100, rounded. */
  score: number;
  parts: ScoreParts;
  reasons: MatchReason[];
  distanceMetres: number;
  walkingMinutes: number;
}

export type Exclusion = "invalid_time" | "past" | "full" | "too_far" | "busy" | `constraint:${Need}`;

export type Evaluation<C extends MatchCandidate> =
  | { ok: true; suggestion: Suggestion<C> }
  | { ok: false; exclusions: Exclusion[] };

export interface MatchOptions {
  now: Date;
  /** At most this many suggestions (all by default). */
  limit?: number;
}

/**
 * The grid cells a session touches, in Asia/Tokyo whatever the process's time zone. A session
 * from 11:00 to 13:00 on a Wednesday touches wed.morning and wed.afternoon.
 */
export function cellsCovered(startsAt: Date, endsAt: Date): AvailabilityCell[] {
  const cells: AvailabilityCell[] = [];
  let cursor = startsAt.getTime();
  const end = endsAt.getTime();
  // Tokyo has no daylight saving, but the boundaries are still computed as wall-clock times.
  while (cursor < end) {
    const weekday = weekdayOfJsDay(getDay(cursor, { in: inTokyo }));
    const hour = getHours(cursor, { in: inTokyo });
    const part = dayPartOfHour(hour);
    const cell: AvailabilityCell = `${weekday}.${part}`;
    if (cells[cells.length - 1] !== cell) cells.push(cell);
    cursor = nextBoundary(cursor, hour);
  }
  return cells;
}

/** The next wall-clock hour (05, 12, 17 or 24) at which the day part changes. */
function nextBoundary(instant: number, hour: number): number {
  const day = startOfDay(instant, { in: inTokyo });
  const boundaries = [dayPartStartHours.morning, dayPartStartHours.afternoon, dayPartStartHours.evening, 24];
  const next = boundaries.find((b) => b > hour) ?? 24;
  if (next === 24) return addDays(day, 1).getTime();
  return day.getTime() + next * 3_600_000;
}

/** Whether a candidate meets a need (used both for hard constraints and for preferences). */
export function meetsNeed(need: Need, candidate: MatchCandidate, cells = cellsCovered(candidate.startsAt, candidate.endsAt)): boolean {
  switch (need) {
    case "low_conversation":
      return candidate.loadTags.includes("quiet") || candidate.loadTags.includes("solo");
    case "short":
      return candidate.loadTags.includes("short") || durationMinutes(candidate) <= SHORT_ROLE_MAX_MINUTES;
    case "mornings_only":
      return cells.length > 0 && cells.every((cell) => cell.endsWith(".morning"));
    case "wheelchair":
      return candidate.hub.accessibility?.includes("step_free") ?? false;
    case "avoid_crowds":
      return candidate.expectedPeople !== undefined && candidate.expectedPeople <= SMALL_GROUP_MAX_PEOPLE;
    case "seated":
      return candidate.loadTags.includes("seated");
  }
}

function durationMinutes(candidate: MatchCandidate): number {
  return (candidate.endsAt.getTime() - candidate.startsAt.getTime()) / 60_000;
}

/** Listed skills match their Japanese or English names typed as free words. */
const skillByName = new Map<string, string>();
for (const code of listedSkills) {
  skillByName.set(code, code);
  skillByName.set(normaliseSkill(volunteerMessages.ja[`skill.${code}`]), code);
  skillByName.set(normaliseSkill(volunteerMessages.en[`skill.${code}`]), code);
}
function canonicalSkill(value: string): string {
  const normalised = normaliseSkill(value);
  return skillByName.get(normalised) ?? normalised;
}
function skillParam(value: string): ReasonParam {
  const canonical = canonicalSkill(value);
  return isListedSkill(canonical) ? { key: `skill.${canonical}` } : value.trim();
}

/** Decides whether a candidate may be suggested to a person and, if so, scores and explains it. */
export function evaluateCandidate<C extends MatchCandidate>(person: MatchPerson, candidate: C, options: MatchOptions): Evaluation<C> {
  const exclusions: Exclusion[] = [];
  const start = candidate.startsAt.getTime();
  const end = candidate.endsAt.getTime();
  if (!Number.isFinite(start) || !Number.isFinite(end) || end <= start) return { ok: false, exclusions: ["invalid_time"] };
  if (start <= options.now.getTime()) exclusions.push("past");
  if (!(candidate.freeSlots > 0)) exclusions.push("full");

  const distanceMetres = haversineMetres(person.home, candidate.hub);
  const minutes = walkingMinutes(distanceMetres);
  if (!(minutes <= person.maxWalkingMinutes)) exclusions.push("too_far");

  const cells = cellsCovered(candidate.startsAt, candidate.endsAt);
  const free = new Set(person.availability);
  if (!cells.every((cell) => free.has(cell))) exclusions.push("busy");

  for (const need of person.constraints ?? []) {
    if (!meetsNeed(need, candidate, cells)) exclusions.push(`constraint:${need}`);
  }
  if (exclusions.length > 0) return { ok: false, exclusions };

  const reasons: MatchReason[] = [
    { key: "match.reason.walk", params: { minutes, distance: formatDistance(distanceMetres) } },
    availabilityReason(cells),
  ];

  // Skills: the share of the wanted skills the person has.
  const mine = new Set(person.skills.map(canonicalSkill));
  const matched = candidate.skillsWanted.filter((skill) => mine.has(canonicalSkill(skill)));
  for (const skill of matched) reasons.push({ key: "match.reason.skill", params: { skill: skillParam(skill) } });
  const wanted = new Set(candidate.skillsWanted.map(canonicalSkill)).size;
  const matchedDistinct = new Set(matched.map(canonicalSkill)).size;

  const interested = person.interests.includes(candidate.category);
  if (interested) reasons.push({ key: "match.reason.interest", params: { category: candidate.categoryLabel ?? candidate.category } });

  const welcomesNewcomers = candidate.loadTags.includes("first_timers");
  if (welcomesNewcomers) reasons.push({ key: "match.reason.firstTimerOk", params: {} });

  const needsShown = new Set<Need>(person.constraints ?? []);
  const preferencesMet = (person.preferences ?? []).filter((need) => meetsNeed(need, candidate, cells));
  for (const need of preferencesMet) needsShown.add(need);
  for (const need of needsShown) reasons.push({ key: `match.need.${need}`, params: {} });

  const daysUntil = (start - options.now.getTime()) / 86_400_000;
  const parts: ScoreParts = {
    distance: SCORE_WEIGHTS.distance * Math.max(0, 1 - minutes / Math.max(1, person.maxWalkingMinutes)),
    skills: wanted === 0 ? 0 : (SCORE_WEIGHTS.skills * matchedDistinct) / wanted,
    interest: interested ? SCORE_WEIGHTS.interest : 0,
    welcome: welcomesNewcomers && person.newcomer ? SCORE_WEIGHTS.welcome : 0,
    preferences: Math.min(SCORE_WEIGHTS.preferences, preferencesMet.length * POINTS_PER_PREFERENCE),
    soon: SCORE_WEIGHTS.soon * Math.max(0, 1 - daysUntil / SOON_DAYS),
  };
  const score = Math.round(Object.values(parts).reduce((sum, part) => sum + part, 0));
  return { ok: true, suggestion: { candidate, score, parts, reasons, distanceMetres, walkingMinutes: minutes } };
}

function availabilityReason(cells: readonly AvailabilityCell[]): MatchReason {
  const first = splitCell(cells[0] ?? "mon.morning");
  const last = splitCell(cells[cells.length - 1] ?? "mon.morning");
  if (cells.some((cell) => splitCell(cell).weekday !== first.weekday)) return { key: "match.reason.availableAcrossDays", params: {} };
  if (first.part === last.part) {
    return { key: "match.reason.available", params: { weekday: { key: `weekday.${first.weekday}` }, part: { key: `dayPart.${first.part}` } } };
  }
  return {
    key: "match.reason.availableSpan",
    params: { weekday: { key: `weekday.${first.weekday}` }, from: { key: `dayPart.${first.part}` }, to: { key: `dayPart.${last.part}` } },
  };
}

/**
 * Ranks the candidates a person may be offered: best score first, then the sooner, then the nearer,
 * then by key so the order is stable. Anything breaking a hard rule is left out.
 */
export function rankCandidates<C extends MatchCandidate>(person: MatchPerson, candidates: readonly C[], options: MatchOptions): Suggestion<C>[] {
  const suggestions: Suggestion<C>[] = [];
  for (const candidate of candidates) {
    const evaluation = evaluateCandidate(person, candidate, options);
    if (evaluation.ok) suggestions.push(evaluation.suggestion);
  }
  suggestions.sort(
    (a, b) =>
      b.score - a.score ||
      a.candidate.startsAt.getTime() - b.candidate.startsAt.getTime() ||
      a.distanceMetres - b.distanceMetres ||
      (a.candidate.key < b.candidate.key ? -1 : a.candidate.key > b.candidate.key ? 1 : 0),
  );
  return options.limit === undefined ? suggestions : suggestions.slice(0, options.limit);
}

/** Puts a reason into words: `formatReason(t, reason)` → "徒歩8分（600m）". */
export function formatReason(t: (key: MessageKey, params?: Record<string, string | number>) => string, reason: MatchReason): string {
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(reason.params)) {
    params[name] = typeof value === "object" ? t(value.key) : value;
  }
  return t(reason.key, params);
}
