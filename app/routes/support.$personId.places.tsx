import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { requireActor } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { redirectWithFlash } from "~/lib/flash.server";
import { DomainError } from "~/lib/domain-errors";
import { NO_STORE, orHttpError, parseId, readForm, rethrowAsResponse } from "~/lib/http.server";
import { getTranslate, type MessageKey, type MessagesHandle, useLocale, useT } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { formatReason } from "~/lib/matching";
import { bookPlace, findPlacesFor } from "~/services/support-places.server";
import { bookVisit, cancelVisit, listVisitOptions, listVisitsOfPerson } from "~/services/support-visits.server";
import { support } from "~/lib/i18n/messages/support";
import { volunteers } from "~/lib/i18n/messages/volunteers";
import { formatSessionStart } from "~/lib/dates";

export const handle = { messages: [support, volunteers] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = getTranslate(data?.locale ?? "ja", matches);
  return [{ title: `${t("support.places.title")} | ${t("common.appName")}` }, { name: "robots", content: "noindex" }];
};

export const headers = () => NO_STORE;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, "coordinator", context.clientIp);
  const personId = parseId(params.personId);
  const db = await getDb();
  const { needsArea, suggestions } = await orHttpError(findPlacesFor(db, actor, personId));
  // Assignment already checked by findPlacesFor.
  const [visitOptions, visits] = await Promise.all([orHttpError(listVisitOptions(db, actor, personId)), listVisitsOfPerson(db, actor, personId)]);
  return json(
    {
      locale: getLocale(request),
      personId,
      needsArea,
      visitOptions: visitOptions.options.map((o) => ({
        occurrenceId: o.candidate.occurrenceId,
        activityTitle: o.candidate.activityTitle,
        hubName: o.candidate.hubName,
        startsAt: o.candidate.startsAt.toISOString(),
        placesLeft: o.candidate.placesLeft,
        reasons: o.reasons,
      })),
      visits: visits.map((v) => ({ ...v, startsAt: v.startsAt.toISOString() })),
      suggestions: suggestions.map((s) => ({
        key: s.candidate.key,
        occurrenceId: s.candidate.occurrenceId,
        roleId: s.candidate.roleId,
        activityTitle: s.candidate.activityTitle,
        roleName: s.candidate.roleName,
        hubName: s.candidate.hubName,
        startsAt: s.candidate.startsAt.toISOString(),
        freeSlots: s.candidate.freeSlots,
        score: s.score,
        reasons: s.reasons,
      })),
    },
    { headers: NO_STORE },
  );
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, "coordinator", context.clientIp);
  const personId = parseId(params.personId);
  const form = await readForm(request);
  const db = await getDb();
  const intent = form.get("intent");
  const back = (key: MessageKey, tone?: "notice") => redirectWithFlash(`/support/${personId}/places`, { key, tone }, { headers: NO_STORE });
  if (intent === "cancelVisit") {
    await orHttpError(cancelVisit(db, actor, personId, parseId(String(form.get("visitId") ?? ""))));
    return back("support.visits.cancelled");
  }
  const occurrenceId = parseId(String(form.get("occurrenceId") ?? ""));
  try {
    if (intent === "visit") {
      const { outcome } = await bookVisit(db, actor, personId, { occurrenceId, countsAsVisitStage: form.get("countsAsVisitStage") === "on" });
      return back(outcome === "waitlisted" || outcome === "already_waitlisted" ? "support.visits.waitlisted" : "support.visits.booked");
    }
    const roleId = parseId(String(form.get("roleId") ?? ""));
    const { outcome } = await bookPlace(db, actor, personId, { occurrenceId, roleId });
    return back(outcome === "waitlisted" || outcome === "already_waitlisted" ? "support.places.waitlisted" : "support.places.booked");
  } catch (error) {
    // A role that no longer fits (or closed meanwhile): say so and show the other candidates.
    if (error instanceof DomainError && error.code === "conflict") {
      return back(intent === "visit" ? "support.visits.refused" : "support.places.refused", "notice");
    }
    return rethrowAsResponse(error);
  }
}

