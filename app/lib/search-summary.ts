// The conditions a search ran with, in words ("条件：萩の台・体操・健康"), for the top of its results.
// Only the `/` loader calls these, so the words are made on the server and none of this code is
// part of a first visit's JavaScript (its budget: docs/performance.md).
import { accessibilityLabelKey } from "./accessibility";
import type { ActivitySearch } from "./activity-search";
import { formatLatLng, type LatLng } from "./geo";
import type { HubSearch } from "./hub-search";
import { pickLabel, type Locale, type Translate } from "./i18n";
import { weekdayLabel } from "./weekdays";

interface Place {
  name: string;
  lat: number;
  lng: number;
}
interface Labelled {
  labelJa: string;
  labelEn: string;
}

/** The place a "near" point names: a station or district of the list, else "the chosen point". */
function nearLabel(t: Translate, near: LatLng, places: readonly Place[]): string {
  const value = formatLatLng(near);
  return places.find((p) => formatLatLng(p) === value)?.name ?? t("search.near.chosenPoint");
}

function present(labels: (string | null | undefined)[]): string[] {
  return labels.filter((label): label is string => Boolean(label));
}

export function hubSearchConditions(
  t: Translate,
  locale: Locale,
  search: HubSearch,
  options: { landmarks: Place[]; districts: (Place & { id: number })[]; kinds: (Labelled & { code: string })[] },
): string[] {
  const kind = options.kinds.find((k) => k.code === search.kind);
  return present([
    search.near ? nearLabel(t, search.near, [...options.landmarks, ...options.districts]) : null,
    options.districts.find((d) => d.id === search.districtId)?.name,
    kind ? pickLabel(locale, kind) : null,
    ...search.features.map((feature) => t(accessibilityLabelKey(feature))),
  ]);
}

export function activitySearchConditions(
  t: Translate,
  locale: Locale,
  search: ActivitySearch,
  options: { landmarks: Place[]; districts: Place[]; categories: (Labelled & { code: string })[] },
): string[] {
  const category = options.categories.find((c) => c.code === search.category);
  return present([
    search.near ? nearLabel(t, search.near, [...options.landmarks, ...options.districts]) : null,
    search.near && search.withinMinutes ? t("activities.filter.withinMinutes", { minutes: search.withinMinutes }) : null,
    category ? pickLabel(locale, category) : null,
    search.range ? t(`when.${search.range}`) : null,
    search.timeOfDay ? t(`time.${search.timeOfDay}`) : null,
    search.audience ? t(`audience.${search.audience}`) : null,
    ...search.weekdays.map((day) => weekdayLabel(t, day, true)),
    ...search.features.map((feature) => t(accessibilityLabelKey(feature))),
    search.free ? t("activities.filter.free") : null,
  ]);
}
