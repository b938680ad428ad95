import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ActivityForm, Checkbox, FieldError } from "~/components/activity-form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { TextField } from "~/components/form-field";
import { requireActor } from "~/lib/auth.server";
import { formatSession, tokyoDate, formatTime } from "~/lib/dates";
import { getDb } from "~/lib/db.server";
import { redirectWithFlash } from "~/lib/flash.server";
import { activityFormValues, activitySchema, cancelSchema, moveSchema, noteSchema, roleSchema, type ActivityFormValues } from "~/lib/forms/activity";
import { formArray, formObject, type FieldErrors } from "~/lib/forms/parse";
import { parseForm, reject } from "~/lib/forms/submission.server";
import { useRejection } from "~/lib/forms/use-rejection";
import { fieldRefusal, orHttpError, parseId, readForm, rethrowAsResponse } from "~/lib/http.server";
import { getTranslate, type MessageKey, type MessagesHandle, useT } from "~/lib/i18n";
import { loadTags } from "~/lib/load-tags";
import { hubEditorRoles } from "~/lib/roles";
import { getLocale } from "~/lib/locale.server";
import { listCategories } from "~/services/activities.server";
import { requireEditableActivity } from "~/services/permissions.server";
import {
  addRole,
  annotateOccurrence,
  archiveRole,
  cancelOccurrence,
  endActivity,
  getActivityForOrganiser,
  moveOccurrence,
  restoreOccurrence,
  updateActivity,
  updateRole,
} from "~/services/organise.server";
import { accounts } from "~/lib/i18n/messages/accounts";
import { details } from "~/lib/i18n/messages/details";
import { organise } from "~/lib/i18n/messages/organise";

export const handle = { messages: [accounts, details, organise] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = getTranslate(data?.locale ?? "ja", matches);
  return [{ title: `${t("orgActivities.edit.title", { title: data?.activity.title ?? "" })} | ${t("common.appName")}` }];
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const activityId = parseId(params.activityId);
  const actor = await requireActor(request, hubEditorRoles);
  const db = await getDb();
  const data = await orHttpError(getActivityForOrganiser(db, actor, activityId));
  const a = data.activity;
  const values: ActivityFormValues = {
    title: a.title,
    titleKana: a.titleKana ?? "",
    description: a.description,
    category: data.categoryCode,
    audience: a.audience,
    feeYen: String(a.feeYen),
    feeNote: a.feeNote ?? "",
    registrationRequired: a.registrationRequired ? "on" : "",
    capacity: a.capacity === null ? "" : String(a.capacity),
    maxPartySize: String(a.maxPartySize),
    applicationPhone: a.applicationPhone ?? "",
    applicationMethod: a.applicationMethod ?? "",
    welcomesSupported: a.welcomesSupported ? "on" : "",
    accessibilityNotes: a.accessibilityNotes ?? "",
    trainingCourse: a.trainingCourse ?? "",
    scheduleKind: a.scheduleKind,
    interval: String(a.interval),
    weekdays: a.weekdays.map(String),
    monthWeeks: a.monthWeeks.map(String),
    startDate: a.startDate,
    endDate: a.endDate ?? "",
    startTime: a.startTime.slice(0, 5),
    endTime: a.endTime.slice(0, 5),
    exceptionDates: a.exceptionDates.join("\n"),
  };
  const locale = getLocale(request);
  return json({
    locale,
    activity: { id: a.id, title: a.title, status: a.status, hubId: a.hubId, hubName: data.hubName },
    values,
    categories: await listCategories(db),
    roles: data.roles.map((r) => ({ id: r.id, name: r.name, description: r.description, slots: r.slots, skills: r.skills, loadTags: r.loadTags, allowsOverlap: r.allowsOverlap })),
    sessions: data.sessions.map((s) => ({
      id: s.id,
      when: formatSession(s.startsAt, s.endsAt, locale),
      date: tokyoDate(s.startsAt),
      startTime: formatTime(s.startsAt),
      endTime: formatTime(s.endsAt),
      status: s.status,
      cancelReason: s.cancelReason,
      note: s.note ?? "",
    })),
  });
}

