import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormAlert, TextField } from "~/components/form-field";
import { requireActor } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { redirectWithFlash } from "~/lib/flash.server";
import { ATTENDANCE_EDIT_DAYS, WALK_INS_MAX, ageBandsFrom, attendanceByNamesSchema, attendanceSchema } from "~/lib/forms/metrics";
import { formArray, formObject, idFrom } from "~/lib/forms/parse";
import { parseForm, reject } from "~/lib/forms/submission.server";
import { useRejection } from "~/lib/forms/use-rejection";
import { Invalid } from "~/lib/domain-errors";
import { formRefusal, orHttpError, parseId, readForm, rethrowAsResponse } from "~/lib/http.server";
import { hubEditorRoles } from "~/lib/roles";
import { getTranslate, type MessageKey, type MessagesHandle, useLocale, useT } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { formatSessionStart, formatTimestamp } from "~/lib/dates";
import { ageBandCodes } from "~/lib/metrics/indicators";
import { clearDashboardCache } from "~/services/metrics.server";
import {
  attendanceWindow,
  getOccurrenceForAttendance,
  listApplicantsForAttendance,
  listRosterForAttendance,
  recordAttendance,
  type RosterMark,
} from "~/services/attendance.server";
import { accounts } from "~/lib/i18n/messages/accounts";
import { metrics } from "~/lib/i18n/messages/metrics";

export const handle = { messages: [accounts, metrics] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = getTranslate(data?.locale ?? "ja", matches);
  return [{ title: `${t("attendance.title", { activity: data?.occurrence.title ?? "" })} | ${t("common.appName")}` }];
};

/** The occurrence, if the person edits its hub (logged in first: out of scope is 404, like no such session). */
async function loadForEditor(request: Request, occurrenceIdParam: string | undefined, ip?: string | null) {
  const actor = await requireActor(request, hubEditorRoles, ip);
  const db = await getDb();
  const occurrence = await orHttpError(getOccurrenceForAttendance(db, actor, parseId(occurrenceIdParam)));
  return { db, actor, occurrence };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, actor, occurrence } = await loadForEditor(request, params.occurrenceId);
  const roster = await listRosterForAttendance(db, actor, occurrence.id);
  // Residents who applied: a session with confirmed applications is counted by their ticks.
  const names = await listApplicantsForAttendance(db, actor, occurrence.id);
  return json({
    locale: getLocale(request),
    names,
    // What the form needs and no more: no guest notes, no 参加支援 details beyond the flag.
    roster: roster.map((r) => ({ signupId: r.signupId, roleName: r.roleName, name: r.name, guest: r.guest, supported: r.supported, status: r.status })),
    window: attendanceWindow(occurrence, new Date()),
    occurrence: {
      id: occurrence.id,
      title: occurrence.title,
      startsAt: occurrence.startsAt.toISOString(),
      record: occurrence.record
        ? {
            participants: occurrence.record.participants,
            firstTimers: occurrence.record.firstTimers,
            supportedParticipants: occurrence.record.supportedParticipants,
            ageBands: occurrence.record.ageBands ?? {},
            updatedAt: occurrence.record.updatedAt.toISOString(),
          }
        : null,
    },
  });
}

/** Roster ticks arrive as `signup_<id>` = attended | absent; null when one is malformed. */
function parseRosterTicks(form: Record<string, string | string[]>): Record<number, RosterMark> | null {
  const ticks: Record<number, RosterMark> = {};
  for (const [name, value] of Object.entries(form)) {
    const match = /^signup_(\d{1,9})$/.exec(name);
    if (!match) continue;
    if (value !== "attended" && value !== "absent") return null;
    ticks[Number(match[1])] = value;
  }
  return ticks;
}

