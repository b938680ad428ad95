import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction, SerializeFrom } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormAlert, TextField } from "~/components/form-field";
import { QrScanButton } from "~/components/qr-scan-button";
import { requireActor } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { redirectWithFlash } from "~/lib/flash.server";
import { APPLICANT_NAME_MAX, APPLICANT_NOTE_MAX, EMAIL_MAX, PARTY_SIZE_MAX, applicantSchema, formatCode, formatPhone } from "~/lib/forms/application";
import { CODE_INPUT_MAX, codeSchema } from "~/lib/forms/checkin";
import { formText } from "~/lib/forms/parse";
import { GUEST_NAME_MAX, GUEST_NOTE_MAX } from "~/lib/forms/roster";
import { parseForm, reject } from "~/lib/forms/submission.server";
import { useRejection } from "~/lib/forms/use-rejection";
import { formRefusal, NO_STORE, orHttpError, parseId, readForm, rethrowAsResponse, statusOf } from "~/lib/http.server";
import { hubEditorRoles } from "~/lib/roles";
import { getTranslate, type MessagesHandle, type Translate, useLocale, useT } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { formatSessionTime } from "~/lib/notification-text";
import { cancelByCode, checkIn, enterApplication } from "~/services/applications.server";
import { getSessionParticipants } from "~/services/participants.server";
import { runRosterIntent } from "~/services/roster-intents.server";
import { getRoster } from "~/services/signups.server";
import { listVisitorsForRoster } from "~/services/support-visits.server";
import { applications } from "~/lib/i18n/messages/applications";
import { notifications } from "~/lib/i18n/messages/notifications";
import { support } from "~/lib/i18n/messages/support";
import { volunteers } from "~/lib/i18n/messages/volunteers";

export const handle = { messages: [applications, notifications, support, volunteers] } satisfies MessagesHandle;

// Residents' names, and their phone numbers on the call list: never kept by a browser or proxy.
export const headers = () => NO_STORE;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = getTranslate(data?.locale ?? "ja", matches);
  return [{ title: `${t("roster.title", { activity: data?.roster.occurrence.activityTitle ?? "" })} | ${t("common.appName")}` }];
};

/** The roster, if the person edits the session's hub (logged in first: out of scope is 404, like no such session). */
async function loadRoster(request: Request, occurrenceIdParam: string | undefined, ip?: string | null) {
  const actor = await requireActor(request, hubEditorRoles, ip);
  const db = await getDb();
  const roster = await orHttpError(getRoster(db, actor, parseId(occurrenceIdParam)));
  return { db, actor, roster };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, actor, roster } = await loadRoster(request, params.occurrenceId);
  // Contact details only when the organiser asked for them (a plain link, so it works without JavaScript).
  const withContact = new URL(request.url).searchParams.get("contact") === "1";
  const desk = await orHttpError(getSessionParticipants(db, actor, roster.occurrence.id, { withContact }));
  return json(
    {
      locale: getLocale(request),
      withContact,
      participants: { ...desk, session: { takesEntries: desk.session.takesEntries, maxPartySize: desk.session.maxPartySize } },
      // 参加支援 visitors: that one is expected, the coordinator and 同行あり; never who.
      visitors: await listVisitorsForRoster(db, actor, roster.occurrence.id),
      roster: {
        ...roster,
        occurrence: { ...roster.occurrence, startsAt: roster.occurrence.startsAt.toISOString(), endsAt: roster.occurrence.endsAt.toISOString() },
      },
    },
    { headers: NO_STORE }
  );
}

/** The guest form as typed, shown again after any refusal of the helper roster's forms. */
const guestValues = (form: FormData) => ({ roleId: formText(form, "roleId"), guestName: formText(form, "guestName"), guestNote: formText(form, "guestNote") });

