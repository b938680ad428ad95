import { useT } from "~/lib/i18n";

/**
 * The same feed at `webcal://`: a phone or computer then subscribes to it (and re-reads it, so
 * moves and cancellations follow), where the https link imports the file once.
 */
export function webcalUrl(feedUrl: string): string {
  return feedUrl.replace(/^https?:\/\//, "webcal://");
}

/**
 * "Add to calendar": subscribe to the feed (webcal://), download it once (https), and optionally
 * Google for the next session. `feedUrl` is absolute (webcal needs the host).
 */
export function CalendarLinks({ feedUrl, googleUrl }: { feedUrl: string; googleUrl?: string }) {
  const t = useT();
  return (
    <div className="calendar-links">
      <h3>{t("calendar.add")}</h3>
      <ul className="link-list">
        <li>
          <a href={webcalUrl(feedUrl)}>{t("calendar.subscribe")}</a>
        </li>
        <li>
          <a href={feedUrl} type="text/calendar">
            {t("calendar.ics")}
          </a>
        </li>
        {googleUrl ? (
          <li>
            <a href={googleUrl} rel="noreferrer">
              {t("calendar.google")}
            </a>
          </li>
        ) : null}
      </ul>
      <p className="hint">{t("calendar.hint")}</p>
    </div>
  );
}