/** What a refused form shows again: every field as typed, and the applicants ticked (a repeated field). */
type Values = Record<string, string | string[]>;
const typedValues = (form: FormData): Values => ({ ...formObject(form), arrived: formArray(form, "arrived") });

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { db, actor, occurrence } = await loadForEditor(request, params.occurrenceId, context.clientIp);
  const form = await readForm(request);
  // Counted by names when residents hold confirmed places; the service refuses the other form (ADR: one rule, one home).
  const byNames = (await listApplicantsForAttendance(db, actor, occurrence.id)).applicants.length > 0;
  const submission = byNames
    ? parseForm(form, attendanceByNamesSchema, { values: typedValues, input: formObject })
    : parseForm(form, attendanceSchema, { values: typedValues, input: formObject });
  if (!submission.ok) return submission.reply;
  const { values } = submission;
  const roster = parseRosterTicks(formObject(form));
  if (!roster) return reject(values, {}, { formError: "attendance.error.roster" });
  const arrivedIds = formArray(form, "arrived").map(idFrom);
  if (arrivedIds.some((id) => id === undefined)) return reject(values, {}, { formError: "attendance.error.applications" });
  const window = attendanceWindow(occurrence, new Date());
  if (window !== "open") {
    const formError: MessageKey = window === "cancelled" ? "attendance.cancelled" : window === "closed" ? "attendance.closed" : "attendance.notStarted";
    return reject(values, {}, { status: 409, formError });
  }
  const data = submission.data;
  const common = { occurrenceId: occurrence.id, supportedParticipants: data.supportedParticipants, ageBands: ageBandsFrom(data), roster };
  try {
    await recordAttendance(
      db,
      actor,
      "walkIns" in data
        ? { ...common, arrivals: { applicationIds: arrivedIds.filter((id) => id !== undefined), walkIns: data.walkIns, walkInFirstTimers: data.walkInFirstTimers } }
        : { ...common, participants: data.participants, firstTimers: data.firstTimers },
    );
  } catch (error) {
    // A figure above the counted participants (beside its field), an applicant cancelled meanwhile, or a session now counted otherwise.
    const refusal = formRefusal(error);
    if (refusal) return reject(values, refusal.errors, { status: refusal.status, formError: refusal.formError });
    // A tick for a sign-up that is not on this roster (removed meanwhile, or a tampered form).
    if (error instanceof Invalid) return reject(values, {}, { formError: "attendance.error.roster" });
    return rethrowAsResponse(error);
  }
  clearDashboardCache();
  return redirectWithFlash(`/organise/occurrences/${occurrence.id}/attendance`, { key: "attendance.saved" });
}

