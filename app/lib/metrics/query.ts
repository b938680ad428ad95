import { customPeriod, fiscalYearOf, fiscalYearPeriod, type Period } from "./periods";

/** What the dashboard and its exports read from the URL, so a view can be bookmarked and shared. */
export interface DashboardQuery {
  period: Period;
  filters: { districtId?: number; associationId?: number; kindId?: number; categoryId?: number };
  page: number;
  radius: number;
  /** The custom range could not be read; the fiscal year is shown instead. */
  badRange: boolean;
  /** The query string of the period and filters, for links and exports. */
  search: string;
}

export const DEFAULT_RADIUS = 800;

/** Hubs per page of the dashboard's hub table (the page says 「N件ずつ」). */
export const HUB_PAGE_SIZE = 50;

/** Who may see the dashboard and its exports (checked in every loader and action). */
export const STAFF_ROLES = ["staff", "admin"] as const;

function positiveInt(value: string | null, max = 2_147_483_647): number | undefined {
  if (!value || !/^\d{1,10}$/.test(value)) return undefined;
  const n = Number(value);
  return n > 0 && n <= max ? n : undefined;
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
  const radius = Math.min(3000, Math.max(100, positiveInt(params.get("radius"), 100_000) ?? DEFAULT_RADIUS));
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
  return { period, filters, page, radius, badRange, search: search.toString() };
}

/** The 年度 of `?fy=` (2000–2100), or the current one: an organiser's records and their download. */
export function fiscalYearParam(params: URLSearchParams, now = new Date()): number {
  const year = positiveInt(params.get("fy"), 2100);
  return year !== undefined && year >= 2000 ? year : fiscalYearOf(now);
}
