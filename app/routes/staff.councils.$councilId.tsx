import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { CouncilForm, type FormValues } from "~/components/council-form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormAlert, TextField } from "~/components/form-field";
import { ScrollRegion } from "~/components/scroll-region";
import { requireActor, requireRole } from "~/lib/auth.server";
import { formatCalendarDate, tokyoDate } from "~/lib/dates";
import { getDb } from "~/lib/db.server";
import { redirectWithFlash } from "~/lib/flash.server";
import { councilMeetingSchema, councilSchema } from "~/lib/forms/councils";
import { formText } from "~/lib/forms/parse";
import { parseForm, reject } from "~/lib/forms/submission.server";
import { useRejection } from "~/lib/forms/use-rejection";
import { orFieldError, orHttpError, parseId, readForm } from "~/lib/http.server";
import { getTranslate, type MessagesHandle, useLocale, useT } from "~/lib/i18n";
import { accounts } from "~/lib/i18n/messages/accounts";
import { councils } from "~/lib/i18n/messages/councils";
import { getLocale } from "~/lib/locale.server";
import { STAFF_ROLES } from "~/lib/metrics/query";
import { addCouncilMeeting, getCouncil, listDistrictOptions, updateCouncil } from "~/services/councils.server";

export const handle = { messages: [accounts, councils] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = getTranslate(data?.locale ?? "ja", matches);
  const title = data ? t("councils.edit.title", { name: data.council.name }) : t("councils.staff.title");
  return [{ title: `${title} | ${t("common.appName")}` }, { name: "robots", content: "noindex" }];
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, STAFF_ROLES);
  const id = parseId(params.councilId);
  const db = await getDb();
  const [council, districts] = await Promise.all([orHttpError(getCouncil(db, id)), listDistrictOptions(db)]);
  return json({ locale: getLocale(request), council, districts, today: tokyoDate() }, { headers: { "Cache-Control": "private, no-store" } });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, STAFF_ROLES, context.clientIp);
  const id = parseId(params.councilId);
  const form = await readForm(request);
  const intent = formText(form, "intent");
  const db = await getDb();
  if (intent === "update") {
    const submission = parseForm(form, councilSchema, { intent });
    if (!submission.ok) return submission.reply;
    const saved = await orFieldError(updateCouncil(db, actor, id, submission.data));
    if (!saved.ok) return reject(submission.values, saved.errors, { status: saved.status, intent });
    return redirectWithFlash(`/staff/councils/${id}`, { key: "councils.saved" });
  }
  if (intent === "meeting") {
    const submission = parseForm(form, councilMeetingSchema, { intent });
    if (!submission.ok) return submission.reply;
    await orHttpError(addCouncilMeeting(db, actor, id, submission.data));
    return redirectWithFlash(`/staff/councils/${id}`, { key: "councils.meeting.saved" });
  }
  return json({ message: "unknown intent" }, { status: 400 });
}

/** What the edit form shows before anything is typed: the stored council. */
function storedValues(council: { name: string; districtId: number; theme: string; establishedOn: string; dissolvedOn: string | null; isPublic: boolean; residentMembers: number; professionalMembers: number; organisationMembers: number }): FormValues {
  return {
    name: council.name,
    districtId: String(council.districtId),
    theme: council.theme,
    establishedOn: council.establishedOn,
    dissolvedOn: council.dissolvedOn ?? "",
    residentMembers: String(council.residentMembers),
    professionalMembers: String(council.professionalMembers),
    organisationMembers: String(council.organisationMembers),
    ...(council.isPublic ? { isPublic: "on" } : {}),
  };
}