export default function AttendancePage() {
  const { occurrence, window, roster, names } = useLoaderData<typeof loader>();
  const { errors, values, formError, formKey } = useRejection<Values>();
  const t = useT();
  const locale = useLocale();
  const record = occurrence.record;
  const typed = (name: string) => {
    const v = values?.[name];
    return typeof v === "string" ? v : undefined;
  };
  const value = (name: string, fallback: number | null | undefined) => typed(name) ?? (fallback === undefined || fallback === null ? "" : String(fallback));
  const byNames = names.applicants.length > 0;
  // After a refusal, the ticks as sent; otherwise those who checked in at the door (or were ticked before).
  const ticked = (applicationId: number, checkedIn: boolean) => {
    const sent = values?.arrived;
    if (sent === undefined) return checkedIn;
    return (Array.isArray(sent) ? sent : [sent]).includes(String(applicationId));
  };
  const closedMessage: MessageKey | null =
    window === "cancelled" ? "attendance.cancelled" : window === "closed" ? "attendance.closed" : window === "not_started" ? "attendance.notStarted" : null;
  return (
    <section className="narrow" aria-labelledby="attendance-title">
      <h1 id="attendance-title">{t("attendance.title", { activity: occurrence.title })}</h1>
      <p>{t("attendance.when", { date: formatSessionStart(occurrence.startsAt, locale) })}</p>
      <FormAlert message={formError ? t(formError) : Object.keys(errors).length > 0 ? t("form.hasErrors") : null} />
      {closedMessage ? (
        <p className="notice">{t(closedMessage)}</p>
      ) : (
        <>
          <p>{t("attendance.intro")}</p>
          <p className="hint">{t("attendance.window", { days: ATTENDANCE_EDIT_DAYS })}</p>
          <Form key={formKey} method="post" className="stack-form" noValidate>
            {byNames ? (
              <>
                <fieldset className="applicant-ticks">
                  <legend>{t("attendance.names.title")}</legend>
                  <p className="hint">{t("attendance.names.intro")}</p>
                  <ul className="plain-list">
                    {names.applicants.map((a) => (
                      <li key={a.applicationId}>
                        <label className="checkbox-label">
                          <input type="checkbox" name="arrived" value={a.applicationId} defaultChecked={ticked(a.applicationId, a.checkedIn)} />
                          {t("attendance.names.person", { name: a.name ?? t("attendance.names.unnamed"), count: a.partySize })}
                          {a.firstTime ? <span className="badge">{t("attendance.names.firstTime")}</span> : null}
                        </label>
                      </li>
                    ))}
                  </ul>
                  <p className="hint">{t("attendance.names.noShow")}</p>
                </fieldset>
                <TextField
                  name="walkIns"
                  label={t("attendance.walkIns")}
                  inputMode="numeric"
                  pattern="[0-9]*"
                  maxLength={String(WALK_INS_MAX).length}
                  required
                  defaultValue={value("walkIns", names.walkIns ?? 0)}
                  error={errors.walkIns}
                />
                <TextField
                  name="walkInFirstTimers"
                  label={t("attendance.walkInFirstTimers")}
                  inputMode="numeric"
                  pattern="[0-9]*"
                  maxLength={String(WALK_INS_MAX).length}
                  required
                  defaultValue={value("walkInFirstTimers", names.walkInFirstTimers ?? 0)}
                  error={errors.walkInFirstTimers}
                />
                <p className="hint">{t("attendance.names.total")}</p>
                {record ? <p>{t("attendance.names.saved", { participants: record.participants, firstTimers: record.firstTimers })}</p> : null}
              </>
            ) : (
              <>
                <TextField name="participants" label={t("attendance.participants")} inputMode="numeric" pattern="[0-9]*" required defaultValue={value("participants", record?.participants)} error={errors.participants} />
                <TextField name="firstTimers" label={t("attendance.firstTimers")} inputMode="numeric" pattern="[0-9]*" required defaultValue={value("firstTimers", record?.firstTimers ?? 0)} error={errors.firstTimers} />
              </>
            )}
            <TextField
              name="supportedParticipants"
              label={t("attendance.supported")}
              inputMode="numeric"
              pattern="[0-9]*"
              required
              defaultValue={value("supportedParticipants", record?.supportedParticipants ?? 0)}
              error={errors.supportedParticipants}
            />
            <fieldset className="roster-ticks">
              <legend>{t("attendance.roster.title")}</legend>
              {roster.length === 0 ? (
                <p className="hint">{t("attendance.roster.none")}</p>
              ) : (
                <>
                  <p className="hint">{t("attendance.roster.intro")}</p>
                  {roster.some((r) => r.supported) ? <p className="hint">{t("attendance.roster.supportedNote")}</p> : null}
                  <ul className="plain-list">
                    {roster.map((person) => {
                      const field = `signup_${person.signupId}`;
                      const current = typed(field) ?? (person.status === "attended" ? "attended" : person.status === "no_show" ? "absent" : undefined);
                      const name = person.name ?? t("attendance.roster.unnamed");
                      return (
                        <li key={person.signupId}>
                          <fieldset>
                            <legend>
                              {name}
                              {person.guest ? `（${t("attendance.roster.guest")}）` : ""} — {person.roleName}
                            </legend>
                            <label className="radio">
                              <input type="radio" name={field} value="attended" defaultChecked={current === "attended"} /> {t("attendance.roster.attended")}
                            </label>{" "}
                            <label className="radio">
                              <input type="radio" name={field} value="absent" defaultChecked={current === "absent"} /> {t("attendance.roster.absent")}
                            </label>
                          </fieldset>
                        </li>
                      );
                    })}
                  </ul>
                </>
              )}
            </fieldset>
            <fieldset>
              <legend>{t("attendance.ageBands")}</legend>
              {ageBandCodes.map((code) => (
                <TextField
                  key={code}
                  name={`age_${code}`}
                  label={t(`attendance.ageBand.${code}`)}
                  inputMode="numeric"
                  pattern="[0-9]*"
                  defaultValue={value(`age_${code}`, record?.ageBands[code])}
                  error={errors[`age_${code}`]}
                />
              ))}
            </fieldset>
            <div className="actions">
              <button type="submit" className="button">
                {t("attendance.submit")}
              </button>
            </div>
          </Form>
        </>
      )}
      {record ? <p className="hint">{t("attendance.lastSaved", { at: formatTimestamp(record.updatedAt, locale) })}</p> : null}
      <p>
        <Link to={`/organise/occurrences/${occurrence.id}`}>{t("attendance.rosterLink")}</Link> ・{" "}
        <Link to="/organise/attendance">{t("attendance.backToList")}</Link>
      </p>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
