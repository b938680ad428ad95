import { Form } from "@remix-run/react";
import { lazy, useCallback, useState } from "react";
import { accessibilityFeatures, accessibilityLabelKey } from "~/lib/accessibility";
import type { FieldErrors } from "~/lib/forms/parse";
import { hubStatuses, type HubFormValues } from "~/lib/forms/hubs";
import type { LatLng } from "~/lib/geo";
import { pickLabel, useLocale, useT, type MessageKey } from "~/lib/i18n";
import { ClientOnly } from "./client-only";
import { FormAlert, TextField } from "./form-field";
import { withLeafletCss } from "./leaflet-css";

const LocationPicker = lazy(() => withLeafletCss(() => import("./location-picker.client")));

export interface HubFormOptions {
  kinds: { id: number; labelJa: string; labelEn: string }[];
  districts: { id: number; name: string }[];
  associations: { id: number; name: string; districtName: string }[];
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

function parsePoint(lat: string, lng: string): LatLng | null {
  const point = { lat: Number(lat), lng: Number(lng) };
  if (lat.trim() === "" || lng.trim() === "" || !Number.isFinite(point.lat) || !Number.isFinite(point.lng)) return null;
  if (Math.abs(point.lat) > 90 || Math.abs(point.lng) > 180) return null;
  return point;
}

/**
 * Every field of a hub, as one real form. The map sets the latitude and longitude fields; the
 * fields themselves are the way without JavaScript.
 */
export function HubForm(props: {
  options: HubFormOptions;
  values: HubFormValues;
  errors: FieldErrors;
  tileUrl: string;
  attribution: string;
  /** Sent with the form; the server checks it against the URL. */
  hubId?: number;
}) {
  const { options, values, errors } = props;
  const t = useT();
  const locale = useLocale();
  const [lat, setLat] = useState(values.lat);
  const [lng, setLng] = useState(values.lng);
  const onPick = useCallback((point: LatLng) => {
    setLat(String(point.lat));
    setLng(String(point.lng));
  }, []);
  const select = (name: "kindId" | "districtId", label: MessageKey, choices: { id: number; label: string }[]) => (
    <div className="field">
      <label htmlFor={name}>{t(label)}</label>
      <select
        id={name}
        name={name}
        defaultValue={values[name]}
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={errors[name] ? `${name}-error` : undefined}
      >
        <option value="">{t("hubForm.choose")}</option>
        {choices.map((choice) => (
          <option key={choice.id} value={choice.id}>
            {choice.label}
          </option>
        ))}
      </select>
      <FieldError id={`${name}-error`} error={errors[name]} />
    </div>
  );
  return (
    <Form method="post" className="stack-form hub-form" noValidate>
      {Object.keys(errors).length > 0 ? <FormAlert message={t("form.hasErrors")} /> : null}
      {props.hubId !== undefined ? <input type="hidden" name="hubId" value={props.hubId} /> : null}
      <TextField name="name" label={t("hubForm.name")} required defaultValue={values.name} error={errors.name} maxLength={100} />
      <TextField name="nameKana" label={t("hubForm.nameKana")} defaultValue={values.nameKana} error={errors.nameKana} maxLength={200} autoComplete="off" />
      <div className="field">
        <label htmlFor="description">{t("hubForm.description")}</label>
        <textarea
          id="description"
          name="description"
          rows={5}
          defaultValue={values.description}
          aria-invalid={errors.description ? true : undefined}
          aria-describedby={errors.description ? "description-error" : undefined}
        />
        <FieldError id="description-error" error={errors.description} />
      </div>
      {select("kindId", "hubForm.kind", options.kinds.map((k) => ({ id: k.id, label: pickLabel(locale, k) })))}
      {select("districtId", "hubForm.district", options.districts.map((d) => ({ id: d.id, label: d.name })))}
      <TextField name="address" label={t("hubForm.address")} required defaultValue={values.address} error={errors.address} maxLength={200} />
      <fieldset className="field">
        <legend>{t("hubForm.location")}</legend>
        <p className="hint" id="location-hint">
          {t("hubForm.locationHint")}
        </p>
        <ClientOnly fallback={null}>
          {() => (
            <LocationPicker tileUrl={props.tileUrl} attribution={props.attribution} value={parsePoint(lat, lng)} onChange={onPick} label={t("hubForm.mapLabel")} />
          )}
        </ClientOnly>
        <div className="coordinates">
          <TextField
            name="lat"
            label={t("hubForm.lat")}
            inputMode="decimal"
            value={lat}
            onChange={(event) => setLat(event.target.value)}
            error={errors.lat}
            aria-describedby="location-hint"
          />
          <TextField
            name="lng"
            label={t("hubForm.lng")}
            inputMode="decimal"
            value={lng}
            onChange={(event) => setLng(event.target.value)}
            error={errors.lng}
          />
        </div>
      </fieldset>
      <fieldset className="field checkboxes">
        <legend>{t("hubForm.accessibility")}</legend>
        {accessibilityFeatures.map((feature) => (
          <label key={feature}>
            <input type="checkbox" name="accessibility" value={feature} defaultChecked={values.accessibility.includes(feature)} />
            {t(accessibilityLabelKey(feature))}
          </label>
        ))}
        <FieldError id="accessibility-error" error={errors.accessibility} />
      </fieldset>
      <TextField name="contactPhone" type="tel" label={t("hubForm.contactPhone")} defaultValue={values.contactPhone} error={errors.contactPhone} autoComplete="off" />
      <TextField name="contactEmail" type="email" label={t("hubForm.contactEmail")} defaultValue={values.contactEmail} error={errors.contactEmail} autoComplete="off" />
      <div className="field">
        <label htmlFor="contactNote">{t("hubForm.contactNote")}</label>
        <textarea
          id="contactNote"
          name="contactNote"
          rows={2}
          defaultValue={values.contactNote}
          aria-invalid={errors.contactNote ? true : undefined}
          aria-describedby={errors.contactNote ? "contactNote-error" : undefined}
        />
        <FieldError id="contactNote-error" error={errors.contactNote} />
      </div>
      <TextField name="parkingInfo" label={t("hubForm.parkingInfo")} defaultValue={values.parkingInfo} error={errors.parkingInfo} maxLength={200} />
      <fieldset className="field checkboxes">
        <legend>{t("hubForm.associations")}</legend>
        {options.associations.map((association) => (
          <label key={association.id}>
            <input type="checkbox" name="associationIds" value={association.id} defaultChecked={values.associationIds.includes(String(association.id))} />
            {association.name}（{association.districtName}）
          </label>
        ))}
        <FieldError id="associationIds-error" error={errors.associationIds} />
      </fieldset>
      <fieldset className="field checkboxes">
        <legend>{t("hubForm.status")}</legend>
        {hubStatuses.map((status) => (
          <label key={status}>
            <input type="radio" name="status" value={status} defaultChecked={values.status === status} />
            {t(`hubForm.status.${status}`)}
          </label>
        ))}
        <FieldError id="status-error" error={errors.status} />
      </fieldset>
      <div className="actions">
        <button type="submit" className="button">
          {t("hubForm.save")}
        </button>
      </div>
    </Form>
  );
}
