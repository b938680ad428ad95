import type { LoaderFunctionArgs, MetaFunction, SerializeFrom } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigate, useRouteLoaderData, useSearchParams } from "@remix-run/react";
import { useRef, useState } from "react";
import { ActivityFinder, FindTabs } from "~/components/activity-finder";
import { useHydrated } from "~/components/client-only";
import { HubList } from "~/components/hub-list";
import { MapPanel } from "~/components/map-panel";
import { AccessibilityFieldset, DistrictField, NearPointField, Pagination, ResultsHead } from "~/components/search-fields";
import { parseActivitySearch } from "~/lib/activity-search";
import { getDb } from "~/lib/db.server";
import { type LatLng } from "~/lib/geo";
import { hubSearchQuery } from "~/lib/hub-search";
import { getTranslate, pickLabel, useLocale, useT, type MessageKey } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { activitySearchConditions, hubSearchConditions } from "~/lib/search-summary";
import type { loader as rootLoader } from "~/root";
import { listCategories, searchActivities } from "~/services/activities.server";
import { readHubSearch, searchHubs } from "~/services/hubs.server";
import { ensureOccurrencesAhead } from "~/services/occurrences.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = getTranslate(data?.locale ?? "ja", matches);
  return [{ title: `${t("search.title")} | ${t("common.appName")}` }, { name: "description", content: t("search.description") }];
};

export async function loader({ request }: LoaderFunctionArgs) {
  const db = await getDb();
  const params = new URL(request.url).searchParams;
  const locale = getLocale(request);
  // The search conditions use only the public groups, as the page does. Importing the server
  // translate here would add a module to the first visit of `/`, which is at its budget.
  const t = getTranslate(locale, []);
  const { options, search } = await readHubSearch(db, params);
  // `?view=activities` finds activities (with their next session) instead of places.
  if (params.get("view") === "activities") {
    await ensureOccurrencesAhead(db);
    const categories = await listCategories(db);
    const activitySearch = parseActivitySearch(params, { categories: new Set(categories.map((c) => c.code)) });
    const { notices, near, withinMinutes, page, ...filters } = activitySearch;
    const result = await searchActivities(db, { filters, near, withinMinutes, page });
    const conditions = activitySearchConditions(t, locale, activitySearch, { ...options, categories });
    return json({
      locale,
      options,
      notices,
      activities: { search: { ...activitySearch, page: result.page }, categories, result, conditions },
      hubs: null,
    });
  }
  const { notices, near, page, ...filters } = search;
  const result = await searchHubs(db, { filters, near, page });
  const conditions = hubSearchConditions(t, locale, search, options);
  return json({ locale, options, notices, activities: null, hubs: { search: { ...search, page: result.page }, result, conditions } });
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
          conditions={activities.conditions}
        />
      ) : hubs ? (
        <FindHubs options={options} search={hubs.search} result={hubs.result} conditions={hubs.conditions} />
      ) : null}
    </div>
  );
}

type FindHubsProps = Pick<SerializeFrom<typeof loader>, "options"> & NonNullable<SerializeFrom<typeof loader>["hubs"]>;

function FindHubs({ options, search, result, conditions }: FindHubsProps) {
  const root = useRouteLoaderData<typeof rootLoader>("root");
  const t = useT();
  const locale = useLocale();
  const navigate = useNavigate();
  const hydrated = useHydrated();
  const [selectedHubId, setSelectedHubId] = useState<number | undefined>(undefined);
  const listRef = useRef<HTMLOListElement>(null);
  const typedDistrict = useSearchParams()[0].get("district") ?? "";

  function searchNear(point: LatLng) {
    navigate(`/${hubSearchQuery(search, { near: point, page: 1 })}`);
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
      {/* The search lands at its results (#results): without JavaScript the browser scrolls there. */}
      <Form method="get" action="/#results" id="search-form" className="search-form" aria-labelledby="search-form-title">
        <h2 id="search-form-title" className="visually-hidden">
          {t("search.form.title")}
        </h2>
        <NearPointField near={search.near} landmarks={options.landmarks} districts={options.districts} onLocate={searchNear} />
        <DistrictField
          districts={options.districts}
          typed={options.districtsTyped}
          districtId={search.districtId}
          typedText={typedDistrict}
          suggestions={options.districtSuggestions}
        />
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
          <AccessibilityFieldset selected={search.features} />
        </details>
        <div className="actions">
          <button type="submit" className="button">
            {t("search.submit")}
          </button>
          <Link to="/">{t("search.reset")}</Link>
        </div>
      </Form>

      <ResultsHead
        heading={t(resultsHeadingKey(Boolean(search.near), result.totalIsCapped), { count: result.total.toLocaleString(locale) })}
        filters={conditions}
        formId="search-form"
      />
      <div className="results">
        <section className="results-list" aria-labelledby="results-title">
          <HubList
            ref={listRef}
            hubs={result.items}
            selectedHubId={selectedHubId}
            onSelect={hydrated ? setSelectedHubId : undefined}
          />
          <Pagination page={result.page} pageCount={result.pageCount} hrefFor={(page) => `${hubSearchQuery(search, { page })}#results`} />
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
