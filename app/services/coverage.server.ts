import { sql, type SQL } from "drizzle-orm";
import type { Db } from "~/lib/db.server";
import { rowsOf } from "~/lib/db-rows.server";
import { chordToMetres } from "~/lib/geo";
import type { Period } from "~/lib/metrics/periods";
import { showPeople, type ShownFigure } from "~/lib/metrics/suppression";
import { monthSet, peopleColumns, peopleSumOf, type MetricFilters } from "./metrics.server";

/**
 * Hubs that cover their surroundings in a period: public, with a session held in one of its
 * months (the `active_hubs` indicator's definition). A closed hub or one that has not met in the
 * period reaches nobody, whatever its position.
 */
function activeHubSql(period: Period, h = sql`h`): SQL {
  return sql`${h}.status = 'public' and exists (select 1 from metric_hub_activity a
    where a.hub_id = ${h}.id and a.scope = 'city' and a.months && ${monthSet(period)})`;
}

export interface CoverageHub {
  id: number;
  name: string;
  address: string;
  lat: number;
  lng: number;
}

/** The active hubs of a selection with their positions, for the map's circles and the list beside it. */
export async function listActiveHubs(db: Db, period: Period, filters: MetricFilters = {}, limit = 2000): Promise<CoverageHub[]> {
  const conditions: SQL[] = [activeHubSql(period)];
  if (filters.districtId !== undefined) conditions.push(sql`h.district_id = ${filters.districtId}`);
  if (filters.kindId !== undefined) conditions.push(sql`h.kind_id = ${filters.kindId}`);
  if (filters.associationId !== undefined) {
    conditions.push(sql`exists (select 1 from hub_associations ha where ha.hub_id = h.id and ha.association_id = ${filters.associationId})`);
  }
  const rows = rowsOf<CoverageHub>(
    await db.execute(sql`select h.id, h.name, h.address, h.lat, h.lng from hubs h where ${sql.join(conditions, sql` and `)} order by h.id limit ${limit}`),
  );
  return rows.map((r) => ({ ...r, id: Number(r.id), lat: Number(r.lat), lng: Number(r.lng) }));
}

export interface DistrictPopulation {
  total: number;
  aged65Plus: number;
  households: number | null;
  asOf: string;
}

export interface DistrictCoverage {
  id: number;
  name: string;
  lat: number;
  lng: number;
  /** The district's residents as last imported; null until the city's figures are loaded. */
  population: DistrictPopulation | null;
  /** The active hub nearest the district's centre, of any district; null when none is active. */
  nearest: { id: number; name: string; metres: number } | null;
  /** The centre is within the walking distance of an active hub. */
  covered: boolean;
}

/** The columns both district queries read from `district_populations`, as a district's population (null when none is loaded). */
function populationOf(r: { total: number | null; aged65_plus: number | null; households: number | null; as_of: string | null }): DistrictPopulation | null {
  if (r.total === null) return null;
  return { total: Number(r.total), aged65Plus: Number(r.aged65_plus), households: r.households === null ? null : Number(r.households), asOf: r.as_of ?? "" };
}

/**
 * Every district with its population and the active hub nearest its centre (one index-ordered
 * lookup per district: `<->` on the hubs' GiST index), uncovered districts first, the most older
 * residents first. The centre stands for the district: with 地区 of a few thousand residents
 * that is the honest resolution of the data the city publishes (docs/indicators.md).
 */
