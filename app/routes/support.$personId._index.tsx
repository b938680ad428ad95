import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormAlert, TextField } from "~/components/form-field";
import { SelectField, TextAreaField } from "~/components/support-fields";
import { requireActor } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { redirectWithFlash } from "~/lib/flash.server";
import { parseForm, reject } from "~/lib/forms/submission.server";
import { useRejection } from "~/lib/forms/use-rejection";
import { entrySchema, partnerSchema, stageSchema, withdrawSchema } from "~/lib/forms/support";
import { NO_STORE, orFieldError, orHttpError, parseId, readForm } from "~/lib/http.server";
import { formatCalendarDate, formatSessionStart } from "~/lib/dates";
import { getTranslate, type MessageKey, type MessagesHandle, useLocale, useT } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { accompanimentKinds, isSupportConstraint, partnerKinds, supportStages, todayInTokyo } from "~/lib/support";
import { listBookings } from "~/services/support-places.server";
import { listVisitsForPersonPage } from "~/services/support-visits.server";
import { withdrawConsent } from "~/services/support-privacy.server";
import { addEntry, changeStage, getPersonRecord, linkPartner, listMyMeetings } from "~/services/support.server";
import { accounts } from "~/lib/i18n/messages/accounts";
import { support } from "~/lib/i18n/messages/support";
import { volunteers } from "~/lib/i18n/messages/volunteers";

export const handle = { messages: [accounts, support, volunteers] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = getTranslate(data?.locale ?? "ja", matches);
  // Generic on purpose: tab titles and browser history must not carry the pseudonym.
  return [{ title: `${t("support.person.profile")} | ${t("common.appName")}` }, { name: "robots", content: "noindex" }];
};

export const headers = () => NO_STORE;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, "coordinator", context.clientIp);
  const personId = parseId(params.personId);
  const db = await getDb();
  const record = await orHttpError(getPersonRecord(db, actor, personId));
  const [meetings, bookings, visits] = await Promise.all([listMyMeetings(db, actor), listBookings(db, actor, personId), listVisitsForPersonPage(db, actor, personId)]);
  const visitRow = (v: (typeof visits.upcoming)[number]) => ({ ...v, startsAt: v.startsAt.toISOString(), endsAt: v.endsAt.toISOString() });
  return json(
    { locale: getLocale(request), ...record, meetings, bookings, visits: { upcoming: visits.upcoming.map(visitRow), cancelled: visits.cancelled.map(visitRow) }, today: todayInTokyo() },
    { headers: NO_STORE },
  );
}

const intents = ["stage", "entry", "partner", "withdraw"] as const;
type Intent = (typeof intents)[number];

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, "coordinator", context.clientIp);
  const personId = parseId(params.personId);
  const form = await readForm(request);
  const intent = intents.find((i) => i === form.get("intent"));
  if (!intent) throw json({ message: "unknown intent" }, { status: 400, headers: NO_STORE });
  const db = await getDb();
  const done = (key: MessageKey) => redirectWithFlash(`/support/${personId}`, { key }, { headers: NO_STORE });
  // A refusal names its form (intent) and is never cached; the service's refusal of one field
  // (same stage, unknown meeting…) is shown beside it like the schema's.
  const tag = { intent, headers: NO_STORE };

  if (intent === "stage") {
    const submission = parseForm(form, stageSchema, tag);
    if (!submission.ok) return submission.reply;
    const changed = await orFieldError(changeStage(db, actor, personId, submission.data.stage, submission.data.changedOn));
    if (!changed.ok) return reject(submission.values, changed.errors, { status: changed.status, ...tag });
    return done("support.stage.changed");
  }
  if (intent === "entry") {
    const submission = parseForm(form, entrySchema, tag);
    if (!submission.ok) return submission.reply;
    const added = await orFieldError(addEntry(db, actor, personId, submission.data));
    if (!added.ok) return reject(submission.values, added.errors, { status: added.status, ...tag });
    return done("support.log.added");
  }
  if (intent === "partner") {
    const submission = parseForm(form, partnerSchema, tag);
    if (!submission.ok) return submission.reply;
    const { partnerKind, partnerName, linkedOn } = submission.data;
    await orHttpError(linkPartner(db, actor, personId, { kind: partnerKind, name: partnerName, linkedOn }));
    return done("support.partners.added");
  }
  const submission = parseForm(form, withdrawSchema, tag);
  if (!submission.ok) return submission.reply;
  const withdrawn = await orFieldError(withdrawConsent(db, actor, personId, submission.data));
  if (!withdrawn.ok) return reject(submission.values, withdrawn.errors, { status: withdrawn.status, ...tag });
  return redirectWithFlash("/support", { key: "support.withdraw.done" }, { headers: NO_STORE });
}