export default function SupportPlacesPage() {
  const { personId, needsArea, suggestions, visitOptions, visits } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <section aria-labelledby="places-title">
      <p>
        <Link to={`/support/${personId}`}>{t("support.cancel")}</Link>
      </p>
      <h1 id="places-title">{t("support.places.title")}</h1>
      <p>{t("support.places.intro")}</p>
      {needsArea ? <p>{t("support.places.needsArea")}</p> : suggestions.length === 0 ? <p>{t("support.places.none")}</p> : null}
      <ol className="plain-list">
        {suggestions.map((s) => (
          <li key={s.key}>
            <h2>
              {s.activityTitle}・{s.roleName}
            </h2>
            <p>
              {s.hubName}・{formatSessionStart(s.startsAt, locale)}・{t("support.places.free", { count: s.freeSlots })}
            </p>
            <ul>
              {s.reasons.map((reason, i) => (
                <li key={i}>{formatReason(t, reason)}</li>
              ))}
            </ul>
            <Form method="post">
              <input type="hidden" name="occurrenceId" value={s.occurrenceId} />
              <input type="hidden" name="roleId" value={s.roleId} />
              <button type="submit" className="button" aria-label={`${t("support.places.book")}：${s.activityTitle}・${s.roleName}・${formatSessionStart(s.startsAt, locale)}`}>
                {t("support.places.book")}
              </button>
            </Form>
          </li>
        ))}
      </ol>
      <section aria-labelledby="visits-title">
        <h2 id="visits-title">{t("support.visits.title")}</h2>
        <p>{t("support.visits.intro")}</p>
        {visits.length > 0 ? (
          <>
            <h3>{t("support.visits.yours")}</h3>
            <ul className="plain-list">
              {visits.map((v) => (
                <li key={v.id}>
                  {v.activityTitle}（{v.hubName}）・{formatSessionStart(v.startsAt, locale)}・{t(`support.visits.status.${v.status === "waitlisted" ? "waitlisted" : "expected"}`)}
                  <Form method="post">
                    <input type="hidden" name="intent" value="cancelVisit" />
                    <input type="hidden" name="visitId" value={v.id} />
                    <button type="submit" className="button secondary small" aria-label={`${t("support.visits.cancel")}：${v.activityTitle}・${formatSessionStart(v.startsAt, locale)}`}>
                      {t("support.visits.cancel")}
                    </button>
                  </Form>
                </li>
              ))}
            </ul>
          </>
        ) : null}
        {!needsArea && visitOptions.length === 0 ? <p>{t("support.visits.none")}</p> : null}
        <ol className="plain-list">
          {visitOptions.map((o) => {
            const label = `${o.activityTitle}・${formatSessionStart(o.startsAt, locale)}`;
            return (
              <li key={o.occurrenceId}>
                <h3>{o.activityTitle}</h3>
                <p>
                  {o.hubName}・{formatSessionStart(o.startsAt, locale)}・
                  {o.placesLeft === null ? t("support.visits.noLimit") : o.placesLeft === 0 ? t("support.visits.full") : t("support.visits.capacity", { count: o.placesLeft })}
                </p>
                <ul>
                  {o.reasons.map((reason, i) => (
                    <li key={i}>{formatReason(t, reason)}</li>
                  ))}
                </ul>
                <Form method="post">
                  <input type="hidden" name="intent" value="visit" />
                  <input type="hidden" name="occurrenceId" value={o.occurrenceId} />
                  <div className="field">
                    <label>
                      <input type="checkbox" name="countsAsVisitStage" aria-label={`${t("support.visits.countsAsStage")}：${label}`} /> {t("support.visits.countsAsStage")}
                    </label>
                  </div>
                  <button type="submit" className="button" aria-label={`${t("support.visits.book")}：${label}`}>
                    {t("support.visits.book")}
                  </button>
                </Form>
              </li>
            );
          })}
        </ol>
      </section>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
