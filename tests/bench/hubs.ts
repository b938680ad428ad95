import type { DatabaseHandle } from "~/lib/db.server";
import { explain } from "~/lib/db.server";
import { getPublicHub, listMapClusters, listMapClustersForView, searchHubs, selectHubPage } from "~/services/hubs.server";
import { CITY_CENTRES } from "./generate";
import { measure, type Measurement } from "./measure";

/** A deterministic point near a city centre, different for each run index. */
function pointFor(i: number) {
  const [lat, lng] = CITY_CENTRES[i % CITY_CENTRES.length] ?? [34.69, 135.7];
  return { lat: lat + ((i * 7919) % 100) / 2000 - 0.025, lng: lng + ((i * 104729) % 100) / 2000 - 0.025 };
}

export async function benchHubSearch(handle: DatabaseHandle, runs: number): Promise<{ results: Measurement[]; plans: Record<string, string> }> {
  const db = handle.db;
  const none = { features: [] };
  const results: Measurement[] = [];
  results.push(await measure("nearest hubs, page 1 (with count)", runs, (i) => searchHubs(db, { filters: none, near: pointFor(i), page: 1 })));
  results.push(await measure("nearest hubs, page 5", runs, (i) => searchHubs(db, { filters: none, near: pointFor(i), page: 5 })));
  results.push(
    await measure("nearest hubs + accessibility filter", runs, (i) =>
      searchHubs(db, { filters: { features: ["step_free", "chairs"] }, near: pointFor(i), page: 1 }),
    ),
  );
  results.push(await measure("all hubs by district, page 1", runs, () => searchHubs(db, { filters: none, page: 1 })));
  results.push(
    await measure("map clusters, city view (zoom 13)", runs, (i) => {
      const p = pointFor(i);
      return listMapClusters(db, { bbox: [p.lng - 0.06, p.lat - 0.04, p.lng + 0.06, p.lat + 0.04], zoom: 13, filters: none });
    }),
  );
  results.push(
    await measure("map clusters, whole country (zoom 5)", Math.max(10, Math.floor(runs / 5)), () =>
      listMapClusters(db, { bbox: [122, 24, 146, 46], zoom: 5, filters: none }),
    ),
  );
  results.push(
    await measure("map clusters, whole country (zoom 5, cached view)", runs, () =>
      listMapClustersForView(db, { bbox: [122, 24, 146, 46], zoom: 5, filters: none }),
    ),
  );
  results.push(await measure("hub page", runs, (i) => getPublicHub(db, 1 + ((i * 7919) % 1000))));
  const nearest = selectHubPage(db, { filters: none, near: pointFor(3), limit: 20, offset: 0 });
  const plans = { "nearest hubs, page 1": await explain(handle, nearest.toSQL(), true) };
  return { results, plans };
}
