import { expect, test } from "./fixtures";

test("on a phone the map comes first and the list follows, both usable", async ({ page, visit }) => {
  await visit("/");
  // The map loads when its place scrolls into view (below the search form on a phone).
  await page.locator(".results-map").scrollIntoViewIfNeeded();
  const map = await page.locator(".leaflet-container").boundingBox();
  const list = await page.locator(".hub-list").boundingBox();
  expect(map && list && map.y < list.y).toBe(true);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(page.viewportSize()?.width ?? 0);
});
