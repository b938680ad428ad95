import { demo } from "./auth";

/**
 * The pages each role is meant to use, as route patterns (`:id` is one path segment), and where
 * each lands after logging in. The crawl (crawl.spec.ts) follows links from the home page and
 * fails if one of these is not reached: a page only a typed URL opens is a page nobody finds.
 * Keep this the one list: add a page here when a role gets one.
 */
export type Role = "anonymous" | "volunteer" | "organiser" | "coordinator" | "staff" | "admin";

export interface RoleCrawl {
  /** Demo account (tests/e2e/auth.ts); none for anonymous visitors. */
  email?: string;
  /** Where the role lands after logging in without a redirectTo (app/lib/roles.ts homePathFor). */
  home: string;
  /** Pages (route patterns, query ignored) that must be reached by links from home. */
  pages: string[];
  /** Downloads linked for the role: fetched and status-checked, never rendered. */
  downloads: string[];
  /** Pages that answer 4xx on purpose when reached by a link (pattern → status). */
  intendedClientErrors?: Record<string, number>;
}

const publicPages = ["/", "/hubs/:id", "/hubs/:id/print", "/activities/:id"];
const publicDownloads = ["/hubs/:id/calendar.ics", "/activities/:id/calendar.ics"];
/** The open data files, linked from /opendata (itself linked from every page's footer). */
const openDataDownloads = ["/opendata/events.csv", "/opendata/events.xlsx", "/opendata/facilities.csv", "/opendata/facilities.xlsx", "/opendata/events.ics", "/api/hubs.geojson"];
const volunteerPages = ["/volunteer", "/volunteer/profile", "/account"];
const organiserPages = [
  "/organise",
  "/organise/hubs/:id",
  "/organise/hubs/:id/activities/new",
  "/organise/activities/:id",
  "/organise/upcoming",
  "/organise/attendance",
  "/organise/occurrences/:id",
  "/organise/occurrences/:id/attendance",
  "/organise/occurrences/:id/reception",
];
const staffPages = ["/staff", "/staff/targets", "/staff/councils", "/staff/supporters", "/staff/surveys", "/staff/population", "/staff/kayoi", "/staff/kayoi/hubs/:id"];
const organiserDownloads = ["/organise/attendance.xlsx", "/organise/attendance.csv"];
const staffDownloads = ["/staff/indicators.csv", "/staff/hubs.csv", "/staff/indicators.xlsx", "/staff/hubs.xlsx", "/staff/kayoi.xlsx", "/staff/kayoi.csv"];

export const roleCrawls: Record<Role, RoleCrawl> = {
  // /councils (協議体 and 支えあいの仕組み) and /opendata are linked from the footer of every page.
  anonymous: { home: "/", pages: [...publicPages, "/councils", "/opendata", "/login", "/signup"], downloads: [...publicDownloads, ...openDataDownloads] },
  // /volunteer/sessions/:id is linked from a sign-up or a suggestion, which the demo volunteer
  // has only after acting (volunteer.spec.ts follows it); the calendar feed's address is shown
  // once, after a form, not linked.
  volunteer: { email: demo.volunteer, home: "/", pages: [...publicPages, ...volunteerPages], downloads: publicDownloads },
  organiser: { email: demo.organiser, home: "/organise", pages: [...organiserPages, ...volunteerPages], downloads: organiserDownloads },
  coordinator: {
    email: demo.coordinator,
    home: "/support",
    pages: ["/support", "/support/new", "/support/notifications", "/support/:id", "/support/:id/edit", "/support/:id/places", ...volunteerPages],
    downloads: [],
  },
  staff: { email: demo.staff, home: "/staff", pages: [...staffPages, ...publicPages, "/account"], downloads: staffDownloads },
  admin: {
    email: demo.admin,
    home: "/admin",
    pages: ["/admin", "/admin/users/:id", "/admin/associations", "/admin/hubs/new", "/admin/imports/facilities", "/admin/audit", "/admin/support", ...staffPages, ...organiserPages, "/account"],
    downloads: [...staffDownloads, ...organiserDownloads],
  },
};

/** The route pattern a path matches, of those given (`:id` matches one segment). */
export function matchPattern(pathname: string, patterns: readonly string[]): string | undefined {
  return patterns.find((pattern) => patternRegExp(pattern).test(pathname));
}

function patternRegExp(pattern: string): RegExp {
  const escaped = pattern
    .split("/")
    .map((segment) => (segment.startsWith(":") ? "[^/]+" : segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("/");
  return new RegExp(`^${escaped}$`);
}

/**
 * A page's shape: its path with ids replaced, and the names of its query parameters. The crawl
 * renders a few pages of each shape, not every hub or every filter combination.
 */
export function shapeOf(url: URL): string {
  const path = url.pathname
    .split("/")
    .map((segment) => (/^\d+$|^[0-9a-f-]{16,}$|^[\w-]{20,}$/i.test(segment) ? ":id" : segment))
    .join("/");
  const keys = [...new Set(url.searchParams.keys())].sort();
  return keys.length ? `${path}?${keys.join("&")}` : path;
}
