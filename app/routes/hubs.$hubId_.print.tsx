import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PrintButton } from "~/components/print-button";
import { formatMonth, monthBounds, parseMonth, tokyoMonth } from "~/lib/dates";
import { getDb } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { invariantResponse, parseId, requestOrigin } from "~/lib/http.server";
import { getTranslate, type MessagesHandle, useLocale, useT } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { buildMonthGrid } from "~/lib/month-grid";
import { weekdayLabel } from "~/lib/weekdays";
import { getPublicHub } from "~/services/hubs.server";
import { ensureOccurrencesAhead } from "~/services/occurrences.server";
import { listHubSessions } from "~/services/activities.server";
import { qrCodeSvg } from "~/services/qr.server";
import { details } from "~/lib/i18n/messages/details";

export const handle = { messages: [details] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  if (!data) return [{ title: "まちなえき" }];
  const t = getTranslate(data.locale, matches);
  return [{ title: `${data.hub.name} ${t("print.heading", { month: formatMonth(data.month, data.locale) })} | ${t("common.appName")}` }];
};

/** /hubs/:hubId/print?month=YYYY-MM — an A4 month for the 回覧板 and the notice board. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const hubId = parseId(params.hubId);
  const url = new URL(request.url);
  const monthParam = url.searchParams.get("month");
  const month = monthParam === null || monthParam === "" ? tokyoMonth() : parseMonth(monthParam);
  // A month such as 2026-13 is the reader's mistake: 400 with the plain-language error page.
  invariantResponse(month, 400, "month must be YYYY-MM");
  const db = await getDb();
  const hub = await getPublicHub(db, hubId);
  invariantResponse(hub, 404, "hub not found");
  await ensureOccurrencesAhead(db);
  const bounds = monthBounds(month);
  const sessions = await listHubSessions(db, hub.id, { from: bounds.from, to: bounds.to });
  const hubUrl = `${requestOrigin(request, getEnv().PUBLIC_ORIGIN)}/hubs/${hub.id}`;
  const prev = tokyoMonth(new Date(+bounds.from - 86_400_000));
  const next = tokyoMonth(bounds.to);
  return json({
    locale: getLocale(request),
    hub,
    month,
    prev,
    next,
    hubUrl,
    qrSvg: await qrCodeSvg(hubUrl),
    weeks: buildMonthGrid(month, sessions),
  });
}

export default function PrintMonth() {
  const { hub, month, prev, next, hubUrl, qrSvg, weeks } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const contact = hub.contactPhone ?? hub.contactEmail;
  const hasSessions = weeks.some((week) => week.some((day) => day && day.sessions.length > 0));
  // Japanese wall calendars start on Sunday.
  const headers = [7, 1, 2, 3, 4, 5, 6];
  return (
    <article className="print-month">
      <nav className="print-controls no-print" aria-label={t("print.heading", { month: formatMonth(month, locale) })}>
        <Link to={`/hubs/${hub.id}`}>{t("print.back", { hub: hub.name })}</Link>
        <Link to={`?month=${prev}`}>{t("print.prev")}</Link>
        <Link to={`?month=${next}`}>{t("print.next")}</Link>
        <PrintButton label={t("print.print")} />
      </nav>
      <header className="print-header">
        <div>
          <h1>
            {hub.name}
            <span className="print-month-name">{t("print.heading", { month: formatMonth(month, locale) })}</span>
          </h1>
          <p>{t("print.address", { address: hub.address })}</p>
          {contact ? <p>{t("print.contact", { contact })}</p> : null}
        </div>
        <figure className="print-qr">
          <img src={`data:image/svg+xml;base64,${qrSvg}`} alt={t("print.qrAlt", { hub: hub.name, url: hubUrl })} width={120} height={120} />
          <figcaption>
            {t("print.qrCaption")}
            <br />
            <span className="print-url">{hubUrl}</span>
          </figcaption>
        </figure>
      </header>
      <table className="month-grid">
        <caption className="visually-hidden">{t("print.heading", { month: formatMonth(month, locale) })}</caption>
        <thead>
          <tr>
            {headers.map((day) => (
              <th key={day} scope="col" className={day === 7 ? "sunday" : day === 6 ? "saturday" : undefined}>
                {weekdayLabel(t, day)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((week, i) => (
            <tr key={i}>
              {week.map((day, j) =>
                day ? (
                  <td key={j} className={day.sessions.length > 0 ? "has-sessions" : undefined}>
                    <span className="day-number">{day.day}</span>
                    <ul>
                      {day.sessions.map((s) => (
                        <li key={s.id} className={s.cancelled ? "is-cancelled" : undefined}>
                          {s.cancelled ? (
                            <>
                              <s>
                                {s.time} {s.title}
                              </s>{" "}
                              <strong>{t("print.cancelled")}</strong>
                            </>
                          ) : (
                            <>
                              <span className="session-time">{s.time}</span> {s.title}
                            </>
                          )}
                        </li>
                      ))}
                    </ul>
                  </td>
                ) : (
                  <td key={j} className="outside" />
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {hasSessions ? <p className="print-legend">{t("print.legend")}</p> : <p className="empty">{t("print.none")}</p>}
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