export default function SupportedPersonPage() {
  const { person, stages, entries, partners, coordinators, meetings, bookings, visits, today } = useLoaderData<typeof loader>();
  const locale = useLocale();
  const rejection = useRejection();
  const { formKey } = rejection;
  const t = useT();
  const errorsFor = (intent: Intent) => rejection.of({ intent })?.errors ?? {};
  const valueFor = (intent: Intent, name: string, fallback = "") => rejection.of({ intent })?.values[name] ?? fallback;
  const alertFor = (intent: Intent) => (Object.keys(errorsFor(intent)).length > 0 ? t("form.hasErrors") : null);
  return (
    <article aria-labelledby="person-title">
      <p>
        <Link to="/support">{t("support.backToList")}</Link>
      </p>
      <h1 id="person-title">{person.pseudonym}</h1>

      <section aria-labelledby="profile-title">
        <h2 id="profile-title">{t("support.person.profile")}</h2>
        <dl className="facts">
          <dt>{t("support.list.caseCode")}</dt>
          <dd>{person.caseCode}</dd>
          <dt>{t("support.person.realName")}</dt>
          <dd>{person.realNameUnreadable ? t("support.person.realNameUnreadable") : (person.realName ?? t("support.person.none"))}</dd>
          <dt>{t("support.person.stage")}</dt>
          <dd>{t(`support.stage.${person.stage}`)}</dd>
          <dt>{t("support.field.interests")}</dt>
          <dd>{person.interests.length ? person.interests.join("、") : t("support.person.none")}</dd>
          <dt>{t("support.field.constraints")}</dt>
          <dd>
            {person.constraints.length ? person.constraints.filter(isSupportConstraint).map((code) => t(`support.constraint.${code}`)).join("、") : t("support.person.none")}
            {person.constraintNote ? <p>{person.constraintNote}</p> : null}
          </dd>
          <dt>{t("support.person.area")}</dt>
          <dd>
            {person.districtName ?? t("support.person.none")}
            {person.walkingMetres !== null ? ` ・ ${t("support.person.walking", { metres: person.walkingMetres })}` : ""}
          </dd>
          <dt>{t("support.person.consent")}</dt>
          <dd>
            {t("support.person.consentGiven", { date: person.consentGivenOn })}
            <p>
              {t("support.field.consentPurpose")}：{person.consentPurpose}
            </p>
            <p>
              {t("support.field.consentScope")}：{person.consentScope}
            </p>
          </dd>
          <dt>{t("support.person.coordinators")}</dt>
          <dd>{coordinators.map((c) => c.displayName).join("、")}</dd>
        </dl>
        <p>
          <Link to={`/support/${person.id}/edit`}>{t("support.person.edit")}</Link>
        </p>
      </section>

      <section aria-labelledby="bookings-title">
        <h2 id="bookings-title">{t("support.bookings.title")}</h2>
        {bookings.length === 0 ? (
          <p>{t("support.bookings.empty")}</p>
        ) : (
          <ul className="plain-list">
            {bookings.map((booking) => (
              <li key={booking.id}>
                {formatSessionStart(booking.startsAt, locale)} {booking.activityTitle}・{booking.roleName}（{booking.hubName}）
              </li>
            ))}
          </ul>
        )}
        <p>
          <Link to={`/support/${person.id}/places`}>{t("support.places.link")}</Link>
        </p>
      </section>

      <section aria-labelledby="visits-title">
        <h2 id="visits-title">{t("support.personVisits.title")}</h2>
        <h3 id="visits-upcoming-title">{t("support.personVisits.upcoming")}</h3>
        {visits.upcoming.length === 0 ? (
          <p>{t("support.personVisits.none")}</p>
        ) : (
          <ul className="plain-list" aria-labelledby="visits-upcoming-title">
            {visits.upcoming.map((visit) => (
              <li key={visit.id}>
                {t("support.personVisits.item", { when: formatSessionStart(visit.startsAt, locale), activity: visit.activityTitle, hub: visit.hubName })}{" "}
                <span className="badge">{t(visit.status === "waitlisted" ? "support.visits.status.waitlisted" : "support.visits.status.expected")}</span>
              </li>
            ))}
          </ul>
        )}
        {visits.cancelled.length > 0 ? (
          <>
            <h3 id="visits-cancelled-title">{t("support.personVisits.cancelled")}</h3>
            <ul className="plain-list" aria-labelledby="visits-cancelled-title">
              {visits.cancelled.map((visit) => (
                <li key={visit.id}>
                  <s>{t("support.personVisits.item", { when: formatSessionStart(visit.startsAt, locale), activity: visit.activityTitle, hub: visit.hubName })}</s>{" "}
                  <strong className="badge badge-cancelled">
                    {visit.cancelledWithSession ? t("support.personVisits.withSession", { reason: visit.cancelReason ?? "" }) : t("support.personVisits.byCoordinator")}
                  </strong>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>

      <section aria-labelledby="stage-title">
        <h2 id="stage-title">{t("support.stage.title")}</h2>
        <h3>{t("support.stage.history")}</h3>
        <ol className="plain-list">
          {stages.map((change) => (
            <li key={change.id}>
              {formatCalendarDate(change.changedOn, locale)}：{change.fromStage ? `${t(`support.stage.${change.fromStage}`)} → ` : `${t("support.stage.start")} → `}
              {t(`support.stage.${change.toStage}`)}
            </li>
          ))}
        </ol>
        <h3 id="stage-form-title">{t("support.stage.change")}</h3>
        <FormAlert message={alertFor("stage")} />
        <Form key={formKey} method="post" className="stack-form" aria-labelledby="stage-form-title" noValidate>
          <input type="hidden" name="intent" value="stage" />
          <SelectField
            name="stage"
            label={t("support.field.stage")}
            options={supportStages.map((stage) => ({ value: stage, label: t(`support.stage.${stage}`) }))}
            defaultValue={valueFor("stage", "stage", person.stage)}
            error={errorsFor("stage").stage}
          />
          <TextField name="changedOn" type="date" max={today} label={t("support.field.changedOn")} required defaultValue={valueFor("stage", "changedOn", today)} error={errorsFor("stage").changedOn} />
          <div className="actions">
            <button type="submit" className="button">
              {t("support.stage.change")}
            </button>
          </div>
        </Form>
      </section>

      <section aria-labelledby="log-title">
        <h2 id="log-title">{t("support.log.title")}</h2>
        {entries.length === 0 ? (
          <p>{t("support.log.empty")}</p>
        ) : (
          <ul className="plain-list">
            {entries.map((entry) => (
              <li key={entry.id}>
                <strong>
                  {formatCalendarDate(entry.occurredOn, locale)} {t(`support.kind.${entry.kind}`)}
                </strong>
                {entry.meetingId ? `（${t("support.log.meetingNo", { id: entry.meetingId, date: entry.occurredOn, kind: t(`support.kind.${entry.kind}`) })}）` : null}
                {entry.notes ? <p>{entry.notes}</p> : null}
              </li>
            ))}
          </ul>
        )}
        <h3 id="entry-form-title">{t("support.log.add")}</h3>
        <FormAlert message={alertFor("entry")} />
        <Form key={formKey} method="post" className="stack-form" aria-labelledby="entry-form-title" noValidate>
          <input type="hidden" name="intent" value="entry" />
          <SelectField
            name="kind"
            label={t("support.field.kind")}
            options={accompanimentKinds.map((kind) => ({ value: kind, label: t(`support.kind.${kind}`) }))}
            defaultValue={valueFor("entry", "kind", "interview")}
            error={errorsFor("entry").kind}
          />
          <TextField name="occurredOn" type="date" max={today} label={t("support.field.occurredOn")} required defaultValue={valueFor("entry", "occurredOn", today)} error={errorsFor("entry").occurredOn} />
          <SelectField
            name="meetingId"
            label={t("support.field.meeting")}
            hint={t("support.log.meetingHint")}
            options={[
              { value: "", label: t("support.field.meeting.new") },
              ...meetings.map((m) => ({ value: String(m.id), label: t("support.log.meetingNo", { id: m.id, date: m.heldOn, kind: t(`support.kind.${m.kind}`) }) })),
            ]}
            defaultValue={valueFor("entry", "meetingId")}
            error={errorsFor("entry").meetingId}
          />
          <TextAreaField name="notes" label={t("support.field.notes")} maxLength={1000} defaultValue={valueFor("entry", "notes")} error={errorsFor("entry").notes} />
          <div className="actions">
            <button type="submit" className="button">
              {t("support.log.add")}
            </button>
          </div>
        </Form>
      </section>

      <section aria-labelledby="partners-title">
        <h2 id="partners-title">{t("support.partners.title")}</h2>
        {partners.length === 0 ? (
          <p>{t("support.partners.empty")}</p>
        ) : (
          <ul className="plain-list">
            {partners.map((partner) => (
              <li key={partner.id}>
                {partner.name}（{t(`support.partnerKind.${partner.kind}`)}・{formatCalendarDate(partner.linkedOn, locale)}）
              </li>
            ))}
          </ul>
        )}
        <h3 id="partner-form-title">{t("support.partners.add")}</h3>
        <FormAlert message={alertFor("partner")} />
        <Form key={formKey} method="post" className="stack-form" aria-labelledby="partner-form-title" noValidate>
          <input type="hidden" name="intent" value="partner" />
          <SelectField
            name="partnerKind"
            label={t("support.field.partnerKind")}
            options={partnerKinds.map((kind) => ({ value: kind, label: t(`support.partnerKind.${kind}`) }))}
            defaultValue={valueFor("partner", "partnerKind", "organisation")}
            error={errorsFor("partner").partnerKind}
          />
          <TextField name="partnerName" label={t("support.field.partnerName")} required maxLength={80} autoComplete="off" defaultValue={valueFor("partner", "partnerName")} error={errorsFor("partner").partnerName} />
          <TextField name="linkedOn" type="date" max={today} label={t("support.field.linkedOn")} required defaultValue={valueFor("partner", "linkedOn", today)} error={errorsFor("partner").linkedOn} />
          <div className="actions">
            <button type="submit" className="button">
              {t("support.partners.add")}
            </button>
          </div>
        </Form>
      </section>

      <section aria-labelledby="withdraw-title" className="danger-zone">
        <h2 id="withdraw-title">{t("support.withdraw.title")}</h2>
        <p>{t("support.withdraw.body")}</p>
        <FormAlert message={alertFor("withdraw")} />
        <Form key={formKey} method="post" className="stack-form" aria-labelledby="withdraw-title" noValidate>
          <input type="hidden" name="intent" value="withdraw" />
          <TextField name="withdrawnOn" type="date" max={today} label={t("support.field.withdrawnOn")} required defaultValue={valueFor("withdraw", "withdrawnOn", today)} error={errorsFor("withdraw").withdrawnOn} />
          <TextField name="confirmCaseCode" label={t("support.field.confirmCaseCode")} required autoComplete="off" defaultValue={valueFor("withdraw", "confirmCaseCode")} error={errorsFor("withdraw").confirmCaseCode} />
          <div className="actions">
            <button type="submit" className="button danger">
              {t("support.withdraw.submit")}
            </button>
          </div>
        </Form>
      </section>
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
