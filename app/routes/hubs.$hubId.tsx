import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { CalendarLinks } from "~/components/calendar-links";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { MapPanel } from "~/components/map-panel";
import { SessionList } from "~/components/session-list";
import { accessibilityLabelKey, isAccessibilityFeature } from "~/lib/accessibility";
import { monthBounds, rangeBounds, tokyoMonth } from "~/lib/dates";
import { getDb } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { invariantResponse, parseId, requestOrigin } from "~/lib/http.server";
import { getTranslate, type MessagesHandle, pickLabel, useLocale, useT } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import type { loader as rootLoader } from "~/root";
import { describeSchedule } from "~/lib/schedule-words";
import { listHubActivities, listHubSessions } from "~/services/activities.server";
import { getPublicHub } from "~/services/hubs.server";
import { hubThisMonth } from "~/services/metrics.server";
import { ensureOccurrencesAhead } from "~/services/occurrences.server";
import { details } from "~/lib/i18n/messages/details";

export const handle = { messages: [details] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  if (!data) return [{ title: "まちなえき" }];
  const t = getTranslate(data.locale, matches);
  return [{ title: `${data.hub.name} | ${t("common.appName")}` }, { name: "description", content: data.hub.description.slice(0, 150) }];
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = await getDb();
  const hub = await getPublicHub(db, parseId(params.hubId));
  invariantResponse(hub, 404, "hub not found");
  await ensureOccurrencesAhead(db);
  const now = new Date();
  const { from } = rangeBounds("today", now);
  const [sessions, activityRows, thisMonthFigures] = await Promise.all([
    listHubSessions(db, hub.id, { from, to: new Date(+from + 28 * 86_400_000) }),
    listHubActivities(db, hub.id),
    hubThisMonth(db, hub.id, now),
  ]);
  const thisMonth = tokyoMonth(now);
  return json({
    locale: getLocale(request),
    hub,
    feedUrl: `${requestOrigin(request, getEnv().PUBLIC_ORIGIN)}/hubs/${hub.id}/calendar.ics`,
    sessions: sessions.filter((s) => s.endsAt > now),
    activities: activityRows,
    // Already suppressed on the server: a hidden count never reaches the page.
    thisMonth: thisMonthFigures ? { sessions: thisMonthFigures.sessions.text, participants: thisMonthFigures.participants.text } : null,
    months: { current: thisMonth, next: tokyoMonth(new Date(+monthBounds(thisMonth).to + 86_400_000)) },
  });
}