/** What a refused form of this page sends back: its text fields, and the role's load tags as a list. */
type Values = Record<string, string | string[]>;
const roleValues = (form: FormData): Values => ({ ...formObject(form), loadTags: formArray(form, "loadTags") });

export async function action({ request, params }: ActionFunctionArgs) {
  const activityId = parseId(params.activityId);
  const actor = await requireActor(request, hubEditorRoles);
  const db = await getDb();
  // Out of scope is refused before the form is read, whatever it holds (404, like no such activity).
  await orHttpError(requireEditableActivity(db, actor, activityId));
  const form = await readForm(request);
  const fields = formObject(form);
  const intent = fields.intent ?? "";
  const back = (key: MessageKey = "orgActivities.saved") => redirectWithFlash(`/organise/activities/${activityId}`, { key });
  // The row a form names (a role, a session): a refusal is shown beside that row's form.
  const target = fields.targetId ? parseId(fields.targetId) : null;
  /** The session the form names; the services refuse one not of this activity (404). */
  const session = () => {
    if (target === null) throw json({ message: "missing session" }, { status: 400 });
    return { activityId, occurrenceId: target };
  };

  try {
    switch (intent) {
      case "save": {
        const submission = parseForm(form, activitySchema, { values: (f): Values => ({ ...activityFormValues(f) }), intent });
        if (!submission.ok) return submission.reply;
        await updateActivity(db, actor, { activityId, input: submission.data });
        return back();
      }
      case "end":
        await endActivity(db, actor, { activityId });
        return back();
      case "addRole":
      case "updateRole": {
        const submission = parseForm(form, roleSchema, { values: roleValues, intent, target });
        if (!submission.ok) return submission.reply;
        if (intent === "addRole") await addRole(db, actor, { activityId, input: submission.data });
        else await updateRole(db, actor, { activityId, roleId: target ?? 0, input: submission.data });
        return back();
      }
      case "archiveRole":
        await archiveRole(db, actor, { activityId, roleId: target ?? 0 });
        return back();
      case "cancel": {
        const submission = parseForm(form, cancelSchema, { intent, target: session().occurrenceId });
        if (!submission.ok) return submission.reply;
        await cancelOccurrence(db, actor, { ...session(), reason: submission.data.reason });
        return back("orgActivities.session.cancelled");
      }
      case "restore":
        await restoreOccurrence(db, actor, session());
        return back("orgActivities.session.restored");
      case "move": {
        const submission = parseForm(form, moveSchema, { intent, target: session().occurrenceId });
        if (!submission.ok) return submission.reply;
        await moveOccurrence(db, actor, { ...session(), ...submission.data });
        return back("orgActivities.session.moved");
      }
      case "note": {
        const submission = parseForm(form, noteSchema, { intent, target: session().occurrenceId });
        if (!submission.ok) return submission.reply;
        await annotateOccurrence(db, actor, { ...session(), note: submission.data.note });
        return back("orgActivities.session.noted");
      }
      default:
        return json({ message: "unknown intent" }, { status: 400 });
    }
  } catch (error) {
    // A service's refusal of one field (slots below the people already placed) lands beside it.
    const onField = fieldRefusal(error);
    if (onField) return reject<Values>(fields, onField.errors, { status: onField.status, intent, target });
    return rethrowAsResponse(error);
  }
}

interface RoleValues {
  name: string;
  description: string;
  slots: string;
  skills: string;
  loadTags: string[];
  allowsOverlap: boolean;
}

function RoleFields({ idPrefix, values, errors }: { idPrefix: string; values: RoleValues; errors: FieldErrors }) {
  const t = useT();
  return (
    <>
      <TextField id={`${idPrefix}-name`} name="name" label={t("orgActivities.role.name")} defaultValue={values.name} error={errors.name} />
      <TextField id={`${idPrefix}-description`} name="description" label={t("orgActivities.role.description")} defaultValue={values.description} error={errors.description} />
      <TextField id={`${idPrefix}-slots`} name="slots" label={t("orgActivities.role.slots")} defaultValue={values.slots} error={errors.slots} inputMode="numeric" />
      <TextField id={`${idPrefix}-skills`} name="skills" label={t("orgActivities.role.skills")} defaultValue={values.skills} error={errors.skills} />
      <fieldset className="field checkboxes">
        <legend>{t("orgActivities.role.loadTags")}</legend>
        {loadTags.map((tag) => (
          <label key={tag}>
            <input type="checkbox" name="loadTags" value={tag} defaultChecked={values.loadTags.includes(tag)} />
            {t(`loadTag.${tag}`)}
          </label>
        ))}
        <FieldError id={`${idPrefix}-loadTags`} error={errors.loadTags} />
      </fieldset>
      <Checkbox
        name="allowsOverlap"
        id={`${idPrefix}-allowsOverlap`}
        label={t("orgActivities.role.allowsOverlap")}
        hint={t("orgActivities.role.allowsOverlapHint")}
        checked={values.allowsOverlap}
      />
    </>
  );
}

