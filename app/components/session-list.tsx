import { Link } from "@remix-run/react";
import { formatSession, formatSessionStart, tokyoInstant } from "~/lib/dates";
import { useLocale, useT, type Locale, type Translate } from "~/lib/i18n";

export interface SessionEntry {
  id: number;
  startsAt: string;
  endsAt: string;
  status: "scheduled" | "cancelled";
  cancelReason: string | null;
  note: string | null;
  moved: boolean;
  /** The schedule's date and start time ("2026-12-05", "10:00:00"): where a moved session was. */
  originalDate: string;
  scheduledStartTime: string;
  /** With a title, each entry links to its activity (hub page); without, the activity page lists its own dates. */
  title?: string;
  activityId?: number;
  /** Free role slots at this session, when the activity has roles. */
  helpersWanted?: number | null;
  /** Where a resident applies for this session, when the activity takes applications. */
  applyPath?: string;
  /** Participants' places left (0: full, applying means waiting; null: no limit). */
  placesLeft?: number | null;
}

/**
 * 「12月5日(土) 10:00から変更」: a moved session says where the schedule had it, so a regular
 * knows not to come then (「日時変更」 alone when that is where it still is).
 */
export function movedText(s: Pick<SessionEntry, "startsAt" | "originalDate" | "scheduledStartTime">, t: Translate, locale: Locale): string {
  const scheduled = tokyoInstant(s.originalDate, s.scheduledStartTime);
  return +scheduled === +new Date(s.startsAt) ? t("activity.moved") : t("activity.movedFrom", { when: formatSessionStart(scheduled, locale) });
}

/** Dated sessions in time order; cancelled ones stay in the list, struck through and labelled. */
export function SessionList({ sessions, empty }: { sessions: SessionEntry[]; empty: string }) {
  const t = useT();
  const locale = useLocale();
  const movedLabel = (s: SessionEntry) => movedText(s, t, locale);
  if (sessions.length === 0) return <p className="empty">{empty}</p>;
  return (
    <ul className="session-list">
      {sessions.map((s) => {
        const cancelled = s.status === "cancelled";
        const when = formatSession(s.startsAt, s.endsAt, locale);
        return (
          <li key={s.id} className={cancelled ? "session is-cancelled" : "session"}>
            <span className="session-when">{cancelled ? <s>{when}</s> : when}</span>
            {s.title && s.activityId ? (
              <Link to={`/activities/${s.activityId}`} className="session-title">
                {cancelled ? <s>{s.title}</s> : s.title}
              </Link>
            ) : null}
            {cancelled ? (
              <strong className="badge badge-cancelled">
                {s.cancelReason ? t("activities.cancelledWithReason", { reason: s.cancelReason }) : t("activities.cancelled")}
              </strong>
            ) : null}
            {s.moved && !cancelled ? <strong className="badge">{movedLabel(s)}</strong> : null}
            {typeof s.helpersWanted === "number" ? (
              <span className="session-helpers">{s.helpersWanted > 0 ? t("activity.helpersWanted", { free: s.helpersWanted }) : t("activity.helpersFull")}</span>
            ) : null}
            {s.note ? <span className="session-note">{t("activity.note", { note: s.note })}</span> : null}
            {typeof s.placesLeft === "number" ? (
              <span className="session-helpers">{s.placesLeft > 0 ? t("activity.placesLeft", { free: s.placesLeft }) : t("activity.placesFull")}</span>
            ) : null}
            {s.applyPath ? (
              <Link to={s.applyPath} className="button small session-apply" aria-label={t("activity.applyFor", { when })}>
                {t("activity.apply")}
              </Link>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
