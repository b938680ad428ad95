import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { FormAlert, TextField } from "~/components/form-field";
import type { FieldErrors } from "~/lib/forms/parse";
import { useT, type MessageKey } from "~/lib/i18n";

// The forms for a 協議体 and a 支えあいの仕組み: plain posts that work without JavaScript, the
// typed values kept and each error beside its field (the project's form kit).

export type FormValues = Record<string, string>;
interface Option {
  id: number;
  name: string;
}

function FieldError({ id, error }: { id: string; error?: MessageKey }) {
  const t = useT();
  if (!error) return null;
  return (
    <p className="field-error" id={id}>
      {t(error)}
    </p>
  );
}

function SelectField({ name, label, value, error, children }: { name: string; label: string; value: string; error?: MessageKey; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      <select id={name} name={name} defaultValue={value} aria-invalid={error ? true : undefined} aria-describedby={error ? `${name}-error` : undefined}>
        {children}
      </select>
      <FieldError id={`${name}-error`} error={error} />
    </div>
  );
}

function TextAreaField({ name, label, value, error, rows = 4 }: { name: string; label: string; value: string; error?: MessageKey; rows?: number }) {
  return (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      <textarea id={name} name={name} rows={rows} defaultValue={value} aria-invalid={error ? true : undefined} aria-describedby={error ? `${name}-error` : undefined} />
      <FieldError id={`${name}-error`} error={error} />
    </div>
  );
}

function PublicCheckbox({ label, checked }: { label: string; checked: boolean }) {
  return (
    <div className="field checkboxes">
      <label>
        <input type="checkbox" name="isPublic" defaultChecked={checked} />
        {label}
      </label>
    </div>
  );
}

export const emptyCouncilValues: FormValues = {
  name: "",
  districtId: "",
  theme: "",
  establishedOn: "",
  dissolvedOn: "",
  residentMembers: "0",
  professionalMembers: "0",
  organisationMembers: "0",
};

interface CouncilFormProps {
  values: FormValues;
  errors: FieldErrors;
  formKey: string;
  districts: Option[];
  submitLabel: string;
  /** On a page of several forms, the intent this one posts. */
  intent?: string;
}

export function CouncilForm({ values, errors, formKey, districts, submitLabel, intent }: CouncilFormProps) {
  const t = useT();
  return (
    <Form key={formKey} method="post" className="stack-form" noValidate>
      {intent ? <input type="hidden" name="intent" value={intent} /> : null}
      <FormAlert message={Object.keys(errors).length > 0 ? t("form.hasErrors") : null} />
      <TextField name="name" label={t("councils.field.name")} hint={t("councils.field.name.hint")} defaultValue={values.name ?? ""} error={errors.name} maxLength={100} />
      <SelectField name="districtId" label={t("councils.field.district")} value={values.districtId ?? ""} error={errors.districtId}>
        <option value="">{t("councils.field.choose")}</option>
        {districts.map((d) => (
          <option key={d.id} value={d.id}>
            {d.name}
          </option>
        ))}
      </SelectField>
      <TextField name="theme" label={t("councils.field.theme")} hint={t("councils.field.theme.hint")} defaultValue={values.theme ?? ""} error={errors.theme} maxLength={100} />
      <TextField name="establishedOn" type="date" label={t("councils.field.establishedOn")} defaultValue={values.establishedOn ?? ""} error={errors.establishedOn} />
      <TextField
        name="dissolvedOn"
        type="date"
        label={t("councils.field.dissolvedOn")}
        hint={t("councils.field.dissolvedOn.hint")}
        defaultValue={values.dissolvedOn ?? ""}
        error={errors.dissolvedOn}
      />
      <fieldset className="field">
        <legend>{t("councils.field.members")}</legend>
        <TextField name="residentMembers" inputMode="numeric" label={t("councils.field.residentMembers")} defaultValue={values.residentMembers ?? "0"} error={errors.residentMembers} />
        <TextField
          name="professionalMembers"
          inputMode="numeric"
          label={t("councils.field.professionalMembers")}
          defaultValue={values.professionalMembers ?? "0"}
          error={errors.professionalMembers}
        />
        <TextField
          name="organisationMembers"
          inputMode="numeric"
          label={t("councils.field.organisationMembers")}
          defaultValue={values.organisationMembers ?? "0"}
          error={errors.organisationMembers}
        />
      </fieldset>
      <PublicCheckbox label={t("councils.field.isPublic")} checked={values.isPublic === "on"} />
      <div className="actions">
        <button type="submit" className="button">
          {submitLabel}
        </button>
        <Link to="/staff/councils">{t("councils.staff.back")}</Link>
      </div>
    </Form>
  );
}

export const emptySchemeValues: FormValues = { name: "", description: "", launchedOn: "", districtId: "", councilId: "" };

interface SchemeFormProps {
  values: FormValues;
  errors: FieldErrors;
  formKey: string;
  districts: Option[];
  councils: (Option & { districtName: string })[];
  submitLabel: string;
}

export function MutualAidSchemeForm({ values, errors, formKey, districts, councils, submitLabel }: SchemeFormProps) {
  const t = useT();
  return (
    <Form key={formKey} method="post" className="stack-form" noValidate>
      <FormAlert message={Object.keys(errors).length > 0 ? t("form.hasErrors") : null} />
      <TextField name="name" label={t("councils.scheme.name")} hint={t("councils.scheme.name.hint")} defaultValue={values.name ?? ""} error={errors.name} maxLength={100} />
      <TextAreaField name="description" label={t("councils.scheme.description")} value={values.description ?? ""} error={errors.description} />
      <TextField name="launchedOn" type="date" label={t("councils.scheme.launchedOn")} defaultValue={values.launchedOn ?? ""} error={errors.launchedOn} />
      <SelectField name="districtId" label={t("councils.field.district")} value={values.districtId ?? ""} error={errors.districtId}>
        <option value="">{t("councils.field.choose")}</option>
        {districts.map((d) => (
          <option key={d.id} value={d.id}>
            {d.name}
          </option>
        ))}
      </SelectField>
      <SelectField name="councilId" label={t("councils.scheme.council")} value={values.councilId ?? ""} error={errors.councilId}>
        <option value="">{t("councils.scheme.noCouncil")}</option>
        {councils.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}（{c.districtName}）
          </option>
        ))}
      </SelectField>
      <PublicCheckbox label={t("councils.field.isPublic")} checked={values.isPublic === "on"} />
      <div className="actions">
        <button type="submit" className="button">
          {submitLabel}
        </button>
        <Link to="/staff/councils">{t("councils.staff.back")}</Link>
      </div>
    </Form>
  );
}