export async function districtCoverage(db: Db, period: Period, radiusMetres: number, filters: MetricFilters = {}): Promise<DistrictCoverage[]> {
  const centre = sql`cube(array[cos(radians(d.lat)) * cos(radians(d.lng)), cos(radians(d.lat)) * sin(radians(d.lng)), sin(radians(d.lat))])`;
  const rows = rowsOf<{
    id: number;
    name: string;
    lat: number;
    lng: number;
    total: number | null;
    aged65_plus: number | null;
    households: number | null;
    as_of: string | null;
    hub_id: number | null;
    hub_name: string | null;
    chord: number | null;
  }>(
    await db.execute(sql`select d.id, d.name, d.lat, d.lng, p.total, p.aged65_plus, p.households, to_char(p.as_of, 'YYYY-MM-DD') as as_of,
        n.id as hub_id, n.name as hub_name, n.chord
      from districts d
      left join district_populations p on p.district_id = d.id
      left join lateral (
        select h.id, h.name, h.earth <-> ${centre} as chord from hubs h where ${activeHubSql(period)} order by h.earth <-> ${centre} limit 1
      ) n on true
      ${filters.districtId === undefined ? sql`` : sql`where d.id = ${filters.districtId}`}`),
  );
  const districts = rows.map((r): DistrictCoverage => {
    const metres = r.chord === null ? null : Math.round(chordToMetres(Number(r.chord)));
    return {
      id: Number(r.id),
      name: r.name,
      lat: Number(r.lat),
      lng: Number(r.lng),
      population: populationOf(r),
      nearest: r.hub_id === null || metres === null ? null : { id: Number(r.hub_id), name: r.hub_name ?? "", metres },
      covered: metres !== null && metres <= radiusMetres,
    };
  });
  return districts.sort(
    (a, b) =>
      Number(a.covered) - Number(b.covered) ||
      (b.population?.aged65Plus ?? -1) - (a.population?.aged65Plus ?? -1) ||
      (b.nearest?.metres ?? Infinity) - (a.nearest?.metres ?? Infinity) ||
      a.name.localeCompare(b.name, "ja"),
  );
}

/** What the uncovered districts add up to: the figure staff plan new hubs by. */
export function uncoveredTotals(districts: readonly DistrictCoverage[]) {
  const uncovered = districts.filter((d) => !d.covered);
  return {
    districts: uncovered.length,
    aged65Plus: uncovered.reduce((sum, d) => sum + (d.population?.aged65Plus ?? 0), 0),
    withoutPopulation: uncovered.filter((d) => d.population === null).length,
  };
}

export interface DistrictParticipation {
  districtId: number;
  name: string;
  population: DistrictPopulation | null;
  /** 延べ参加者数, published as the indicator table publishes the district's figure (ADR 023). */
  participants: ShownFigure;
  /** Per 100 residents aged 65+ and per 100 residents; null without population or when the count is hidden. */
  per100Aged65Plus: number | null;
  per100Residents: number | null;
}

/**
 * 参加率 per district: the period's participants (延べ, the same published sums as the
 * indicator table filtered by that district) against the district's residents aged 65+ and in
 * total. Dividing a published figure by a public population publishes nothing new.
 */
export async function districtParticipation(db: Db, period: Period, filters: MetricFilters = {}): Promise<DistrictParticipation[]> {
  const rows = rowsOf<Record<string, unknown> & { id: number; name: string; total: number | null; aged65_plus: number | null; households: number | null; as_of: string | null }>(
    await db.execute(sql`select d.id, d.name, p.total, p.aged65_plus, p.households, to_char(p.as_of, 'YYYY-MM-DD') as as_of, c.*
      from districts d
      left join district_populations p on p.district_id = d.id
      left join lateral (
        select ${peopleColumns("participants", "")} from metric_hub_months r join hubs h on h.id = r.hub_id
        where h.district_id = d.id and r.month >= ${period.from}::date and r.month < ${period.to}::date
      ) c on true
      ${filters.districtId === undefined ? sql`` : sql`where d.id = ${filters.districtId}`}
      order by d.name`),
  );
  return rows.map((r) => {
    const population = populationOf(r);
    const participants = showPeople(peopleSumOf(r, ""));
    const per100 = (base: number | undefined) => (participants.value === null || !base ? null : Math.round((participants.value / base) * 1000) / 10);
    return {
      districtId: Number(r.id),
      name: r.name,
      population,
      participants,
      per100Aged65Plus: per100(population?.aged65Plus),
      per100Residents: per100(population?.total),
    };
  });
}
