import { describe, expect, test } from "vitest";
import { hubSearchQuery, parseHubSearch } from "~/lib/hub-search";

const known = { districtIds: new Set([1, 2]), kinds: new Set(["machinaeki", "shukaijo"]) };
const parse = (query: string) => parseHubSearch(new URLSearchParams(query), known);

describe("parseHubSearch", () => {
  test("reads every filter", () => {
    const search = parse("near=34.6932,135.7006&district=2&kind=shukaijo&access=step_free&access=chairs&page=3");
    expect(search).toEqual({
      near: { lat: 34.6932, lng: 135.7006 },
      districtId: 2,
      kind: "shukaijo",
      features: ["step_free", "chairs"],
      page: 3,
      notices: [],
    });
  });
  test("drops unknown values with a notice instead of failing", () => {
    const search = parse("district=99&kind=castle&access=lift&access=chairs");
    expect(search.districtId).toBeUndefined();
    expect(search.kind).toBeUndefined();
    expect(search.features).toEqual(["chairs"]);
    expect(search.notices).toEqual(["search.notice.unknownFilter"]);
  });
  test("a bad point or page is reported and ignored", () => {
    expect(parse("near=abc")).toEqual({ features: [], page: 1, notices: ["search.notice.badNear"] });
    expect(parse("near=95,135")).toEqual({ features: [], page: 1, notices: ["search.notice.badNear"] });
    expect(parse("page=-1")).toEqual({ features: [], page: 1, notices: ["search.notice.badPage"] });
  });
  test("empty values mean no filter", () => {
    expect(parse("near=&district=&kind=&access=")).toEqual({ features: [], page: 1, notices: [] });
  });
});

describe("hubSearchQuery", () => {
  test("round-trips through parseHubSearch", () => {
    const search = parse("near=34.69,135.7&district=1&access=parking&page=2");
    const { notices: _notices, ...rest } = search;
    expect(parse(hubSearchQuery(rest).slice(1))).toEqual(search);
  });
  test("changes a field and leaves page 1 out", () => {
    const search = parse("kind=machinaeki&page=4");
    expect(hubSearchQuery(search, { page: 1 })).toBe("?kind=machinaeki");
  });
});
