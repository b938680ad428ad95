import { Form, Link } from "@remix-run/react";
import { FormAlert, TextField } from "~/components/form-field";
import { CheckboxGroup, SelectField, TextAreaField } from "~/components/support-fields";
import type { FieldErrors } from "~/lib/forms/parse";
import { useT } from "~/lib/i18n";
import { supportConstraints, WALKING_MAX_METRES } from "~/lib/support";

/** What the form shows: the saved record, or what the coordinator typed before an error. */
export interface PersonFormValues {
  caseCode: string;
  pseudonym: string;
  realName: string;
  interests: string;
  constraints: string[];
  constraintNote: string;
  districtId: string;
  walkingMetres: string;
  consentGivenOn: string;
  consentPurpose: string;
  consentScope: string;
  clearUnreadableRealName?: boolean;
}

/** The person's profile and consent: the same form for registering and editing. */
export function SupportPersonForm({
  values,
  errors,
  districts,
  submitLabel,
  cancelHref,
  realNameUnreadable = false,
}: {
  values: PersonFormValues;
  errors: FieldErrors;
  districts: { id: number; name: string }[];
  submitLabel: string;
  cancelHref: string;
  /** The stored real name was written under another key: say so, and keep it unless asked. */
  realNameUnreadable?: boolean;
}) {
  const t = useT();
  return (
    <>
      <FormAlert message={Object.keys(errors).length > 0 ? t("form.hasErrors") : null} />
      <p>{t("support.privacyNote")}</p>
      <Form method="post" className="stack-form" noValidate>
        <TextField name="caseCode" label={t("support.field.caseCode")} hint={t("support.field.caseCode.hint")} required maxLength={40} autoComplete="off" defaultValue={values.caseCode} error={errors.caseCode} />
        <TextField name="pseudonym" label={t("support.field.pseudonym")} hint={t("support.field.pseudonym.hint")} required maxLength={60} autoComplete="off" defaultValue={values.pseudonym} error={errors.pseudonym} />
        <TextField
          name="realName"
          label={t("support.field.realName")}
          hint={realNameUnreadable ? t("support.field.realName.unreadableHint") : undefined}
          maxLength={60}
          autoComplete="off"
          defaultValue={values.realName}
          error={errors.realName}
        />
        {realNameUnreadable ? (
          <div className="field">
            <label>
              <input type="checkbox" name="clearUnreadableRealName" defaultChecked={values.clearUnreadableRealName ?? false} /> {t("support.field.realName.clearUnreadable")}
            </label>
          </div>
        ) : null}
        <TextField name="interests" label={t("support.field.interests")} hint={t("support.field.interests.hint")} autoComplete="off" defaultValue={values.interests} error={errors.interests} />
        <CheckboxGroup
          name="constraints"
          legend={t("support.field.constraints")}
          options={supportConstraints.map((code) => ({ value: code, label: t(`support.constraint.${code}`) }))}
          checked={values.constraints}
          error={errors.constraints}
        />
        <TextAreaField name="constraintNote" label={t("support.field.constraintNote")} maxLength={1000} defaultValue={values.constraintNote} error={errors.constraintNote} />
        <SelectField
          name="districtId"
          label={t("support.field.district")}
          options={[{ value: "", label: t("support.field.district.none") }, ...districts.map((d) => ({ value: String(d.id), label: d.name }))]}
          defaultValue={values.districtId}
          error={errors.districtId}
        />
        <TextField name="walkingMetres" label={t("support.field.walking")} hint={t("support.field.walking.hint")} inputMode="numeric" min={0} max={WALKING_MAX_METRES} defaultValue={values.walkingMetres} error={errors.walkingMetres} />
        <TextField name="consentGivenOn" type="date" label={t("support.field.consentGivenOn")} required defaultValue={values.consentGivenOn} error={errors.consentGivenOn} />
        <TextAreaField name="consentPurpose" label={t("support.field.consentPurpose")} required maxLength={1000} defaultValue={values.consentPurpose} error={errors.consentPurpose} />
        <TextAreaField name="consentScope" label={t("support.field.consentScope")} required maxLength={1000} defaultValue={values.consentScope} error={errors.consentScope} />
        <div className="actions">
          <button type="submit" className="button">
            {submitLabel}
          </button>
          <Link to={cancelHref}>{t("support.cancel")}</Link>
        </div>
      </Form>
    </>
  );
}

/** The raw form values, to send back with errors so nothing typed is lost. */
export function personFormValues(form: FormData): PersonFormValues {
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value : "";
  };
  return {
    caseCode: text("caseCode"),
    pseudonym: text("pseudonym"),
    realName: text("realName"),
    interests: text("interests"),
    constraints: form.getAll("constraints").filter((v): v is string => typeof v === "string"),
    constraintNote: text("constraintNote"),
    districtId: text("districtId"),
    walkingMetres: text("walkingMetres"),
    consentGivenOn: text("consentGivenOn"),
    consentPurpose: text("consentPurpose"),
    consentScope: text("consentScope"),
    clearUnreadableRealName: form.get("clearUnreadableRealName") === "on",
  };
}