function text(values: Values | undefined, name: string, fallback: string): string {
  const value = values?.[name];
  return typeof value === "string" ? value : fallback;
}

/** The load tags a refused role form was sent with (none ticked is an empty list, not "unchanged"). */
function tagsOf(values: Values | undefined): string[] {
  const value = values?.loadTags;
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

export default function EditActivity() {
  const { activity, values, categories, roles, sessions } = useLoaderData<typeof loader>();
  const rejection = useRejection<Values>();
  const { formKey } = rejection;
  const t = useT();
  const failed = (intent: string, target: number | null = null) => rejection.of({ intent, target });
  const saveFailure = failed("save");
  const ended = activity.status === "ended";
  return (
    <section aria-labelledby="edit-title">
      <p className="breadcrumb">
        <Link to="/organise">{t("orgActivities.back")}</Link> ・ <Link to={`/activities/${activity.id}`}>{t("orgActivities.viewPublic")}</Link>
      </p>
      <h1 id="edit-title">{t("orgActivities.edit.title", { title: activity.title })}</h1>
      <p className="hub-kind">{activity.hubName}</p>
      {ended ? (
        <p className="notice">{t("orgActivities.ended")}</p>
      ) : (
        <ActivityForm
          key={formKey}
          values={saveFailure ? activityFormValuesFrom(saveFailure.values) : values}
          errors={saveFailure?.errors ?? {}}
          categories={categories}
          submitLabel={t("orgActivities.save")}
        />
      )}

      <section aria-labelledby="sessions-title">
        <h2 id="sessions-title">{t("orgActivities.sessions.title")}</h2>
        {sessions.length === 0 ? <p>{t("orgActivities.sessions.none")}</p> : null}
        <ul className="organise-sessions">
          {sessions.map((s) => {
            const cancelFailure = failed("cancel", s.id);
            const moveFailure = failed("move", s.id);
            const noteFailure = failed("note", s.id);
            return (
              <li key={s.id} className={s.status === "cancelled" ? "session is-cancelled" : "session"}>
                <h3 id={`session-${s.id}`}>
                  {s.status === "cancelled" ? <s>{s.when}</s> : s.when}
                  {s.status === "cancelled" ? (
                    <strong className="badge badge-cancelled">
                      {s.cancelReason ? t("activities.cancelledWithReason", { reason: s.cancelReason }) : t("activities.cancelled")}
                    </strong>
                  ) : null}
                </h3>
                {s.status === "cancelled" ? (
                  <Form method="post">
                    <input type="hidden" name="targetId" value={s.id} />
                    <button type="submit" name="intent" value="restore" className="button secondary small">
                      {t("orgActivities.session.restore")}
                    </button>
                  </Form>
                ) : (
                  <details key={formKey} open={Boolean(cancelFailure || moveFailure || noteFailure)}>
                    <summary>{t("orgActivities.session.cancel")}・{t("orgActivities.session.move")}</summary>
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="targetId" value={s.id} />
                      <TextField id={`reason-${s.id}`} name="reason" label={t("orgActivities.session.reason")} defaultValue={text(cancelFailure?.values, "reason", "")} error={cancelFailure?.errors.reason} />
                      <button type="submit" name="intent" value="cancel" className="button danger small">
                        {t("orgActivities.session.cancel")}
                      </button>
                    </Form>
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="targetId" value={s.id} />
                      <TextField id={`date-${s.id}`} name="date" type="date" label={t("orgActivities.session.date")} defaultValue={text(moveFailure?.values, "date", s.date)} error={moveFailure?.errors.date} />
                      <TextField id={`start-${s.id}`} name="startTime" label={t("orgActivities.session.startTime")} defaultValue={text(moveFailure?.values, "startTime", s.startTime)} error={moveFailure?.errors.startTime} />
                      <TextField id={`end-${s.id}`} name="endTime" label={t("orgActivities.session.endTime")} defaultValue={text(moveFailure?.values, "endTime", s.endTime)} error={moveFailure?.errors.endTime} />
                      <button type="submit" name="intent" value="move" className="button secondary small">
                        {t("orgActivities.session.move")}
                      </button>
                    </Form>
                  </details>
                )}
                <Form method="post" className="inline-form" key={`note-${s.id}-${formKey}`}>
                  <input type="hidden" name="targetId" value={s.id} />
                  <TextField id={`note-${s.id}`} name="note" label={t("orgActivities.session.note")} defaultValue={text(noteFailure?.values, "note", s.note)} error={noteFailure?.errors.note} />
                  <button type="submit" name="intent" value="note" className="button secondary small">
                    {t("orgActivities.session.saveNote")}
                  </button>
                </Form>
              </li>
            );
          })}
        </ul>
      </section>

      <section aria-labelledby="roles-title">
        <h2 id="roles-title">{t("orgActivities.roles.title")}</h2>
        {roles.length === 0 ? <p>{t("orgActivities.roles.none")}</p> : null}
        {roles.map((role) => {
          const roleFailure = failed("updateRole", role.id);
          const v = roleFailure?.values;
          return (
            <Form method="post" key={`${role.id}-${formKey}`} className="role-card organise-form">
              <input type="hidden" name="targetId" value={role.id} />
              <RoleFields
                idPrefix={`role-${role.id}`}
                errors={roleFailure?.errors ?? {}}
                values={{
                  name: text(v, "name", role.name),
                  description: text(v, "description", role.description),
                  slots: text(v, "slots", String(role.slots)),
                  skills: text(v, "skills", role.skills.join("、")),
                  loadTags: v ? tagsOf(v) : role.loadTags,
                  allowsOverlap: v ? v.allowsOverlap !== undefined : role.allowsOverlap,
                }}
              />
              <div className="actions">
                <button type="submit" name="intent" value="updateRole" className="button small">
                  {t("orgActivities.roles.save")}
                </button>
                <button type="submit" name="intent" value="archiveRole" className="button secondary small">
                  {t("orgActivities.roles.remove")}
                </button>
              </div>
            </Form>
          );
        })}
        <Form method="post" key={formKey} className="role-card organise-form" aria-labelledby="add-role-title">
          <h3 id="add-role-title">{t("orgActivities.roles.add")}</h3>
          <RoleFields
            idPrefix="new-role"
            errors={failed("addRole")?.errors ?? {}}
            values={{
              name: text(failed("addRole")?.values, "name", ""),
              description: text(failed("addRole")?.values, "description", ""),
              slots: text(failed("addRole")?.values, "slots", "1"),
              skills: text(failed("addRole")?.values, "skills", ""),
              loadTags: tagsOf(failed("addRole")?.values),
              allowsOverlap: failed("addRole")?.values.allowsOverlap !== undefined,
            }}
          />
          <button type="submit" name="intent" value="addRole" className="button small">
            {t("orgActivities.roles.add")}
          </button>
        </Form>
      </section>

      {!ended ? (
        <section aria-labelledby="end-title" className="danger-zone">
          <h2 id="end-title">{t("orgActivities.end.title")}</h2>
          <p>{t("orgActivities.end.body")}</p>
          <Form method="post">
            <button type="submit" name="intent" value="end" className="button danger">
              {t("orgActivities.end.button")}
            </button>
          </Form>
        </section>
      ) : null}
    </section>
  );
}

function activityFormValuesFrom(values: Values): ActivityFormValues {
  const form = new FormData();
  for (const [key, value] of Object.entries(values)) {
    for (const v of Array.isArray(value) ? value : [value]) form.append(key, v);
  }
  return activityFormValues(form);
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
