// db/patches/@remix-run+router+1.23.3.patch makes the server's router flatten and rank a route
// tree once and build each path pattern's regular expression once (issue 17). This checks that
// the patched router (the CommonJS build the server loads) picks exactly the route the
// unpatched one (the UMD build, which the patch leaves alone) picks, for every route of the app
// and for paths no route has, the first time and from its cache.
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { describe, expect, test } from "vitest";
import type * as Router from "@remix-run/router";

const require = createRequire(import.meta.url);
const patched = require("@remix-run/router") as typeof Router;
const upstream = require("@remix-run/router/dist/router.umd.js") as typeof Router;

interface RouteNode {
  id: string;
  path?: string;
  index?: boolean;
  children?: RouteNode[];
}

// The app's route tree as Remix builds it from app/routes.
const tree = JSON.parse(execFileSync("npx", ["remix", "routes", "--json"], { encoding: "utf8" })) as RouteNode[];

function patternsOf(nodes: RouteNode[], prefix = ""): string[] {
  return nodes.flatMap((node) => {
    const path = [prefix, node.path ?? ""].filter(Boolean).join("/");
    return [path, ...patternsOf(node.children ?? [], path)];
  });
}

// Every route's pattern with its parameters filled, and paths that only a wrong ranking would match.
const urls = [
  ...new Set(patternsOf(tree).map((pattern) => `/${pattern.replace(/:[\w]+/g, "12")}`)),
  "/hubs/new",
  "/hubs/12/calendar.ics",
  "/hubs/12/print",
  "/organise/occurrences/12",
  "/staff/hubs.csv",
  "/no/such/page",
  "/HUBS/12",
  "/hubs/12/",
  "/%E3%81%82",
];

const ids = (router: typeof Router, url: string) => router.matchRoutes(tree as never, url)?.map((m) => m.route.id) ?? null;

describe("the patched router", () => {
  test("has the cache in the file the server loads, and matches more than 40 routes", () => {
    expect(patched.matchRoutes.toString()).not.toBe(upstream.matchRoutes.toString());
    expect(urls.length).toBeGreaterThan(40);
  });

  test.each(urls)("%s: the same routes as the unpatched router, from the cache too", (url) => {
    const expected = ids(upstream, url);
    expect(ids(patched, url)).toEqual(expected);
    expect(ids(patched, url)).toEqual(expected);
  });

  test("ranks a static segment above a parameter, as before", () => {
    expect(ids(patched, "/staff/councils/new")?.at(-1)).toBe("routes/staff.councils.new");
    expect(ids(patched, "/staff/councils/12")?.at(-1)).toBe("routes/staff.councils.$councilId");
  });
});
