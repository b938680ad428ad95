import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PrintButton } from "~/components/print-button";
import { requireActor } from "~/lib/auth.server";
import { formatSession, formatTimestamp } from "~/lib/dates";
import { getDb } from "~/lib/db.server";
import { formatPhone } from "~/lib/forms/application";
import { NO_STORE, orHttpError, parseId } from "~/lib/http.server";
import { getTranslate, type MessagesHandle, useLocale, useT } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { hubEditorRoles } from "~/lib/roles";
import { getSessionParticipants } from "~/services/participants.server";
import { applications } from "~/lib/i18n/messages/applications";

export const handle = { messages: [applications] } satisfies MessagesHandle;

export const headers = () => NO_STORE;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = getTranslate(data?.locale ?? "ja", matches);
  return [{ title: `${t("reception.heading", { activity: data?.session.activityTitle ?? "" })} | ${t("common.appName")}` }];
};

/**
 * /organise/occurrences/:id/reception — the A4 受付名簿 for the reception desk: the confirmed
 * applicants with a box to tick, then the waiting list in order, and the totals. Contact details
 * only with `?contact=1`: a sheet left on a table should not carry phone numbers.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, hubEditorRoles);
  const db = await getDb();
  const withContact = new URL(request.url).searchParams.get("contact") === "1";
  const { session, counts, participants } = await orHttpError(getSessionParticipants(db, actor, parseId(params.occurrenceId), { withContact }));
  const row = (p: (typeof participants)[number]) => ({
    id: p.id,
    name: p.name,
    partySize: p.partySize,
    firstTime: p.firstTime,
    note: p.note,
    checkedIn: p.checkedIn,
    contact: p.contact,
  });
  return json(
    {
      locale: getLocale(request),
      withContact,
      printedAt: new Date().toISOString(),
      session: {
        id: session.id,
        activityTitle: session.activityTitle,
        hubName: session.hubName,
        startsAt: session.startsAt.toISOString(),
        endsAt: session.endsAt.toISOString(),
        cancelled: session.status === "cancelled",
      },
      counts,
      confirmed: participants.filter((p) => p.status === "confirmed").map(row),
      waiting: participants.filter((p) => p.status === "waitlisted").map(row),
    },
    { headers: NO_STORE }
  );
}

export default function ReceptionSheet() {
  const { session, counts, confirmed, waiting, withContact, printedAt } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const when = formatSession(session.startsAt, session.endsAt, locale);
  const contactOf = (contact: { phone: string | null; email: string | null } | null) =>
    contact ? [contact.phone ? formatPhone(contact.phone) : null, contact.email].filter(Boolean).join(" ") : "";
  const waitingPeople = waiting.reduce((sum, p) => sum + p.partySize, 0);
  return (
    <article className="reception-sheet">
      <nav className="print-controls no-print" aria-label={t("reception.title")}>
        <Link to={`/organise/occurrences/${session.id}`}>{t("reception.back")}</Link>
        {withContact ? (
          <Link to={`/organise/occurrences/${session.id}/reception`}>{t("reception.withoutContact")}</Link>
        ) : (
          <Link to={`/organise/occurrences/${session.id}/reception?contact=1`}>{t("reception.withContact")}</Link>
        )}
        <PrintButton label={t("reception.print")} />
      </nav>
      <header className="reception-header">
        <h1>
          <span className="reception-kind">{t("reception.title")}</span>
          {session.activityTitle}
        </h1>
        <p className="reception-when">{t("reception.when", { when })}</p>
        <p>{t("reception.hub", { hub: session.hubName })}</p>
        <p className="reception-printed">{t("reception.printedAt", { at: formatTimestamp(printedAt, locale) })}</p>
      </header>
      {session.cancelled ? <p className="notice">{t("activities.cancelled")}</p> : null}
      {withContact ? <p className="notice reception-warning">{t("reception.contactWarning")}</p> : null}

      <h2>{t("reception.confirmed", { parties: confirmed.length, people: counts.confirmed })}</h2>
      {confirmed.length === 0 ? (
        <p>{t("reception.none")}</p>
      ) : (
        // A phone scrolls the table sideways; a keyboard can too: a named region that takes focus
        // (axe's scrollable-region-focusable; the lint rule does not know scroll containers).
        // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
        <div className="table-scroll" tabIndex={0} role="region" aria-label={t("reception.confirmed", { parties: confirmed.length, people: counts.confirmed })}>
          <table className="reception-table">
            <thead>
              <tr>
                <th scope="col" className="number">
                  {t("reception.number")}
                </th>
                <th scope="col">{t("reception.name")}</th>
                <th scope="col" className="number">
                  {t("reception.people")}
                </th>
                <th scope="col" className="tick">
                  {t("reception.tick")}
                </th>
                <th scope="col">{t("reception.firstTime")}</th>
                <th scope="col">{t("reception.note")}</th>
                {withContact ? <th scope="col">{t("reception.contact")}</th> : null}
              </tr>
            </thead>
            <tbody>
              {confirmed.map((p, index) => (
                <tr key={p.id}>
                  <td className="number">{index + 1}</td>
                  <th scope="row" className="reception-name">
                    {p.name ?? t("participants.unnamed")}
                  </th>
                  <td className="number">{t("application.people", { count: p.partySize })}</td>
                  <td className="tick">
                    <span className="tick-box" role="img" aria-label={t("reception.tickLabel", { name: p.name ?? t("participants.unnamed") })}>
                      {p.checkedIn ? "✓" : ""}
                    </span>
                  </td>
                  <td>{p.firstTime ? t("reception.firstTimeMark") : ""}</td>
                  <td className="reception-note">
                    {p.note ?? ""}
                    {p.checkedIn ? <span className="reception-arrived">{t("reception.arrived")}</span> : null}
                  </td>
                  {withContact ? <td>{contactOf(p.contact)}</td> : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="reception-walkins">{t("reception.walkIns")}</p>

      {waiting.length > 0 ? (
        <>
          <h2>{t("reception.waiting", { parties: waiting.length, people: waitingPeople })}</h2>
          <p className="hint">{t("reception.waitingHint")}</p>
          {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a scroll container, as above */}
          <div className="table-scroll" tabIndex={0} role="region" aria-label={t("reception.waiting", { parties: waiting.length, people: waitingPeople })}>
            <table className="reception-table">
              <thead>
                <tr>
                  <th scope="col" className="number">
                    {t("reception.number")}
                  </th>
                  <th scope="col">{t("reception.name")}</th>
                  <th scope="col" className="number">
                    {t("reception.people")}
                  </th>
                  <th scope="col">{t("reception.firstTime")}</th>
                  <th scope="col">{t("reception.note")}</th>
                  {withContact ? <th scope="col">{t("reception.contact")}</th> : null}
                </tr>
              </thead>
              <tbody>
                {waiting.map((p, index) => (
                  <tr key={p.id}>
                    <td className="number">{index + 1}</td>
                    <th scope="row" className="reception-name">
                      {p.name ?? t("participants.unnamed")}
                    </th>
                    <td className="number">{t("application.people", { count: p.partySize })}</td>
                    <td>{p.firstTime ? t("reception.firstTimeMark") : ""}</td>
                    <td className="reception-note">{p.note ?? ""}</td>
                    {withContact ? <td>{contactOf(p.contact)}</td> : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}

      <p className="reception-totals">
        {counts.capacity === null
          ? t("reception.totalsUnlimited", { people: counts.confirmed, parties: counts.parties, waiting: counts.waiting })
          : t("reception.totals", { people: counts.confirmed, parties: counts.parties, waiting: counts.waiting, capacity: t("application.people", { count: counts.capacity }) })}
      </p>
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
