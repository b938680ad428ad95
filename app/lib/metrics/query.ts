import { WALKING_METRES_PER_MINUTE } from "~/lib/geo";
import { customPeriod, fiscalYearOf, fiscalYearPeriod, type Period } from "./periods";

/** What the dashboard and its exports read from the URL, so a view can be bookmarked and shared. */
export interface DashboardQuery {
  period: Period;
  filters: { districtId?: number; associationId?: number; kindId?: number; categoryId?: number };
  page: number;
  /** The coverage view's walking time in minutes, and the distance it means (at 80 m a minute). */
  walkMinutes: number;
  radius: number;
  /** The custom range could not be read; the fiscal year is shown instead. */
  badRange: boolean;
  /** The query string of the period and filters, for links and exports. */
  search: string;
}

/** Walking times the coverage view offers; 10 minutes (800 m) is the usual 徒歩圏 of a neighbourhood hub. */
export const WALK_MINUTES = [5, 10, 15, 20, 30] as const;
export const DEFAULT_WALK_MINUTES = 10;

/** Hubs per page of the dashboard's hub table (the page says 「N件ずつ」). */
export const HUB_PAGE_SIZE = 50;

/** Who may see the dashboard and its exports (checked in every loader and action). */
export const STAFF_ROLES = ["staff", "admin"] as const;

function positiveInt(value: string | null, max = 2_147_483_647): number | undefined {
  if (!value || !/^\d{1,10}$/.test(value)) return undefined;
  const n = Number(value);
  return n > 0 && n <= max ? n : undefined;
}

function nearestWalk(metres: number): number {
  const minutes = metres / WALKING_METRES_PER_MINUTE;
  return WALK_MINUTES.reduce((best, m) => (Math.abs(m - minutes) < Math.abs(best - minutes) ? m : best));
}

export function parseDashboardQuery(params: URLSearchParams, now = new Date()): DashboardQuery {
  const year = positiveInt(params.get("fy"), 2100);
  let period = fiscalYearPeriod(year !== undefined && year >= 2000 ? year : fiscalYearOf(now));
  let badRange = false;
  const from = params.get("from");
  const to = params.get("to");
  if (from || to) {
    const custom = customPeriod(from ?? "", to ?? "");
    if (custom) period = custom;
    else badRange = true;
  }
  const filters = {
    districtId: positiveInt(params.get("district")),
    associationId: positiveInt(params.get("association")),
    kindId: positiveInt(params.get("kind")),
    categoryId: positiveInt(params.get("category")),
  };
  // `walk` (minutes, one of the form's choices) is what the form sends; `radius` (metres) is what
  // earlier links carry: the nearest choice stands for it.
  const walk = positiveInt(params.get("walk"), 1000);
  const legacyRadius = positiveInt(params.get("radius"), 100_000);
  const walkMinutes = WALK_MINUTES.find((m) => m === walk) ?? (legacyRadius === undefined ? DEFAULT_WALK_MINUTES : nearestWalk(legacyRadius));
  const radius = walkMinutes * WALKING_METRES_PER_MINUTE;
  const page = Math.min(10_000, (positiveInt(params.get("page")) ?? 1) - 1);
  const search = new URLSearchParams();
  if (period.fiscalYear !== undefined && !from) search.set("fy", String(period.fiscalYear));
  else if (!badRange) {
    search.set("from", from ?? "");
    search.set("to", to ?? "");
  }
  if (filters.districtId) search.set("district", String(filters.districtId));
  if (filters.associationId) search.set("association", String(filters.associationId));
  if (filters.kindId) search.set("kind", String(filters.kindId));
  if (filters.categoryId) search.set("category", String(filters.categoryId));
  return { period, filters, page, walkMinutes, radius, badRange, search: search.toString() };
}

/** The 年度 of `?fy=` (2000–2100), or the current one: an organiser's records and their download. */
export function fiscalYearParam(params: URLSearchParams, now = new Date()): number {
  const year = positiveInt(params.get("fy"), 2100);
  return year !== undefined && year >= 2000 ? year : fiscalYearOf(now);
}
