import type { LinksFunction, LoaderFunctionArgs, MetaFunction, SerializeFrom } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigate, useRouteLoaderData } from "@remix-run/react";
import { useRef, useState } from "react";
import { ActivityFinder, FindTabs } from "~/components/activity-finder";
import { useHydrated } from "~/components/client-only";
import { HubList } from "~/components/hub-list";
import { MapPanel, mapLinks } from "~/components/map-panel";
import { accessibilityFeatures, accessibilityLabelKey } from "~/lib/accessibility";
import { parseActivitySearch } from "~/lib/activity-search";
import { getDb } from "~/lib/db.server";
import { formatLatLng, type LatLng } from "~/lib/geo";
import { hubSearchQuery } from "~/lib/hub-search";
import { getTranslate, pickLabel, useLocale, useT, type MessageKey } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import type { loader as rootLoader } from "~/root";
import { listCategories, searchActivities } from "~/services/activities.server";
import { readHubSearch, searchHubs } from "~/services/hubs.server";
import { ensureOccurrencesAhead } from "~/services/occurrences.server";

export const links: LinksFunction = () => mapLinks;

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  const t = getTranslate(data?.locale ?? "ja");
  return [{ title: `${t("search.title")} | ${t("common.appName")}` }, { name: "description", content: t("search.description") }];
};

export async function loader({ request }: LoaderFunctionArgs) {
  const db = await getDb();
  const params = new URL(request.url).searchParams;
  const { options, search } = await readHubSearch(db, params);
  // `?view=activities` finds activities (with their next session) instead of places.
  if (params.get("view") === "activities") {
    await ensureOccurrencesAhead(db);
    const categories = await listCategories(db);
    const activitySearch = parseActivitySearch(params, { categories: new Set(categories.map((c) => c.code)) });
    const { notices, near, withinMinutes, page, ...filters } = activitySearch;
    const result = await searchActivities(db, { filters, near, withinMinutes, page });
    return json({
      locale: getLocale(request),
      options,
      notices,
      activities: { search: { ...activitySearch, page: result.page }, categories, result },
      hubs: null,
    });
  }
  const { notices, near, page, ...filters } = search;
  const result = await searchHubs(db, { filters, near, page });
  return json({ locale: getLocale(request), options, notices, activities: null, hubs: { search: { ...search, page: result.page }, result } });
}

function resultsHeadingKey(near: boolean, capped: boolean): MessageKey {
  if (near) return capped ? "search.results.nearCapped" : "search.results.near";
  return capped ? "search.results.allCapped" : "search.results.all";
}

export default function Find() {
  const { options, notices, activities, hubs } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="find-page">
      <h1>{t("search.title")}</h1>
      <FindTabs current={activities ? "activities" : "hubs"} />
      {notices.length > 0 ? (
        <div className="notice" role="status">
          {notices.map((key) => (
            <p key={key}>{t(key)}</p>
          ))}
        </div>
      ) : null}
      {activities ? (
        <ActivityFinder
          search={activities.search}
          categories={activities.categories}
          landmarks={options.landmarks}
          districts={options.districts}
          result={activities.result}
        />
      ) : hubs ? (
        <FindHubs options={options} search={hubs.search} result={hubs.result} />
      ) : null}
    </div>
  );
}

type FindHubsProps = Pick<SerializeFrom<typeof loader>, "options"> & NonNullable<SerializeFrom<typeof loader>["hubs"]>;

