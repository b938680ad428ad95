import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { formatCalendarDate, formatTimestamp } from "~/lib/dates";
import { getDb } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { getTranslate, type MessageKey, type MessagesHandle, useT } from "~/lib/i18n";
import { opendata } from "~/lib/i18n/messages/opendata";
import { getLocale } from "~/lib/locale.server";
import { ensureOccurrencesAhead } from "~/services/occurrences.server";
import { EVENT_HORIZON_DAYS, openDataCatalogue } from "~/services/opendata.server";

// The city's open data: each data set with its formats, licence, number of records, update time
// and download links. Public, no login; linked from every page's footer.

export const handle = { messages: [opendata] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = getTranslate(data?.locale ?? "ja", matches);
  return [{ title: `${t("opendata.title")} | ${t("common.appName")}` }];
};

export async function loader({ request }: LoaderFunctionArgs) {
  const env = getEnv();
  const locale = getLocale(request);
  const db = await getDb();
  await ensureOccurrencesAhead(db);
  const catalogue = await openDataCatalogue(db);
  const updated = (date: Date | null) => (date ? formatTimestamp(date, locale) : null);
  return json({
    locale,
    publisher: { code: env.MUNICIPALITY_CODE, prefecture: env.PREFECTURE_NAME, city: env.MUNICIPALITY_NAME },
    licence: { name: env.OPEN_DATA_LICENCE, url: env.OPEN_DATA_LICENCE_URL },
    window: { days: EVENT_HORIZON_DAYS, from: formatCalendarDate(catalogue.window.from, locale), to: formatCalendarDate(catalogue.window.to, locale) },
    events: { count: catalogue.events.count, sessions: catalogue.events.sessions, updated: updated(catalogue.events.updatedAt) },
    facilities: { count: catalogue.facilities.count, updated: updated(catalogue.facilities.updatedAt) },
    hubs: { count: catalogue.hubs.count, updated: updated(catalogue.hubs.updatedAt) },
  });
}

interface Download {
  href: string;
  label: string;
}

function Dataset(props: { id: string; title: string; about: string; format: string; records: string; updated: string | null; downloads: Download[] }) {
  const t = useT();
  return (
    <section aria-labelledby={props.id} className="opendata-set">
      <h2 id={props.id}>{props.title}</h2>
      <p>{props.about}</p>
      <dl className="facts">
        <dt>{t("opendata.format")}</dt>
        <dd>{props.format}</dd>
        <dt>{t("opendata.records")}</dt>
        <dd>{props.records}</dd>
        <dt>{t("opendata.updated")}</dt>
        <dd>{props.updated ?? t("opendata.updatedNone")}</dd>
        <dt>{t("opendata.download")}</dt>
        <dd>
          <ul className="link-list">
            {props.downloads.map((d) => (
              <li key={d.href}>
                {/* Plain links with `download`: files, not pages (no client-side navigation). */}
                <a href={d.href} download>
                  {d.label}
                </a>
              </li>
            ))}
          </ul>
        </dd>
      </dl>
    </section>
  );
}

export default function OpenDataPage() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const count = (n: number, key: MessageKey = "opendata.recordsValue") => t(key, { count: n });
  const { city } = data.publisher;
  return (
    <article className="opendata-page">
      <h1>{t("opendata.title")}</h1>
      <p>{t("opendata.intro", { city })}</p>
      <p>{t("opendata.publisher", data.publisher)}</p>
      <p>
        {t("opendata.licence")}
        <a href={data.licence.url} rel="license noreferrer">
          {data.licence.name}
        </a>
        {" "}
        {t("opendata.licenceNote", { city })}
      </p>
      <Dataset
        id="events"
        title={t("opendata.events.title")}
        about={t("opendata.events.about", { days: data.window.days, from: data.window.from, to: data.window.to })}
        format={`${t("opendata.csv")}、${t("opendata.xlsx")}`}
        records={count(data.events.count)}
        updated={data.events.updated}
        downloads={[
          { href: "/opendata/events.csv", label: `${t("opendata.events.title")}（${t("opendata.csv")}）` },
          { href: "/opendata/events.xlsx", label: `${t("opendata.events.title")}（xlsx）` },
        ]}
      />
      <Dataset
        id="facilities"
        title={t("opendata.facilities.title")}
        about={t("opendata.facilities.about")}
        format={`${t("opendata.csv")}、${t("opendata.xlsx")}`}
        records={count(data.facilities.count)}
        updated={data.facilities.updated}
        downloads={[
          { href: "/opendata/facilities.csv", label: `${t("opendata.facilities.title")}（${t("opendata.csv")}）` },
          { href: "/opendata/facilities.xlsx", label: `${t("opendata.facilities.title")}（xlsx）` },
        ]}
      />
      <Dataset
        id="geojson"
        title={t("opendata.geojson.title")}
        about={t("opendata.geojson.about")}
        format="GeoJSON"
        records={count(data.hubs.count)}
        updated={data.hubs.updated}
        downloads={[{ href: "/api/hubs.geojson", label: t("opendata.geojson.title") }]}
      />
      <Dataset
        id="ical"
        title={t("opendata.ical.title")}
        about={t("opendata.ical.about")}
        format="iCalendar"
        records={count(data.events.sessions, "opendata.sessionsValue")}
        updated={data.events.updated}
        downloads={[{ href: "/opendata/events.ics", label: t("opendata.ical.title") }]}
      />
      <section aria-labelledby="notes">
        <h2 id="notes">{t("opendata.notes.title")}</h2>
        <ul>
          <li>{t("opendata.notes.encoding")}</li>
          <li>{t("opendata.notes.formats")}</li>
          <li>{t("opendata.notes.privacy")}</li>
        </ul>
      </section>
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