/** The participants' forms: a phone or paper application, a check-in at the door, a cancellation for a caller. */
const participantIntents = new Set(["enterApplication", "checkIn", "cancelApplication"]);

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { db, actor, roster } = await loadRoster(request, params.occurrenceId, context.clientIp);
  const occurrenceId = roster.occurrence.id;
  const form = await readForm(request);
  const intent = formText(form, "intent");
  const page = `/organise/occurrences/${occurrenceId}`;
  if (!participantIntents.has(intent)) {
    const result = await runRosterIntent(db, actor, { occurrenceId, form });
    if (!result.ok) return reject(guestValues(form), {}, { status: statusOf(result.code), formError: result.error });
    return redirectWithFlash(page, { key: `roster.flash.${result.flash}` });
  }
  // Each service checks the scope again in its own query (ADR 017); a refusal of the form lands beside it.
  const refused = (values: Record<string, string>, error: unknown) => {
    const refusal = formRefusal(error);
    if (!refusal) return rethrowAsResponse(error);
    return reject(values, refusal.errors, { status: refusal.status, formError: refusal.formError, intent });
  };
  if (intent === "enterApplication") {
    // The activity's own limit on a party is the service's rule (refused beside the field); the form knows the absolute one.
    const submission = parseForm(form, applicantSchema(PARTY_SIZE_MAX, { requireContact: false }), { intent });
    if (!submission.ok) return submission.reply;
    try {
      const entered = await enterApplication(db, actor, { occurrenceId, scope: "one", details: submission.data });
      const waitlisted = entered.sessions[0]?.status === "waitlisted";
      return redirectWithFlash(page, {
        key: waitlisted ? "participants.flash.enteredWaitlisted" : "participants.flash.entered",
        params: { code: formatCode(entered.code) },
        tone: waitlisted ? "notice" : "success",
      });
    } catch (error) {
      return refused(submission.values, error);
    }
  }
  const submission = parseForm(form, codeSchema, { intent });
  if (!submission.ok) return submission.reply;
  try {
    if (intent === "checkIn") {
      const arrived = await checkIn(db, actor, occurrenceId, submission.data.code);
      return redirectWithFlash(
        page,
        arrived.already
          ? { key: "checkin.already", params: { name: arrived.name }, tone: "notice" }
          : { key: "checkin.done", params: { name: arrived.name, count: arrived.partySize } }
      );
    }
    const cancelled = await cancelByCode(db, actor, occurrenceId, submission.data.code);
    return redirectWithFlash(page, { key: "participants.flash.cancelled", params: { name: cancelled.name } });
  } catch (error) {
    return refused(submission.values, error);
  }
}

type Participant = SerializeFrom<typeof loader>["participants"]["participants"][number];

function ParticipantItem({ person, position, t }: { person: Participant; position?: number; t: Translate }) {
  return (
    <li className="session participant">
      <span className="participant-name">{person.name ?? t("participants.unnamed")}</span>
      <span>{t("application.people", { count: person.partySize })}</span>
      {position !== undefined ? <span>{t("participants.queuePosition", { position })}</span> : null}
      {person.firstTime ? <span className="badge">{t("participants.firstTime")}</span> : null}
      {person.checkedIn ? <span className="badge badge-arrived">{t("participants.arrived")}</span> : null}
      {person.phoneOnly && person.status === "confirmed" ? <span className="badge">{t("participants.phoneOnly")}</span> : null}
      {person.enteredByOrganiser ? <span className="badge">{t("participants.entered")}</span> : null}
      {person.hasAccount ? <span className="badge">{t("participants.account")}</span> : null}
      {person.note ? <span className="session-note">{t("participants.note", { note: person.note })}</span> : null}
      {person.contact ? (
        <span className="session-note">
          {[
            person.contact.phone ? t("participants.contact.phone", { phone: formatPhone(person.contact.phone) }) : null,
            person.contact.email ? t("participants.contact.email", { email: person.contact.email }) : null,
          ]
            .filter(Boolean)
            .join("　") || t("participants.contact.none")}
        </span>
      ) : null}
    </li>
  );
}

