import { Link } from "@remix-run/react";
import { accessibilityFeatures, accessibilityLabelKey } from "~/lib/accessibility";
import { formatLatLng, type LatLng } from "~/lib/geo";
import { useT } from "~/lib/i18n";
import { useHydrated } from "./client-only";

interface Place {
  id: number;
  name: string;
  lat: number;
  lng: number;
}

/**
 * The district filter (`district=`): a select of a city's districts, or, past DISTRICT_LIST_MAX,
 * a name to type (no list to download), with the districts whose name contains what was typed
 * offered as links when it names none. What was typed stays in the field.
 */
export function DistrictField({
  districts,
  typed,
  districtId,
  typedText,
  suggestions,
}: {
  districts: Place[];
  typed: boolean;
  districtId?: number;
  typedText: string;
  suggestions: { id: number; name: string }[];
}) {
  const t = useT();
  if (!typed) {
    return (
      <div className="field">
        <label htmlFor="district">{t("search.district.label")}</label>
        <select id="district" name="district" defaultValue={districtId ?? ""}>
          <option value="">{t("search.any")}</option>
          {districts.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
        </select>
      </div>
    );
  }
  const chosen = districts.find((d) => d.id === districtId)?.name;
  return (
    <div className="field">
      <label htmlFor="district">{t("search.district.label")}</label>
      <p className="hint" id="district-hint">
        {t("search.district.typed")}
      </p>
      <input id="district" name="district" type="text" defaultValue={chosen ?? typedText} aria-describedby="district-hint" autoComplete="off" />
      {suggestions.length > 0 ? (
        <p role="status">
          {t("search.district.suggest", { name: typedText })}{" "}
          {suggestions.map((d) => (
            <Link key={d.id} to={`/?district=${d.id}#results`} className="suggestion">
              {d.name}
            </Link>
          ))}
        </p>
      ) : null}
    </div>
  );
}

/**
 * "近い順に並べる": stations and districts as a plain select whose values are "lat,lng" (the same
 * `near=` the URL shares), plus "現在地を使う" once JavaScript runs and the browser can locate.
 */
export function NearPointField({
  near,
  landmarks,
  districts,
  onLocate,
}: {
  near?: LatLng;
  landmarks: Place[];
  districts: Place[];
  onLocate?: (point: LatLng) => void;
}) {
  const t = useT();
  const hydrated = useHydrated();
  const value = near ? formatLatLng(near) : "";
  const listed = [...landmarks, ...districts].some((p) => formatLatLng(p) === value);
  return (
    <div className="field">
      <label htmlFor="near">{t("search.near.label")}</label>
      <select id="near" name="near" defaultValue={value}>
        <option value="">{t("search.near.none")}</option>
        {near && !listed ? <option value={value}>{t("search.near.chosenPoint")}</option> : null}
        <optgroup label={t("search.near.stations")}>
          {landmarks.map((p) => (
            <option key={`l${p.id}`} value={formatLatLng(p)}>
              {p.name}
            </option>
          ))}
        </optgroup>
        <optgroup label={t("search.near.districts")}>
          {districts.map((p) => (
            <option key={`d${p.id}`} value={formatLatLng(p)}>
              {p.name}
            </option>
          ))}
        </optgroup>
      </select>
      {onLocate && hydrated && "geolocation" in navigator ? (
        <button
          type="button"
          className="button secondary"
          onClick={() =>
            navigator.geolocation.getCurrentPosition((position) =>
              onLocate({ lat: position.coords.latitude, lng: position.coords.longitude }),
            )
          }
        >
          {t("search.near.useLocation")}
        </button>
      ) : null}
      <p className="hint">{t("search.near.hint")}</p>
    </div>
  );
}

/** The accessibility features as checkboxes named `access`. */
export function AccessibilityFieldset({ selected }: { selected: readonly string[] }) {
  const t = useT();
  return (
    <fieldset className="field checkboxes">
      <legend>{t("search.access.label")}</legend>
      {accessibilityFeatures.map((feature) => (
        <label key={feature}>
          <input type="checkbox" name="access" value={feature} defaultChecked={selected.includes(feature)} />
          {t(accessibilityLabelKey(feature))}
        </label>
      ))}
    </fieldset>
  );
}

/** Previous / "n / m ページ" / next, as links (works without JavaScript). */
export function Pagination({ page, pageCount, hrefFor }: { page: number; pageCount: number; hrefFor: (page: number) => string }) {
  const t = useT();
  if (pageCount <= 1) return null;
  return (
    <nav className="pagination" aria-label={t("search.pagination.label")}>
      {page > 1 ? (
        <Link to={hrefFor(page - 1)} rel="prev">
          {t("search.pagination.prev")}
        </Link>
      ) : null}
      <span aria-current="page">{t("search.pagination.status", { page, pages: pageCount })}</span>
      {page < pageCount ? (
        <Link to={hrefFor(page + 1)} rel="next">
          {t("search.pagination.next")}
        </Link>
      ) : null}
    </nav>
  );
}

/**
 * The top of the results: how many were found (the heading), the conditions they were found
 * with, and a link back up to the form. A search lands here (the form's action ends in
 * `#results`), so on a phone the person sees the answer, not the form they just filled in.
 */
export function ResultsHead({ heading, filters, formId }: { heading: string; filters: string[]; formId: string }) {
  const t = useT();
  return (
    <div id="results" className="results-head">
      <h2 id="results-title">{heading}</h2>
      <p className="active-filters">
        {filters.length > 0 ? t("search.active", { filters: filters.join("、") }) : t("search.active.none")}{" "}
        <a href={`#${formId}`}>{t("search.change")}</a>
      </p>
    </div>
  );
}