function FindHubs({ options, search, result }: FindHubsProps) {
  const root = useRouteLoaderData<typeof rootLoader>("root");
  const t = useT();
  const locale = useLocale();
  const navigate = useNavigate();
  const hydrated = useHydrated();
  const [selectedHubId, setSelectedHubId] = useState<number | undefined>(undefined);
  const listRef = useRef<HTMLOListElement>(null);
  const nearValue = search.near ? formatLatLng(search.near) : "";
  const nearIsListed = [...options.landmarks, ...options.districts].some((p) => formatLatLng(p) === nearValue);

  function searchNear(point: LatLng) {
    navigate(`/${hubSearchQuery(search, { near: point, page: 1 })}`);
  }
  function locateMe() {
    navigator.geolocation?.getCurrentPosition((position) =>
      searchNear({ lat: position.coords.latitude, lng: position.coords.longitude }),
    );
  }
  function selectFromMap(hubId: number) {
    setSelectedHubId(hubId);
    const item = listRef.current?.querySelector<HTMLElement>(`[data-hub-id="${hubId}"]`);
    item?.scrollIntoView({ block: "nearest", behavior: "smooth" });
    item?.focus({ preventScroll: true });
  }
  // The map's other hubs honour the same filters as the list.
  const clusterQuery = hubSearchQuery({ ...search, near: undefined, page: 1 }).replace(/^\?/, "");

  return (
    <>
      <Form method="get" className="search-form" aria-labelledby="search-form-title">
        <h2 id="search-form-title" className="visually-hidden">
          {t("search.form.title")}
        </h2>
        <div className="field">
          <label htmlFor="near">{t("search.near.label")}</label>
          <select id="near" name="near" defaultValue={nearValue}>
            <option value="">{t("search.near.none")}</option>
            {search.near && !nearIsListed ? <option value={nearValue}>{t("search.near.chosenPoint")}</option> : null}
            <optgroup label={t("search.near.stations")}>
              {options.landmarks.map((p) => (
                <option key={`l${p.id}`} value={formatLatLng(p)}>
                  {p.name}
                </option>
              ))}
            </optgroup>
            <optgroup label={t("search.near.districts")}>
              {options.districts.map((p) => (
                <option key={`d${p.id}`} value={formatLatLng(p)}>
                  {p.name}
                </option>
              ))}
            </optgroup>
          </select>
          {hydrated && "geolocation" in navigator ? (
            <button type="button" className="button secondary" onClick={locateMe}>
              {t("search.near.useLocation")}
            </button>
          ) : null}
          <p className="hint">{t("search.near.hint")}</p>
        </div>
        <div className="field">
          <label htmlFor="district">{t("search.district.label")}</label>
          <select id="district" name="district" defaultValue={search.districtId ?? ""}>
            <option value="">{t("search.any")}</option>
            {options.districts.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="kind">{t("search.kind.label")}</label>
          <select id="kind" name="kind" defaultValue={search.kind ?? ""}>
            <option value="">{t("search.any")}</option>
            {options.kinds.map((k) => (
              <option key={k.code} value={k.code}>
                {pickLabel(locale, k)}
              </option>
            ))}
          </select>
        </div>
        <details className="more-filters" open={search.features.length > 0}>
          <summary>{t("search.access.summary", { count: search.features.length })}</summary>
          <fieldset className="field checkboxes">
            <legend>{t("search.access.label")}</legend>
            {accessibilityFeatures.map((feature) => (
              <label key={feature}>
                <input type="checkbox" name="access" value={feature} defaultChecked={search.features.includes(feature)} />
                {t(accessibilityLabelKey(feature))}
              </label>
            ))}
          </fieldset>
        </details>
        <div className="actions">
          <button type="submit" className="button">
            {t("search.submit")}
          </button>
          <Link to="/">{t("search.reset")}</Link>
        </div>
      </Form>

      <div className="results">
        <section className="results-list" aria-labelledby="results-title">
          <h2 id="results-title">
            {t(resultsHeadingKey(Boolean(search.near), result.totalIsCapped), { count: result.total.toLocaleString(locale) })}
          </h2>
          <HubList
            ref={listRef}
            hubs={result.items}
            selectedHubId={selectedHubId}
            onSelect={hydrated ? setSelectedHubId : undefined}
          />
          {result.pageCount > 1 ? (
            <nav className="pagination" aria-label={t("search.pagination.label")}>
              {result.page > 1 ? (
                <Link to={hubSearchQuery(search, { page: result.page - 1 })} rel="prev">
                  {t("search.pagination.prev")}
                </Link>
              ) : null}
              <span aria-current="page">{t("search.pagination.status", { page: result.page, pages: result.pageCount })}</span>
              {result.page < result.pageCount ? (
                <Link to={hubSearchQuery(search, { page: result.page + 1 })} rel="next">
                  {t("search.pagination.next")}
                </Link>
              ) : null}
            </nav>
          ) : null}
        </section>
        <section className="results-map" aria-labelledby="map-title">
          <h2 id="map-title" className="visually-hidden">
            {t("map.title")}
          </h2>
          <p className="hint">{t("map.hint")}</p>
          <MapPanel
            tileUrl={root?.env.mapTileUrl ?? ""}
            attribution={root?.env.mapTileAttribution ?? ""}
            hubs={result.items}
            near={search.near}
            selectedHubId={selectedHubId}
            onSelectHub={selectFromMap}
            clusterQuery={clusterQuery}
            onChooseNear={searchNear}
          />
        </section>
      </div>
    </>
  );
}
