import { Form, Link } from "@remix-run/react";
import { activitySearchQuery, audiences, dateRanges, timesOfDay, walkingLimits, type ActivitySearch } from "~/lib/activity-search";
import { pickLabel, useLocale, useT } from "~/lib/i18n";
import { isoWeekdays, weekdayLabel } from "~/lib/weekdays";
import { ActivityList, type ActivityListEntry } from "./activity-list";
import { AccessibilityFieldset, NearPointField, Pagination, ResultsHead } from "./search-fields";

interface Place {
  id: number;
  name: string;
  lat: number;
  lng: number;
}

export interface ActivityFinderProps {
  search: Omit<ActivitySearch, "notices">;
  categories: { code: string; labelJa: string; labelEn: string }[];
  landmarks: Place[];
  districts: Place[];
  result: { items: ActivityListEntry[]; total: number; totalIsCapped: boolean; page: number; pageCount: number };
  /** The search's conditions in words, made by the loader (app/lib/search-summary.ts). */
  conditions: string[];
}

/** The activity search: a plain GET form (works without JavaScript) and the results. */
export function ActivityFinder({ search, categories, landmarks, districts, result, conditions }: ActivityFinderProps) {
  const t = useT();
  const locale = useLocale();
  const moreChosen = search.weekdays.length + search.features.length + (search.free ? 1 : 0);
  return (
    <>
      {/* The search lands at its results (#results): without JavaScript the browser scrolls there. */}
      <Form method="get" action="/#results" id="search-form" className="search-form" aria-labelledby="activity-form-title">
        <h2 id="activity-form-title" className="visually-hidden">
          {t("activities.form.title")}
        </h2>
        <input type="hidden" name="view" value="activities" />
        <NearPointField near={search.near} landmarks={landmarks} districts={districts} />
        <div className="field">
          <label htmlFor="within">{t("activities.filter.within")}</label>
          <select id="within" name="within" defaultValue={search.withinMinutes ?? ""} aria-describedby="within-hint">
            <option value="">{t("activities.filter.withinAny")}</option>
            {walkingLimits.map((minutes) => (
              <option key={minutes} value={minutes}>
                {t("activities.filter.withinMinutes", { minutes })}
              </option>
            ))}
          </select>
          <p className="hint" id="within-hint">
            {t("activities.filter.withinHint")}
          </p>
        </div>
        <div className="field">
          <label htmlFor="category">{t("activities.filter.category")}</label>
          <select id="category" name="category" defaultValue={search.category ?? ""}>
            <option value="">{t("search.any")}</option>
            {categories.map((c) => (
              <option key={c.code} value={c.code}>
                {pickLabel(locale, c)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="when">{t("activities.filter.when")}</label>
          <select id="when" name="when" defaultValue={search.range ?? ""}>
            <option value="">{t("activities.filter.whenAny")}</option>
            {dateRanges.map((range) => (
              <option key={range} value={range}>
                {t(`when.${range}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="time">{t("activities.filter.time")}</label>
          <select id="time" name="time" defaultValue={search.timeOfDay ?? ""}>
            <option value="">{t("search.any")}</option>
            {timesOfDay.map((time) => (
              <option key={time} value={time}>
                {t(`time.${time}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audience">{t("activities.filter.audience")}</label>
          <select id="audience" name="audience" defaultValue={search.audience ?? ""}>
            <option value="">{t("search.any")}</option>
            {audiences.map((audience) => (
              <option key={audience} value={audience}>
                {t(`audience.${audience}`)}
              </option>
            ))}
          </select>
        </div>
        <details className="more-filters" open={moreChosen > 0}>
          <summary>{t("activities.filter.more", { count: moreChosen })}</summary>
          <fieldset className="field checkboxes">
            <legend>{t("activities.filter.weekday")}</legend>
            {isoWeekdays.map((day) => (
              <label key={day}>
                <input type="checkbox" name="day" value={day} defaultChecked={search.weekdays.includes(day)} />
                {weekdayLabel(t, day, true)}
              </label>
            ))}
          </fieldset>
          <AccessibilityFieldset selected={search.features} />
          <div className="field checkboxes">
            <label>
              <input type="checkbox" name="free" value="1" defaultChecked={search.free} />
              {t("activities.filter.free")}
            </label>
          </div>
        </details>
        <div className="actions">
          <button type="submit" className="button">
            {t("search.submit")}
          </button>
          <Link to="/?view=activities">{t("search.reset")}</Link>
        </div>
      </Form>
      <section className="results-list" aria-labelledby="results-title">
        <ResultsHead
          heading={t(
            search.near
              ? result.totalIsCapped
                ? "activities.results.nearCapped"
                : "activities.results.near"
              : result.totalIsCapped
                ? "activities.results.countCapped"
                : "activities.results.count",
            { count: result.total },
          )}
          filters={conditions}
          formId="search-form"
        />
        <ActivityList items={result.items} />
        <Pagination page={result.page} pageCount={result.pageCount} hrefFor={(page) => `${activitySearchQuery(search, { page })}#results`} />
      </section>
    </>
  );
}

/** "活動をさがす | 場所をさがす": two views of `/`, plain links. */
export function FindTabs({ current }: { current: "activities" | "hubs" }) {
  const t = useT();
  return (
    <nav className="find-tabs" aria-label={t("find.tabs.label")}>
      <Link to="/?view=activities" aria-current={current === "activities" ? "page" : undefined}>
        {t("find.tabs.activities")}
      </Link>
      <Link to="/" aria-current={current === "hubs" ? "page" : undefined}>
        {t("find.tabs.hubs")}
      </Link>
    </nav>
  );
}
