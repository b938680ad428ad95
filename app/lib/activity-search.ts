import type { AccessibilityFeature } from "./accessibility";
import type { DateRange } from "./dates";
import type { LatLng } from "./geo";
import type { MessageKey } from "./i18n";
import { readFeatures, readNear, readPage } from "./search-params";

export const audiences = ["everyone", "seniors", "families", "disabilities", "youth"] as const;
export type Audience = (typeof audiences)[number];
export const timesOfDay = ["morning", "afternoon", "evening"] as const;
/** 午前 (before 12:00), 午後 (12:00–17:00), 夜 (from 17:00), by the session's start in Tokyo. */
export type TimeOfDay = (typeof timesOfDay)[number];
export const dateRanges = ["today", "week", "month"] as const;
/** Walking minutes a resident can choose (80 m a minute). */
export const walkingLimits = [5, 10, 15, 20, 30] as const;

export interface ActivitySearch {
  category?: string;
  weekdays: number[];
  timeOfDay?: TimeOfDay;
  audience?: Audience;
  features: AccessibilityFeature[];
  free: boolean;
  range?: DateRange;
  near?: LatLng;
  withinMinutes?: number;
  page: number;
  notices: MessageKey[];
}

function isOneOf<T extends string>(list: readonly T[], value: string): value is T {
  return (list as readonly string[]).includes(value);
}

/** Reads `/?view=activities&category=&day=&time=&audience=&access=&free=1&when=&near=&within=&page=` leniently. */
export function parseActivitySearch(params: URLSearchParams, known: { categories: ReadonlySet<string> }): ActivitySearch {
  const notices = new Set<MessageKey>();
  const search: ActivitySearch = { weekdays: [], features: [], free: false, page: 1, notices: [] };
  const unknown = () => notices.add("search.notice.unknownFilter");

  const category = params.get("category");
  if (category) {
    if (known.categories.has(category)) search.category = category;
    else unknown();
  }
  for (const day of params.getAll("day")) {
    if (!day) continue;
    const n = Number(day);
    if (Number.isInteger(n) && n >= 1 && n <= 7) {
      if (!search.weekdays.includes(n)) search.weekdays.push(n);
    } else unknown();
  }
  search.weekdays.sort((a, b) => a - b);
  const time = params.get("time");
  if (time) {
    if (isOneOf(timesOfDay, time)) search.timeOfDay = time;
    else unknown();
  }
  const audience = params.get("audience");
  if (audience) {
    if (isOneOf(audiences, audience)) search.audience = audience;
    else unknown();
  }
  search.features = readFeatures(params, notices);
  search.free = params.get("free") === "1";
  const when = params.get("when");
  if (when) {
    if (isOneOf(dateRanges, when)) search.range = when;
    else unknown();
  }
  const near = readNear(params, notices);
  if (near) search.near = near;
  const within = params.get("within");
  if (within) {
    const n = Number(within);
    if ((walkingLimits as readonly number[]).includes(n)) search.withinMinutes = n;
    else unknown();
  }
  search.page = readPage(params, notices);
  search.notices = [...notices];
  return search;
}

/** The query string for an activity search, with some fields changed. */
export function activitySearchQuery(
  search: Omit<ActivitySearch, "notices">,
  changes: Partial<Omit<ActivitySearch, "notices">> = {},
): string {
  const next = { ...search, ...changes };
  const params = new URLSearchParams({ view: "activities" });
  if (next.near) params.set("near", `${next.near.lat},${next.near.lng}`);
  if (next.withinMinutes) params.set("within", String(next.withinMinutes));
  if (next.category) params.set("category", next.category);
  for (const day of next.weekdays) params.append("day", String(day));
  if (next.timeOfDay) params.set("time", next.timeOfDay);
  if (next.audience) params.set("audience", next.audience);
  for (const feature of next.features) params.append("access", feature);
  if (next.free) params.set("free", "1");
  if (next.range) params.set("when", next.range);
  if (next.page > 1) params.set("page", String(next.page));
  return `?${params.toString()}`;
}