export default function CouncilPage() {
  const { council, districts, today } = useLoaderData<typeof loader>();
  const edit = useRejection<FormValues>({ intent: "update" });
  const meeting = useRejection<FormValues>({ intent: "meeting" });
  const t = useT();
  const locale = useLocale();
  const meetingValues = meeting.values ?? { heldOn: today, attendees: "", outcome: "" };
  return (
    <section className="narrow" aria-labelledby="council-title">
      <p>
        <Link to="/staff/councils">{t("councils.staff.back")}</Link>
      </p>
      <h1 id="council-title">{t("councils.edit.title", { name: council.name })}</h1>
      <p>
        {council.districtName} ·{" "}
        {council.dissolvedOn ? t("councils.status.dissolved", { date: formatCalendarDate(council.dissolvedOn, locale) }) : t("councils.status.active")}
      </p>
      <dl className="facts">
        <dt>{t("councils.field.residentMembers")}</dt>
        <dd>{council.residentMembers}</dd>
        <dt>{t("councils.field.professionalMembers")}</dt>
        <dd>{council.professionalMembers}</dd>
        <dt>{t("councils.field.organisationMembers")}</dt>
        <dd>{council.organisationMembers}</dd>
      </dl>

      <h2>{t("councils.staff.edit")}</h2>
      <CouncilForm
        values={edit.values ?? storedValues(council)}
        errors={edit.errors}
        formKey={`update-${edit.formKey}`}
        districts={districts}
        submitLabel={t("councils.save")}
        intent="update"
      />

      <h2 id="meetings-title">{t("councils.meeting.title")}</h2>
      <Form key={`meeting-${meeting.formKey}`} method="post" className="stack-form" noValidate aria-labelledby="meetings-title">
        <input type="hidden" name="intent" value="meeting" />
        <FormAlert message={Object.keys(meeting.errors).length > 0 ? t("form.hasErrors") : null} />
        <TextField name="heldOn" type="date" label={t("councils.meeting.heldOn")} defaultValue={meetingValues.heldOn ?? ""} error={meeting.errors.heldOn} />
        <TextField name="attendees" inputMode="numeric" label={t("councils.meeting.attendees")} defaultValue={meetingValues.attendees ?? ""} error={meeting.errors.attendees} />
        <div className="field">
          <label htmlFor="outcome">{t("councils.meeting.outcome")}</label>
          <textarea
            id="outcome"
            name="outcome"
            rows={4}
            defaultValue={meetingValues.outcome ?? ""}
            aria-invalid={meeting.errors.outcome ? true : undefined}
            aria-describedby={meeting.errors.outcome ? "outcome-error" : undefined}
          />
          {meeting.errors.outcome ? (
            <p className="field-error" id="outcome-error">
              {t(meeting.errors.outcome)}
            </p>
          ) : null}
        </div>
        <div className="actions">
          <button type="submit" className="button">
            {t("councils.meeting.add")}
          </button>
        </div>
      </Form>
      {council.meetings.length === 0 ? (
        <p>{t("councils.meeting.none")}</p>
      ) : (
        <ScrollRegion label={t("councils.meeting.caption")}>
          <table className="data-table">
            <caption>{t("councils.meeting.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("councils.meeting.heldOn")}</th>
                <th scope="col">{t("councils.meeting.attendees")}</th>
                <th scope="col">{t("councils.meeting.outcome")}</th>
              </tr>
            </thead>
            <tbody>
              {council.meetings.map((m) => (
                <tr key={m.id}>
                  <th scope="row">{formatCalendarDate(m.heldOn, locale)}</th>
                  <td className="number">{m.attendees}</td>
                  <td>{m.outcome}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}

      <h2>{t("councils.schemes.ofCouncil")}</h2>
      {council.schemes.length === 0 ? (
        <p>{t("councils.staff.noSchemes")}</p>
      ) : (
        <ul>
          {council.schemes.map((s) => (
            <li key={s.id}>
              <Link to={`/staff/mutual-aid/${s.id}`}>{s.name}</Link>（{formatCalendarDate(s.launchedOn, locale)}）
            </li>
          ))}
        </ul>
      )}
      <p>
        <Link to={`/staff/mutual-aid/new?councilId=${council.id}`}>{t("councils.staff.newScheme")}</Link>
      </p>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
