// The page-weight budget (docs/performance.md): a resident's first visit of `/` stays within it,
// and Leaflet waits until the map mounts. Measured on the built server, as a phone meets it.
import { afterAll, beforeAll, expect, test } from "vitest";
import { measurePageWeight, overBudget, PAGE_WEIGHT_BUDGET, type PageWeight } from "../bench/weight";
import { startServerOnTemporaryDatabase } from "./built-server";

let server: Awaited<ReturnType<typeof startServerOnTemporaryDatabase>> | undefined;
let weight: PageWeight;

beforeAll(async () => {
  server = await startServerOnTemporaryDatabase();
  weight = await measurePageWeight(server.url, "/");
});

afterAll(async () => {
  await server?.stop();
});

test(`a first visit of / downloads at most ${PAGE_WEIGHT_BUDGET.jsKb} kB of JavaScript and ${PAGE_WEIGHT_BUDGET.cssKb} kB of CSS (gzipped)`, () => {
  const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
  const files = weight.assets.filter((a) => a.phase === "initial").map((a) => `${a.url} ${kb(a.gzipBytes)}`);
  expect(overBudget(weight), `first visit of /:\n${files.join("\n")}`).toEqual([]);
});

test("Leaflet is not part of the first visit: it comes with the map, after the page is interactive", () => {
  const initial = weight.assets.filter((a) => a.phase === "initial").map((a) => a.url);
  const map = weight.assets.filter((a) => a.phase === "map").map((a) => a.url);
  expect(map.some((url) => url.includes("hub-map.client"))).toBe(true);
  expect(initial.filter((url) => url.includes("hub-map.client") || url.includes("leaflet"))).toEqual([]);
  // Leaflet's code (its version banner) is in a chunk only the map imports.
  expect(weight.map.jsGzip).toBeGreaterThan(30_000);
});
