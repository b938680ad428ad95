import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { audiences } from "~/lib/activity-search";
import type { ActivityFormValues } from "~/lib/forms/activity";
import type { FieldErrors } from "~/lib/forms/parse";
import { pickLabel, useLocale, useT, type MessageKey } from "~/lib/i18n";
import { monthWeekLabel } from "~/lib/schedule-words";
import { trainingCourses } from "~/lib/training-courses";
import { isoWeekdays, weekdayLabel } from "~/lib/weekdays";
import { TextField } from "./form-field";

/** The error under a field, tied to it by id (aria-describedby on the control). */
export function FieldError({ id, error }: { id: string; error?: MessageKey }) {
  const t = useT();
  if (!error) return null;
  return (
    <p className="field-error" id={`${id}-error`}>
      {t(error)}
    </p>
  );
}

function describedBy(id: string, error?: MessageKey, hint?: boolean): string | undefined {
  return [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
}

function Select({ name, label, value, error, children }: { name: string; label: string; value: string; error?: MessageKey; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      <select id={name} name={name} defaultValue={value} aria-invalid={error ? true : undefined} aria-describedby={describedBy(name, error)}>
        {children}
      </select>
      <FieldError id={name} error={error} />
    </div>
  );
}

/** One checkbox with its label, and an optional hint read with it. */
export function Checkbox({ name, label, checked, hint, id }: { name: string; label: string; checked: boolean; hint?: string; id?: string }) {
  const hintId = hint && id ? `${id}-hint` : undefined;
  return (
    <div className="field checkboxes">
      <label>
        <input type="checkbox" name={name} defaultChecked={checked} aria-describedby={hintId} />
        {label}
      </label>
      {hint ? (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}

export const emptyActivityForm: ActivityFormValues = {
  title: "",
  titleKana: "",
  description: "",
  category: "",
  audience: "everyone",
  feeYen: "0",
  feeNote: "",
  registrationRequired: "",
  capacity: "",
  maxPartySize: "4",
  applicationPhone: "",
  applicationMethod: "",
  welcomesSupported: "",
  accessibilityNotes: "",
  trainingCourse: "",
  scheduleKind: "weekly",
  interval: "1",
  weekdays: [],
  monthWeeks: [],
  startDate: "",
  endDate: "",
  startTime: "10:00",
  endTime: "11:00",
  exceptionDates: "",
};

/**
 * The activity form (details and schedule as people say it). A real form: it posts without
 * JavaScript, and a refused submission comes back with every typed value and a message beside
 * each field that needs fixing.
 */
export function ActivityForm({
  values,
  errors,
  categories,
  submitLabel,
}: {
  values: ActivityFormValues;
  errors: FieldErrors;
  categories: { code: string; labelJa: string; labelEn: string }[];
  submitLabel: string;
}) {
  const t = useT();
  const locale = useLocale();
  const hasErrors = Object.keys(errors).length > 0;
  return (
    <Form method="post" className="organise-form" noValidate>
      <input type="hidden" name="intent" value="save" />
      {hasErrors ? (
        <div className="notice" role="alert">
          <p>{t("orgActivities.form.hasErrors")}</p>
        </div>
      ) : null}
      <fieldset>
        <legend>{t("orgActivities.section.details")}</legend>
        <TextField name="title" label={t("orgActivities.field.title")} defaultValue={values.title} error={errors.title} required />
        <TextField name="titleKana" label={t("orgActivities.field.titleKana")} defaultValue={values.titleKana} error={errors.titleKana} autoComplete="off" />
        <div className="field">
          <label htmlFor="description">{t("orgActivities.field.description")}</label>
          <textarea id="description" name="description" rows={4} defaultValue={values.description} aria-invalid={errors.description ? true : undefined} aria-describedby={describedBy("description", errors.description)} />
          <FieldError id="description" error={errors.description} />
        </div>
        <Select name="category" label={t("orgActivities.field.category")} value={values.category} error={errors.category}>
          <option value="">—</option>
          {categories.map((c) => (
            <option key={c.code} value={c.code}>
              {pickLabel(locale, c)}
            </option>
          ))}
        </Select>
        <Select name="audience" label={t("orgActivities.field.audience")} value={values.audience} error={errors.audience}>
          {audiences.map((a) => (
            <option key={a} value={a}>
              {t(`audience.${a}`)}
            </option>
          ))}
        </Select>
        <TextField name="feeYen" label={t("orgActivities.field.feeYen")} defaultValue={values.feeYen} error={errors.feeYen} inputMode="numeric" />
        <TextField name="feeNote" label={t("orgActivities.field.feeNote")} defaultValue={values.feeNote} error={errors.feeNote} />
        <TextField name="capacity" label={t("orgActivities.field.capacity")} defaultValue={values.capacity} error={errors.capacity} inputMode="numeric" />
        <Checkbox name="registrationRequired" label={t("orgActivities.field.registrationRequired")} checked={values.registrationRequired === "on"} />
        <TextField
          name="maxPartySize"
          label={t("orgActivities.field.maxPartySize")}
          hint={t("orgActivities.field.maxPartySizeHint")}
          defaultValue={values.maxPartySize}
          error={errors.maxPartySize}
          inputMode="numeric"
        />
        <TextField
          name="applicationPhone"
          type="tel"
          label={t("orgActivities.field.applicationPhone")}
          hint={t("orgActivities.field.applicationPhoneHint")}
          defaultValue={values.applicationPhone}
          error={errors.applicationPhone}
        />
        <TextField
          name="applicationMethod"
          label={t("orgActivities.field.applicationMethod")}
          hint={t("orgActivities.field.applicationMethodHint")}
          defaultValue={values.applicationMethod}
          error={errors.applicationMethod}
        />
        <Checkbox name="welcomesSupported" label={t("orgActivities.field.welcomesSupported")} checked={values.welcomesSupported === "on"} />
        <TextField name="accessibilityNotes" label={t("orgActivities.field.accessibilityNotes")} defaultValue={values.accessibilityNotes} error={errors.accessibilityNotes} />
        <Select name="trainingCourse" label={t("orgActivities.field.trainingCourse")} value={values.trainingCourse} error={errors.trainingCourse}>
          <option value="">{t("orgActivities.trainingCourse.none")}</option>
          {trainingCourses.map((c) => (
            <option key={c} value={c}>
              {t(`orgActivities.trainingCourse.${c}`)}
            </option>
          ))}
        </Select>
      </fieldset>
      <fieldset>
        <legend>{t("orgActivities.section.schedule")}</legend>
        <p className="hint">{t("orgActivities.scheduleHint")}</p>
        <fieldset className="field checkboxes" aria-describedby={describedBy("scheduleKind", errors.scheduleKind)}>
          <legend>{t("orgActivities.field.scheduleKind")}</legend>
          {(["once", "weekly", "monthly"] as const).map((kind) => (
            <label key={kind}>
              <input type="radio" name="scheduleKind" value={kind} defaultChecked={values.scheduleKind === kind} />
              {t(`orgActivities.kind.${kind}`)}
            </label>
          ))}
          <FieldError id="scheduleKind" error={errors.scheduleKind} />
        </fieldset>
        <Select name="interval" label={t("orgActivities.field.interval")} value={values.interval} error={errors.interval}>
          {(["1", "2", "3", "4"] as const).map((n) => (
            <option key={n} value={n}>
              {t(`orgActivities.interval.${n}`)}
            </option>
          ))}
        </Select>
        <fieldset className="field checkboxes" aria-describedby={describedBy("weekdays", errors.weekdays)}>
          <legend>{t("orgActivities.field.weekdays")}</legend>
          {isoWeekdays.map((day) => (
            <label key={day}>
              <input type="checkbox" name="weekdays" value={day} defaultChecked={values.weekdays.includes(String(day))} />
              {weekdayLabel(t, day, true)}
            </label>
          ))}
          <FieldError id="weekdays" error={errors.weekdays} />
        </fieldset>
        <fieldset className="field checkboxes" aria-describedby={describedBy("monthWeeks", errors.monthWeeks)}>
          <legend>{t("orgActivities.field.monthWeeks")}</legend>
          {[1, 2, 3, 4, -1].map((week) => (
            <label key={week}>
              <input type="checkbox" name="monthWeeks" value={week} defaultChecked={values.monthWeeks.includes(String(week))} />
              {monthWeekLabel(t, week)}
            </label>
          ))}
          <FieldError id="monthWeeks" error={errors.monthWeeks} />
        </fieldset>
        <TextField name="startDate" type="date" label={t("orgActivities.field.startDate")} defaultValue={values.startDate} error={errors.startDate} required />
        <TextField name="endDate" type="date" label={t("orgActivities.field.endDate")} defaultValue={values.endDate} error={errors.endDate} />
        <TextField name="startTime" label={t("orgActivities.field.startTime")} defaultValue={values.startTime} error={errors.startTime} placeholder="10:00" inputMode="numeric" required />
        <TextField name="endTime" label={t("orgActivities.field.endTime")} defaultValue={values.endTime} error={errors.endTime} placeholder="11:30" inputMode="numeric" required />
        <div className="field">
          <label htmlFor="exceptionDates">{t("orgActivities.field.exceptionDates")}</label>
          <p className="hint" id="exceptionDates-hint">
            {t("orgActivities.field.exceptionDatesHint")}
          </p>
          <textarea
            id="exceptionDates"
            name="exceptionDates"
            rows={3}
            defaultValue={values.exceptionDates}
            aria-invalid={errors.exceptionDates ? true : undefined}
            aria-describedby={describedBy("exceptionDates", errors.exceptionDates, true)}
          />
          <FieldError id="exceptionDates" error={errors.exceptionDates} />
        </div>
      </fieldset>
      <div className="actions">
        <button type="submit" className="button">
          {submitLabel}
        </button>
      </div>
    </Form>
  );
}
