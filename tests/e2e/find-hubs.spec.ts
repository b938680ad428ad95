import { expect, test } from "./fixtures";

test("a resident finds the demo hubs on the map and in the list, in Japanese", async ({ page, visit }) => {
  await visit("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "ja");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("近くの居場所・活動の場をさがす");
  const list = page.getByRole("list").filter({ has: page.getByRole("link", { name: "萩の台まちなえき" }) });
  await expect(list.getByRole("listitem").filter({ has: page.getByRole("heading", { level: 3 }) })).toHaveCount(16);
  // The map loads in the browser and numbers the same hubs as the list.
  await expect(page.locator(".leaflet-container")).toBeVisible();
  await expect(page.locator(".hub-marker")).toHaveCount(16);
});

test("clicking a list entry highlights its marker and a marker highlights its entry", async ({ page, visit }) => {
  await visit("/");
  const entry = page.locator("li.hub-card").filter({ hasText: "鹿ノ台 旧消防署カフェ" });
  await entry.getByRole("button", { name: "地図で見る" }).click();
  await expect(entry.getByRole("button", { name: "地図で見る" })).toHaveAttribute("aria-pressed", "true");
  await expect(page.locator(".hub-marker.is-selected")).toHaveAttribute("title", /鹿ノ台 旧消防署カフェ/);
  await page.locator(".hub-marker[title*='さつき台図書室カフェ']").click();
  await expect(page.locator("li.hub-card.is-selected")).toContainText("さつき台図書室カフェ");
});

test("near a shareable point, hubs come nearest first with metres and walking minutes", async ({ page, visit }) => {
  await visit("/?near=34.6932,135.7006");
  await expect(page.getByRole("heading", { name: "近い順に16か所" })).toBeVisible();
  const first = page.locator("li.hub-card").first();
  await expect(first).toContainText("元町集会所サロン");
  await expect(first.locator(".hub-distance")).toHaveText(/約\d+m・徒歩\d+分/);
  const minutes = await page.locator(".hub-distance").allTextContents();
  const values = minutes.map((text) => Number(/徒歩(\d+)分/.exec(text)?.[1]));
  expect(values).toEqual([...values].sort((a, b) => a - b));
});

test("filters are a plain GET form that works without JavaScript", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, baseURL });
  const page = await context.newPage();
  await page.goto("/");
  await page.getByLabel("種類").selectOption({ label: "子ども食堂" });
  await page.getByText("設備・バリアフリーで絞り込む").click();
  await page.getByLabel("授乳・おむつ替えスペース").check();
  await page.getByLabel("近い順に並べる（駅・地区から選ぶ）").selectOption({ label: "東生駒駅" });
  await page.getByRole("button", { name: "この条件でさがす" }).click();
  await expect(page).toHaveURL(/kind=kodomo_shokudo.*access=nursing_room/);
  await expect(page.getByLabel("授乳・おむつ替えスペース")).toBeChecked();
  await expect(page.locator("li.hub-card")).toHaveCount(2);
  await expect(page.locator("li.hub-card").first()).toContainText("東生駒 子ども食堂こもれび");
  await expect(page.locator(".map-placeholder")).toBeVisible();
  await context.close();
});

test("bad input gives a notice and the unfiltered list, never an error", async ({ page, visit }) => {
  await visit("/?near=abc&kind=castle");
  await expect(page.getByRole("status")).toContainText("指定された地点（緯度・経度）が正しくない");
  await expect(page.getByRole("status")).toContainText("分からない絞り込み条件");
  await expect(page.locator("li.hub-card")).toHaveCount(16);
  await visit("/?near=95,200");
  await expect(page.getByRole("status")).toContainText("正しくない");
});

test("a hub page shows where it is and who it serves; an unknown hub is a Japanese 404", async ({ page, visit, checkA11y }) => {
  await visit("/");
  await page.getByRole("link", { name: "鹿ノ台 旧消防署カフェ" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("鹿ノ台 旧消防署カフェ");
  await checkA11y();
  await expect(page.getByText("奈良県生駒市鹿ノ台東2丁目1-15")).toBeVisible();
  for (const name of ["鹿ノ台北自治会", "鹿ノ台南自治会", "鹿ノ台東自治会"]) await expect(page.getByText(name)).toBeVisible();
  await expect(page.getByText("車いす対応トイレ")).toBeVisible();
  const response = await page.goto("/hubs/does-not-exist");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("ページが見つかりません");
  await expect(page.getByRole("link", { name: "トップページへ戻る" })).toBeVisible();
});

test("the language switch shows English and remembers it", async ({ page, visit, checkA11y }) => {
  await visit("/");
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await checkA11y();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Find a gathering place near you");
  await visit("/hubs/1");
  await expect(page.getByRole("link", { name: "Back to search" })).toBeVisible();
  // The public texts' English arrives in its own chunk before hydration: a client-side
  // navigation after it still renders English (and the page health check sees no hydration error).
  await page.getByRole("link", { name: "Back to search" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Find a gathering place near you");
  await expect(page.getByRole("button", { name: "日本語" })).toBeVisible();
});

test("open data and health endpoints answer", async ({ request }) => {
  const geo = await request.get("/api/hubs.geojson");
  expect(geo.headers()["content-type"]).toContain("application/geo+json");
  const body = await geo.json();
  expect(body.type).toBe("FeatureCollection");
  expect(body.features).toHaveLength(16);
  const [lng, lat] = body.features[0].geometry.coordinates;
  expect(lng).toBeGreaterThan(135);
  expect(lat).toBeLessThan(36);
  const health = await request.get("/healthz");
  expect(health.status()).toBe(200);
  expect(await health.json()).toEqual({ status: "ok", database: "ok" });
});

test("a form posted from another site is refused", async ({ request, baseURL }) => {
  const foreign = await request.post("/language", { form: { lang: "en" }, headers: { Origin: "https://evil.example" }, maxRedirects: 0 });
  expect(foreign.status()).toBe(403);
  const own = await request.post("/language", { form: { lang: "en" }, headers: { Origin: baseURL ?? "" }, maxRedirects: 0 });
  expect(own.status()).toBe(302);
});
