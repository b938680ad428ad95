import ical, { ICalEventStatus } from "ical-generator";
import type { Db } from "~/lib/db.server";
import type { Translate } from "~/lib/i18n";
import { getPublicActivity, listActivitySessions, listHubSessions } from "./activities.server";
import { getPublicHub } from "./hubs.server";
import { eventWindow, listEventSources } from "./opendata.server";

export interface CalendarSession {
  id: number;
  title: string;
  startsAt: Date;
  endsAt: Date;
  status: "scheduled" | "cancelled";
  cancelReason: string | null;
  note: string | null;
  description: string;
  location: string;
  url: string;
  lastModified: Date;
}

/**
 * An RFC 5545 calendar (built with ical-generator). Each session's UID is derived from its
 * occurrence id, so a calendar app that re-reads the feed updates the same event when a session
 * moves or is cancelled (STATUS:CANCELLED) instead of adding a copy. Times are written in UTC,
 * which every client shows in its own zone; the calendar also names Asia/Tokyo for display.
 */
export function buildCalendar(options: { name: string; host: string; url: string; cancelledPrefix: string; sessions: CalendarSession[] }): string {
  const calendar = ical({
    name: options.name,
    prodId: { company: "machinaeki", product: "machinaeki", language: "JA" },
    url: options.url,
    ttl: 60 * 60 * 6,
  });
  for (const session of options.sessions) {
    const cancelled = session.status === "cancelled";
    const description = [
      cancelled && session.cancelReason ? `${options.cancelledPrefix}${session.cancelReason}` : "",
      session.note ?? "",
      session.description,
      session.url,
    ]
      .filter(Boolean)
      .join("\n\n");
    calendar.createEvent({
      id: `occurrence-${session.id}@${options.host}`,
      start: session.startsAt,
      end: session.endsAt,
      summary: cancelled ? `${options.cancelledPrefix}${session.title}` : session.title,
      description,
      location: session.location,
      url: session.url,
      status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      lastModified: session.lastModified,
      stamp: session.lastModified,
      // RFC 5545 §3.8.7.4: clients take a higher SEQUENCE as the newer version of the event.
      sequence: Math.floor(+session.lastModified / 1000) % 2_000_000_000,
    });
  }
  return calendar.toString();
}

/** A Google Calendar "add this event" link (a plain URL; no account data leaves the site). */
export function googleCalendarLink(session: { title: string; startsAt: Date; endsAt: Date; location: string; details: string }): string {
  const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
  const params = new URLSearchParams({
    action: "TEMPLATE",
    text: session.title,
    dates: `${stamp(session.startsAt)}/${stamp(session.endsAt)}`,
    ctz: "Asia/Tokyo",
    location: session.location,
    details: session.details,
  });
  return `https://calendar.google.com/calendar/render?${params.toString()}`;
}

/** How far back a feed keeps sessions, so a calendar app does not drop last week's. */
const FEED_PAST_DAYS = 31;
const FEED_AHEAD_DAYS = 200;

function later(a: Date, b: Date): Date {
  return a > b ? a : b;
}

/** The iCalendar feed of a public hub: every session of its activities, past month to ~6 months ahead. */
export async function hubCalendar(db: Db, hubId: number, options: { origin: string; t: Translate; now?: Date }): Promise<string | undefined> {
  const hub = await getPublicHub(db, hubId);
  if (!hub) return undefined;
  const now = options.now ?? new Date();
  const sessions = await listHubSessions(db, hubId, {
    from: new Date(+now - FEED_PAST_DAYS * 86_400_000),
    to: new Date(+now + FEED_AHEAD_DAYS * 86_400_000),
  });
  return buildCalendar({
    name: options.t("calendar.name", { name: hub.name }),
    host: new URL(options.origin).hostname,
    url: `${options.origin}/hubs/${hub.id}`,
    cancelledPrefix: options.t("calendar.cancelledPrefix"),
    sessions: sessions.map((s) => ({
      ...s,
      location: `${hub.name}（${hub.address}）`,
      url: `${options.origin}/activities/${s.activityId}`,
      lastModified: later(s.updatedAt, s.activityUpdatedAt),
    })),
  });
}

/** The iCalendar feed of one activity at a public hub. */
export async function activityCalendar(db: Db, activityId: number, options: { origin: string; t: Translate; now?: Date }): Promise<string | undefined> {
  const activity = await getPublicActivity(db, activityId);
  if (!activity) return undefined;
  const now = options.now ?? new Date();
  const sessions = await listActivitySessions(db, activityId, {
    from: new Date(+now - FEED_PAST_DAYS * 86_400_000),
    to: new Date(+now + FEED_AHEAD_DAYS * 86_400_000),
  });
  return buildCalendar({
    name: options.t("calendar.name", { name: activity.title }),
    host: new URL(options.origin).hostname,
    url: `${options.origin}/activities/${activity.id}`,
    cancelledPrefix: options.t("calendar.cancelledPrefix"),
    sessions: sessions.map((s) => ({
      ...s,
      title: activity.title,
      description: activity.description,
      location: `${activity.hub.name}（${activity.hub.address}）`,
      url: `${options.origin}/activities/${activity.id}`,
      lastModified: later(s.updatedAt, activity.updatedAt),
    })),
  });
}

/**
 * The city-wide iCalendar of /opendata: every session of イベント一覧's window (today and the next
 * EVENT_HORIZON_DAYS days) at every public hub, cancelled ones as STATUS:CANCELLED.
 */
export async function cityCalendar(db: Db, options: { origin: string; t: Translate; name: string; now?: Date }): Promise<string> {
  const sessions = await listEventSources(db, eventWindow(options.now ?? new Date()));
  return buildCalendar({
    name: options.name,
    host: new URL(options.origin).hostname,
    url: `${options.origin}/opendata`,
    cancelledPrefix: options.t("calendar.cancelledPrefix"),
    sessions: sessions.map((s) => ({
      id: s.id,
      title: s.activity.title,
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      status: s.status,
      cancelReason: s.cancelReason,
      note: s.note,
      description: s.activity.description,
      location: `${s.hub.name}（${s.hub.address}）`,
      url: `${options.origin}/activities/${s.activityId}`,
      lastModified: later(later(s.updatedAt, s.activity.updatedAt), s.hub.updatedAt),
    })),
  });
}