function ParticipantsSection() {
  const { participants: desk, withContact, roster } = useLoaderData<typeof loader>();
  const rejection = useRejection();
  const t = useT();
  const { counts, participants, callList, session } = desk;
  const entry = rejection.of({ intent: "enterApplication" });
  const checkInRefusal = rejection.of({ intent: "checkIn" });
  const cancelRefusal = rejection.of({ intent: "cancelApplication" });
  const confirmed = participants.filter((p) => p.status === "confirmed");
  const waiting = participants.filter((p) => p.status === "waitlisted");
  const cancelled = participants.filter((p) => p.status === "cancelled");
  const id = roster.occurrence.id;
  const entryValue = (name: string, fallback = "") => entry?.values[name] ?? fallback;
  return (
    <section className="participants" aria-labelledby="participants-title">
      <h2 id="participants-title">{t("participants.title")}</h2>
      <p className="participants-summary">
        {counts.capacity === null
          ? t("participants.summaryUnlimited", { confirmed: counts.confirmed, waiting: counts.waiting })
          : t("participants.summary", { confirmed: counts.confirmed, waiting: counts.waiting, capacity: t("application.people", { count: counts.capacity }) })}
      </p>
      <p className="inline-actions">
        <Link to={`/organise/occurrences/${id}/reception`}>{t("participants.print")}</Link>
        {withContact ? (
          <Link to={`/organise/occurrences/${id}`}>{t("participants.hideContact")}</Link>
        ) : (
          <Link to={`/organise/occurrences/${id}?contact=1`}>{t("participants.showContact")}</Link>
        )}
      </p>
      <p className="hint">{t("participants.print.hint")}</p>

      <section className="checkin" aria-labelledby="checkin-title">
        <h3 id="checkin-title">{t("checkin.title")}</h3>
        <FormAlert message={checkInRefusal?.formError ? t(checkInRefusal.formError) : null} />
        <Form method="post" className="inline-form-row" key={`checkin-${rejection.formKey}`}>
          <TextField
            id="checkin-code"
            name="code"
            label={t("checkin.code")}
            hint={t("checkin.codeHint")}
            maxLength={CODE_INPUT_MAX}
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            defaultValue={checkInRefusal?.values.code ?? ""}
            error={checkInRefusal?.errors.code}
          />
          <div className="actions">
            <button type="submit" name="intent" value="checkIn" className="button">
              {t("checkin.submit")}
            </button>
          </div>
        </Form>
        <QrScanButton inputId="checkin-code" />
      </section>

      {participants.length === 0 ? <p>{t("participants.none")}</p> : null}
      {confirmed.length > 0 ? (
        <>
          <h3>{t("participants.confirmed")}</h3>
          <ul className="session-list" aria-label={t("participants.confirmed")}>
            {confirmed.map((person) => (
              <ParticipantItem key={person.id} person={person} t={t} />
            ))}
          </ul>
        </>
      ) : null}
      {waiting.length > 0 ? (
        <>
          <h3>{t("participants.waitlisted")}</h3>
          <ol className="session-list" aria-label={t("participants.waitlisted")}>
            {waiting.map((person, index) => (
              <ParticipantItem key={person.id} person={person} position={index + 1} t={t} />
            ))}
          </ol>
        </>
      ) : null}
      {cancelled.length > 0 ? (
        <>
          <h3>{t("participants.cancelled")}</h3>
          <ul className="session-list" aria-label={t("participants.cancelled")}>
            {cancelled.map((person) => (
              <ParticipantItem key={person.id} person={person} t={t} />
            ))}
          </ul>
        </>
      ) : null}
      {withContact ? <p className="notice">{t("participants.contactNotice")}</p> : null}

      <section aria-labelledby="call-list-title">
        <h3 id="call-list-title">{t("participants.callList")}</h3>
        {callList.length === 0 ? (
          <p>{t("participants.callListNone")}</p>
        ) : (
          <>
            <p className="hint">{t("participants.callListHint")}</p>
            <ul className="session-list">
              {callList.map((person) => (
                <li key={person.id} className="session">
                  <span className="participant-name">{person.name ?? t("participants.unnamed")}</span>
                  <span>{t("application.people", { count: person.partySize })}</span>
                  <a href={`tel:${person.phone}`}>{formatPhone(person.phone)}</a>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      <section aria-labelledby="add-application-title">
        <h3 id="add-application-title">{t("participants.add.title")}</h3>
        {session.takesEntries ? (
          <>
            <p className="hint">{t("participants.add.hint")}</p>
            <FormAlert message={entry?.formError ? t(entry.formError) : null} />
            <Form method="post" className="stack-form narrow" key={`entry-${rejection.formKey}`} noValidate>
              <TextField id="entry-name" name="name" label={t("apply.name")} maxLength={APPLICANT_NAME_MAX} required defaultValue={entryValue("name")} error={entry?.errors.name} />
              <TextField
                id="entry-phone"
                name="phone"
                label={t("apply.phone")}
                hint={t("apply.phoneHint")}
                type="tel"
                autoComplete="off"
                defaultValue={entryValue("phone")}
                error={entry?.errors.phone}
              />
              <TextField
                id="entry-email"
                name="email"
                label={t("apply.email")}
                type="email"
                autoComplete="off"
                maxLength={EMAIL_MAX}
                defaultValue={entryValue("email")}
                error={entry?.errors.email}
              />
              <TextField
                id="entry-partySize"
                name="partySize"
                label={t("apply.partySize")}
                hint={t("apply.partySizeHint", { max: session.maxPartySize })}
                inputMode="numeric"
                required
                defaultValue={entryValue("partySize", "1")}
                error={entry?.errors.partySize}
              />
              <div className="field checkboxes">
                <label>
                  <input type="checkbox" name="firstTime" defaultChecked={entryValue("firstTime") === "on"} /> {t("apply.firstTime")}
                </label>
              </div>
              <TextField
                id="entry-note"
                name="note"
                label={t("apply.note")}
                hint={t("apply.noteHint")}
                maxLength={APPLICANT_NOTE_MAX}
                defaultValue={entryValue("note")}
                error={entry?.errors.note}
              />
              <p className="hint">{t("participants.add.scope")}</p>
              <div className="actions">
                <button type="submit" name="intent" value="enterApplication" className="button">
                  {t("participants.add.submit")}
                </button>
              </div>
            </Form>
          </>
        ) : (
          <p>{t("participants.add.closed")}</p>
        )}
      </section>

      <section aria-labelledby="cancel-application-title">
        <h3 id="cancel-application-title">{t("participants.cancel.title")}</h3>
        <p className="hint">{t("participants.cancel.hint")}</p>
        <FormAlert message={cancelRefusal?.formError ? t(cancelRefusal.formError) : null} />
        <Form method="post" className="inline-form-row" key={`cancel-${rejection.formKey}`}>
          <TextField
            id="cancel-code"
            name="code"
            label={t("checkin.code")}
            maxLength={CODE_INPUT_MAX}
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            defaultValue={cancelRefusal?.values.code ?? ""}
            error={cancelRefusal?.errors.code}
          />
          <div className="actions">
            <button type="submit" name="intent" value="cancelApplication" className="button danger">
              {t("checkin.cancelSubmit")}
            </button>
          </div>
        </Form>
      </section>
    </section>
  );
}

export default function RosterPage() {
  const { roster, visitors } = useLoaderData<typeof loader>();
  const rejection = useRejection<ReturnType<typeof guestValues>>();
  const { formKey } = rejection;
  // The helper roster's forms answer untagged refusals (no intent), as before the participants' forms came.
  const rosterRefusal = rejection.of({});
  const values = rosterRefusal?.values;
  const formError = rosterRefusal?.formError;
  const t = useT();
  const locale = useLocale();
  const when = formatSessionTime(locale, roster.occurrence.startsAt, roster.occurrence.endsAt);
  const nameOf = (p: { displayName: string | null; guestName: string | null }) => p.displayName ?? p.guestName ?? "";
  return (
    <section aria-labelledby="roster-title">
      <h1 id="roster-title">{t("roster.title", { activity: roster.occurrence.activityTitle })}</h1>
      <p>{t("roster.when", { when, hub: roster.occurrence.hubName })}</p>
      <ParticipantsSection />
      <section aria-labelledby="helpers-title">
        <h2 id="helpers-title">{t("roster.helpers")}</h2>
        <FormAlert message={formError ? t(formError) : null} />
        {roster.roles.map((role) => (
          <section key={role.id} className="roster-role" aria-labelledby={`role-${role.id}`}>
            <h3 id={`role-${role.id}`}>{role.name}</h3>
            <p className="roster-count">{t("roster.confirmed", { count: role.confirmed.length, slots: role.slots })}</p>
            {role.confirmed.length === 0 ? <p>{t("roster.none")}</p> : null}
            <ul className="session-list">
              {[...role.confirmed, ...role.waitlisted].map((person, index) => (
                <li key={person.id} className="session">
                  {index === role.confirmed.length ? <strong>{t("roster.waitlisted", { count: role.waitlisted.length })}：</strong> : null}
                  <span>{nameOf(person)}</span>
                  {person.guestName ? <span className="badge">{t("roster.guest")}</span> : null}
                  {person.guestNote ? <span className="session-note">{person.guestNote}</span> : null}
                  {person.status === "confirmed" || person.status === "waitlisted" ? (
                    <Form method="post">
                      <input type="hidden" name="signupId" value={person.id} />
                      <button
                        type="submit"
                        name="intent"
                        value="remove"
                        className="button secondary small"
                        aria-label={t("roster.removeLabel", { name: nameOf(person), role: role.name })}
                      >
                        {t("roster.remove")}
                      </button>
                    </Form>
                  ) : null}
                </li>
              ))}
            </ul>
          </section>
        ))}
        <section aria-labelledby="add-guest-title">
          <h3 id="add-guest-title">{t("roster.addGuest.title")}</h3>
          <Form method="post" className="stack-form narrow" key={formKey}>
            <div className="field">
              <label htmlFor="roleId">{t("roster.role")}</label>
              <select id="roleId" name="roleId" defaultValue={values?.roleId}>
                {roster.roles.map((role) => (
                  <option key={role.id} value={role.id}>
                    {role.name}
                  </option>
                ))}
              </select>
            </div>
            <TextField name="guestName" label={t("roster.guestName")} maxLength={GUEST_NAME_MAX} required defaultValue={values?.guestName ?? ""} />
            <TextField name="guestNote" label={t("roster.guestNote")} maxLength={GUEST_NOTE_MAX} defaultValue={values?.guestNote ?? ""} />
            <div className="actions">
              <button type="submit" name="intent" value="addGuest" className="button">
                {t("roster.add")}
              </button>
            </div>
          </Form>
        </section>
      </section>
      {visitors.length > 0 ? (
        <section className="roster-role" aria-labelledby="visitors-title">
          <h2 id="visitors-title">{t("roster.visitors.title")}</h2>
          <h3>{t("roster.visitors.count", { count: visitors.filter((v) => v.status === "expected").length })}</h3>
          <ul className="session-list">
            {visitors.map((v, index) => (
              <li key={v.id} className="session">
                {v.status === "waitlisted" && visitors[index - 1]?.status !== "waitlisted" ? (
                  <strong>{t("roster.visitors.waitlisted", { count: visitors.filter((w) => w.status === "waitlisted").length })}：</strong>
                ) : null}
                <span>{t("roster.visitors.guest")}</span>
                <span className="session-note">{t(v.accompanied ? "support.booking.noteAccompanied" : "support.booking.note", { coordinator: v.coordinatorName })}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <p>
        <Link to={`/organise/occurrences/${roster.occurrence.id}/attendance`}>{t("roster.attendanceLink")}</Link> ・ <Link to="/organise/upcoming">{t("roster.back")}</Link>
      </p>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
