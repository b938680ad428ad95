import type { AccessibilityFeature } from "./accessibility";
import type { LatLng } from "./geo";
import type { MessageKey } from "./i18n";
import { readFeatures, readNear, readPage } from "./search-params";

export interface HubSearch {
  districtId?: number;
  kind?: string;
  features: AccessibilityFeature[];
  near?: LatLng;
  page: number;
  /** Problems with the URL, shown to the person; the rest of the search still runs. */
  notices: MessageKey[];
}

/**
 * Reads `/?district=&kind=&access=&near=lat,lng&page=` leniently: an unknown or malformed value
 * is dropped with a notice rather than failing the page.
 */
export function parseHubSearch(
  params: URLSearchParams,
  known: { districtIds: ReadonlySet<number>; kinds: ReadonlySet<string> },
): HubSearch {
  const notices = new Set<MessageKey>();
  const search: HubSearch = { features: [], page: 1, notices: [] };

  const district = params.get("district");
  if (district) {
    const id = Number(district);
    if (known.districtIds.has(id)) search.districtId = id;
    else notices.add("search.notice.unknownFilter");
  }
  const kind = params.get("kind");
  if (kind) {
    if (known.kinds.has(kind)) search.kind = kind;
    else notices.add("search.notice.unknownFilter");
  }
  search.features = readFeatures(params, notices);
  const near = readNear(params, notices);
  if (near) search.near = near;
  search.page = readPage(params, notices);
  search.notices = [...notices];
  return search;
}

/** The query string for `search` with some fields changed (for pagination and map links). */
export function hubSearchQuery(search: Omit<HubSearch, "notices">, changes: Partial<Omit<HubSearch, "notices">> = {}): string {
  const next = { ...search, ...changes };
  const params = new URLSearchParams();
  if (next.near) params.set("near", `${next.near.lat},${next.near.lng}`);
  if (next.districtId !== undefined) params.set("district", String(next.districtId));
  if (next.kind) params.set("kind", next.kind);
  for (const feature of next.features) params.append("access", feature);
  if (next.page > 1) params.set("page", String(next.page));
  const query = params.toString();
  return query ? `?${query}` : "";
}