export default function HubPage() {
  const { hub, sessions, activities, months, thisMonth, feedUrl } = useLoaderData<typeof loader>();
  const root = useRouteLoaderData<typeof rootLoader>("root");
  const t = useT();
  const locale = useLocale();
  const mapsUrl = `https://www.openstreetmap.org/?mlat=${hub.lat}&mlon=${hub.lng}#map=18/${hub.lat}/${hub.lng}`;
  return (
    <article className="hub-page">
      <p className="breadcrumb">
        <Link to="/">{t("hub.back")}</Link>
      </p>
      <h1>{hub.name}</h1>
      <p className="hub-kind">
        {pickLabel(locale, { labelJa: hub.kindLabelJa, labelEn: hub.kindLabelEn })}・{hub.districtName}
      </p>
      <div className="hub-page-grid">
        <div>
          {hub.description ? (
            <section aria-labelledby="about">
              <h2 id="about">{t("hub.about")}</h2>
              {hub.description.split("\n").map((paragraph, i) => (
                <p key={i}>{paragraph}</p>
              ))}
            </section>
          ) : null}
          <section aria-labelledby="upcoming">
            <h2 id="upcoming">{t("hub.upcoming")}</h2>
            <SessionList sessions={sessions} empty={t("hub.upcoming.none")} />
            <CalendarLinks feedUrl={feedUrl} />
            <ul className="link-list">
              <li>
                <Link to={`/hubs/${hub.id}/print?month=${months.current}`}>{t("hub.print")}</Link>
              </li>
              <li>
                <Link to={`/hubs/${hub.id}/print?month=${months.next}`}>{t("hub.printNext")}</Link>
              </li>
            </ul>
          </section>
          {thisMonth ? (
            <section aria-labelledby="this-month">
              <h2 id="this-month">{t("hub.thisMonth.title")}</h2>
              <p>{t("hub.thisMonth.summary", { sessions: thisMonth.sessions, participants: thisMonth.participants })}</p>
              <p className="hint">{t("hub.thisMonth.note")}</p>
            </section>
          ) : null}
          <section aria-labelledby="activities">
            <h2 id="activities">{t("hub.activities")}</h2>
            {activities.length > 0 ? (
              <ul className="link-list">
                {activities.map((a) => (
                  <li key={a.id}>
                    <Link to={`/activities/${a.id}`}>{a.title}</Link>
                    <span className="hint"> {describeSchedule(a.schedule, t, locale)}</span>
                  </li>
                ))}
              </ul>
            ) : (
              <p>{t("hub.activities.none")}</p>
            )}
          </section>
          <section aria-labelledby="where">
            <h2 id="where">{t("hub.where")}</h2>
            <p>{hub.address}</p>
            {hub.parkingInfo ? <p>{t("hub.parking", { parking: hub.parkingInfo })}</p> : null}
            <p>
              <a href={mapsUrl} rel="noreferrer">
                {t("hub.openInMap")}
              </a>
            </p>
          </section>
          <section aria-labelledby="served">
            <h2 id="served">{t("hub.associations")}</h2>
            {hub.associations.length > 0 ? (
              <ul>
                {hub.associations.map((name) => (
                  <li key={name}>{name}</li>
                ))}
              </ul>
            ) : (
              <p>{t("hub.noAssociations")}</p>
            )}
          </section>
          <section aria-labelledby="access">
            <h2 id="access">{t("hub.accessibility")}</h2>
            {hub.accessibility.length > 0 ? (
              <ul>
                {hub.accessibility.filter(isAccessibilityFeature).map((feature) => (
                  <li key={feature}>{t(accessibilityLabelKey(feature))}</li>
                ))}
              </ul>
            ) : (
              <p>{t("hub.noAccessibilityInfo")}</p>
            )}
          </section>
          <section aria-labelledby="contact">
            <h2 id="contact">{t("hub.contact")}</h2>
            {hub.contactPhone || hub.contactEmail || hub.contactNote ? (
              <dl className="contact">
                {hub.contactPhone ? (
                  <>
                    <dt>{t("hub.phone")}</dt>
                    <dd>
                      <a href={`tel:${hub.contactPhone.replace(/[^\d+]/g, "")}`}>{hub.contactPhone}</a>
                    </dd>
                  </>
                ) : null}
                {hub.contactEmail ? (
                  <>
                    <dt>{t("hub.email")}</dt>
                    <dd>
                      <a href={`mailto:${hub.contactEmail}`}>{hub.contactEmail}</a>
                    </dd>
                  </>
                ) : null}
                {hub.contactNote ? (
                  <>
                    <dt>{t("hub.contactNote")}</dt>
                    <dd>{hub.contactNote}</dd>
                  </>
                ) : null}
              </dl>
            ) : (
              <p>{t("hub.noContact")}</p>
            )}
          </section>
        </div>
        <section className="hub-page-map" aria-labelledby="map-title">
          <h2 id="map-title" className="visually-hidden">
            {t("map.title")}
          </h2>
          <MapPanel
            tileUrl={root?.env.mapTileUrl ?? ""}
            attribution={root?.env.mapTileAttribution ?? ""}
            hubs={[{ id: hub.id, name: hub.name, lat: hub.lat, lng: hub.lng }]}
          />
        </section>
      </div>
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
