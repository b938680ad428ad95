import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormAlert, TextField } from "~/components/form-field";
import { requireActor } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { redirectWithFlash } from "~/lib/flash.server";
import { ATTENDANCE_EDIT_DAYS, ageBandsFrom, attendanceSchema } from "~/lib/forms/metrics";
import { parseSubmission, reject } from "~/lib/forms/submission.server";
import { useRejection } from "~/lib/forms/use-rejection";
import { Invalid } from "~/lib/domain-errors";
import { orHttpError, parseId, rethrowAsResponse } from "~/lib/http.server";
import { hubEditorRoles } from "~/lib/roles";
import { getTranslate, type MessageKey, type MessagesHandle, useLocale, useT } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { formatSessionStart, formatTimestamp } from "~/lib/dates";
import { ageBandCodes } from "~/lib/metrics/indicators";
import { clearDashboardCache } from "~/services/metrics.server";
import {
  attendanceWindow,
  getOccurrenceForAttendance,
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
  return json({
    locale: getLocale(request),
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
function parseRosterTicks(form: Record<string, string>): Record<number, RosterMark> | null {
  const ticks: Record<number, RosterMark> = {};
  for (const [name, value] of Object.entries(form)) {
    const match = /^signup_(\d{1,9})$/.exec(name);
    if (!match) continue;
    if (value !== "attended" && value !== "absent") return null;
    ticks[Number(match[1])] = value;
  }
  return ticks;
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { db, actor, occurrence } = await loadForEditor(request, params.occurrenceId, context.clientIp);
  const submission = await parseSubmission(request, attendanceSchema);
  if (!submission.ok) return submission.reply;
  const { data, values } = submission;
  const roster = parseRosterTicks(values);
  if (!roster) return reject(values, {}, { formError: "attendance.error.roster" });
  const window = attendanceWindow(occurrence, new Date());
  if (window !== "open") {
    const formError: MessageKey = window === "cancelled" ? "attendance.cancelled" : window === "closed" ? "attendance.closed" : "attendance.notStarted";
    return reject(values, {}, { status: 409, formError });
  }
  try {
    await recordAttendance(db, actor, {
      occurrenceId: occurrence.id,
      participants: data.participants,
      firstTimers: data.firstTimers,
      supportedParticipants: data.supportedParticipants,
      ageBands: ageBandsFrom(data),
      roster,
    });
  } catch (error) {
    // A tick for a sign-up that is not on this roster (removed meanwhile, or a tampered form).
    if (error instanceof Invalid) return reject(values, {}, { formError: "attendance.error.roster" });
    return rethrowAsResponse(error);
  }
  clearDashboardCache();
  return redirectWithFlash(`/organise/occurrences/${occurrence.id}/attendance`, { key: "attendance.saved" });
}

export default function AttendancePage() {
  const { occurrence, window, roster } = useLoaderData<typeof loader>();
  const { errors, values, formError, formKey } = useRejection();
  const t = useT();
  const locale = useLocale();
  const record = occurrence.record;
  const value = (name: string, fallback: number | undefined) => values?.[name] ?? (fallback === undefined ? "" : String(fallback));
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
            <TextField name="participants" label={t("attendance.participants")} inputMode="numeric" pattern="[0-9]*" required defaultValue={value("participants", record?.participants)} error={errors.participants} />
            <TextField name="firstTimers" label={t("attendance.firstTimers")} inputMode="numeric" pattern="[0-9]*" required defaultValue={value("firstTimers", record?.firstTimers ?? 0)} error={errors.firstTimers} />
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
                      const typed = values?.[field];
                      const current = typed ?? (person.status === "attended" ? "attended" : person.status === "no_show" ? "absent" : undefined);
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
