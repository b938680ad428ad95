// `/` with more districts than a list can carry (a prefecture's or the country's): the district
// is typed, the page carries only the districts the search names, and a name that matches none
// gets the districts whose name contains it (issue 17: 350 kB of HTML at 2,000 districts).
import { beforeAll, describe, expect, test } from "vitest";
import { districts } from "#db/schema";
import { formatLatLng } from "~/lib/geo";
import { loader as findLoader } from "~/routes/_index";
import { DISTRICT_LIST_MAX } from "~/services/hubs.server";
import { createHub } from "../factories/places";
import { useTestDatabase } from "../setup/database";
import { context, get, run } from "../setup/requests";

const database = useTestDatabase({ asAppDatabase: true });
const ids = {} as { hagi: number; hagiwara: number; hub: number; other: number };

async function find(query: string) {
  const response = await run(() => findLoader({ request: get(`/${query}`), context, params: {} }));
  expect(response.status).toBe(200);
  return response.json();
}

beforeAll(async () => {
  const rows = await database.db
    .insert(districts)
    .values([
      { name: "萩の台", lat: 34.7001, lng: 135.7001 },
      { name: "萩原", lat: 34.71, lng: 135.71 },
      ...Array.from({ length: DISTRICT_LIST_MAX }, (_, i) => ({ name: `第${i + 1}地区`, lat: 34.6 + i / 1000, lng: 135.6 })),
    ])
    .returning();
  const hagi = rows[0]!;
  const hub = await createHub(database.db, { districtId: hagi.id, name: "萩の台集会所" });
  const other = await createHub(database.db, { districtId: rows[5]!.id, name: "よその集会所" });
  Object.assign(ids, { hagi: hagi.id, hagiwara: rows[1]!.id, hub: hub.id, other: other.id });
});

describe("a district choice that scales", () => {
  test("past the list's limit, `/` carries no list of districts", async () => {
    const data = await find("");
    expect(data.options.districtsTyped).toBe(true);
    expect(data.options.districts).toEqual([]);
    expect(data.hubs.result.items.length).toBeGreaterThanOrEqual(2);
  });

  test("a typed name is the district: the same search as its id, and the page names it", async () => {
    const byName = await find(`?district=${encodeURIComponent(" 萩の台 ")}`);
    const byId = await find(`?district=${ids.hagi}`);
    for (const data of [byName, byId]) {
      expect(data.hubs.search.districtId).toBe(ids.hagi);
      expect(data.hubs.result.items.map((h: { id: number }) => h.id)).toEqual([ids.hub]);
      expect(data.options.districts.map((d: { name: string }) => d.name)).toEqual(["萩の台"]);
      expect(data.notices).toEqual([]);
    }
  });

  test("a name that is no district's: every hub, a notice, and the districts whose name contains it", async () => {
    const data = await find(`?district=${encodeURIComponent("萩")}`);
    expect(data.hubs.search.districtId).toBeUndefined();
    expect(data.notices).toContain("search.notice.unknownFilter");
    expect(data.options.districtSuggestions).toEqual([
      { id: ids.hagi, name: "萩の台" },
      { id: ids.hagiwara, name: "萩原" },
    ]);
  });

  test("near a district's centre, the page still has that district to name the point", async () => {
    const data = await find(`?near=${formatLatLng({ lat: 34.7001, lng: 135.7001 })}`);
    expect(data.options.districts.map((d: { id: number }) => d.id)).toEqual([ids.hagi]);
    expect(data.hubs.conditions.join(" ")).toContain("萩の台");
  });
});
