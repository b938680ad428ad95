import type { Locator, Page } from "@playwright/test";
import { demo } from "./auth";
import { expect, test } from "./fixtures";
import { findLeakedText, takeProblems, watchPage } from "./page-health";

// City staff compare the hubs with the city's population (issue 16): 参加率 per district and the
// districts beyond a chosen walk from every active hub, most older residents first, on a map
// fitted to the city with the same districts in a table beside it.

const phone = { width: 390, height: 844 };

/** 「徒歩N分の圏外：K地区、65歳以上 M人」 → [K, M]; [0, 0] when every district is covered. */
async function uncovered(page: Page): Promise<[number, number]> {
  const text = (await page.locator(".coverage-summary").textContent()) ?? "";
  const match = /圏外：([\d,]+)地区、65歳以上 ([\d,]+)人/.exec(text);
  if (!match) {
    expect(text).toContain("すべての地区の中心が");
    return [0, 0];
  }
  return [Number(match[1]?.replace(/,/g, "")), Number(match[2]?.replace(/,/g, ""))];
}

/** The districts table's rows as [判定, 65歳以上]. */
async function districtRows(table: Locator): Promise<[string, number][]> {
  const rows = await table.locator("tbody tr").all();
  return Promise.all(
    rows.map(async (row) => {
      const cells = await row.locator("td").allTextContents();
      return [cells[0] ?? "", Number((cells[1] ?? "").replace(/,/g, ""))] as [string, number];
    }),
  );
}

for (const [label, viewport] of [
  ["a desktop", undefined],
  ["a phone", phone],
] as const) {
  test.describe(`coverage and participation by population, on ${label}`, () => {
    if (viewport) test.use({ viewport });

    test("uncovered districts first with their older residents; a longer walk leaves fewer out; the map marks every district", async ({ page, login, checkA11y }) => {
      await login(demo.staff, { redirectTo: "/staff" });
      const participation = page.getByRole("table", { name: /の地区別の参加率/ });
      await expect(participation).toBeVisible();
      // The demo city's population is loaded: every district has its residents and 65歳以上.
      const firstDistrict = participation.locator("tbody tr").first();
      await expect(firstDistrict.locator("td").nth(0)).toHaveText(/^[\d,]+$/);
      await expect(firstDistrict.locator("td").nth(2)).toHaveText(/^\d+\.\d%$/);

      const districts = page.getByRole("table", { name: /地区の一覧（徒歩10分の圏外で/ });
      await expect(districts).toBeVisible();
      const tenMinutes = await districtRows(districts);
      const [count10, aged10] = await uncovered(page);
      // Beyond first, most residents aged 65+ first; the summary is the sum of those rows.
      const beyond = tenMinutes.filter(([status]) => status === "圏外");
      expect(beyond.length).toBe(count10);
      expect(tenMinutes.slice(0, beyond.length).every(([status]) => status === "圏外")).toBe(true);
      expect(beyond.map(([, aged]) => aged)).toEqual([...beyond.map(([, aged]) => aged)].sort((a, b) => b - a));
      expect(beyond.reduce((sum, [, aged]) => sum + aged, 0)).toBe(aged10);

      // The map marks every district's centre (and each active hub with its circle and point).
      await expect(page.locator(".coverage-map .leaflet-interactive").first()).toBeVisible();
      expect(await page.locator(".coverage-map .leaflet-interactive").count()).toBeGreaterThanOrEqual(tenMinutes.length);
      await checkA11y();

      // The demo's rural north (高山, 北田原) has residents and no hub: beyond 10 minutes; 北田原
      // is within 30 minutes of 鹿ノ台's hub, 高山 is not.
      expect(count10).toBeGreaterThanOrEqual(2);
      await page.getByLabel("徒歩の時間").selectOption("30");
      await page.getByRole("button", { name: "表示を変える" }).click();
      await page.waitForURL(/walk=30/);
      await expect(page.getByRole("table", { name: /地区の一覧（徒歩30分の圏外で/ })).toBeVisible();
      const [count30, aged30] = await uncovered(page);
      expect(count30).toBeLessThan(count10);
      expect(aged30).toBeLessThan(aged10);
      await checkA11y();
    });
  });
}

test("without JavaScript the districts beyond the walk are listed the same, and the walk can be changed", async ({ browser, baseURL, login, page }) => {
  // Log in with JavaScript, then read the page with it off in a context holding the same session.
  await login(demo.staff, { redirectTo: "/staff" });
  const context = await browser.newContext({ javaScriptEnabled: false, baseURL, viewport: phone, storageState: await page.context().storageState() });
  const plain = await context.newPage();
  watchPage(plain, new URL(baseURL ?? "").origin);
  await plain.goto("/staff");
  await expect(plain.getByRole("table", { name: /地区の一覧（徒歩10分の圏外で/ })).toBeVisible();
  await plain.getByLabel("徒歩の時間").selectOption("20");
  await plain.getByRole("button", { name: "表示を変える" }).click();
  await expect(plain.getByRole("table", { name: /地区の一覧（徒歩20分の圏外で/ })).toBeVisible();
  expect(await findLeakedText(plain)).toEqual([]);
  expect(takeProblems(plain)).toEqual([]);
  await context.close();
});
