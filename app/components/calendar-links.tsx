import { useT } from "~/lib/i18n";

/** "Add to calendar": subscribe to the feed (webcal-free plain link), and optionally Google for the next session. */
export function CalendarLinks({ icsPath, googleUrl }: { icsPath: string; googleUrl?: string }) {
  const t = useT();
  return (
    <div className="calendar-links">
      <h3>{t("calendar.add")}</h3>
      <ul className="link-list">
        <li>
          <a href={icsPath} type="text/calendar">
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
