import type { Page } from "@playwright/test";
import { demo } from "./auth";
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

/** The header's height, and the nav and account labels that broke inside a word (more lines than one). */
async function headerShape(page: Page) {
  return page.evaluate(() => {
    const header = document.querySelector(".site-header")?.getBoundingClientRect();
    const lineHeight = (el: Element) => parseFloat(getComputedStyle(el).lineHeight) || 24;
    const broken = [...document.querySelectorAll(".site-header a, .site-header button")]
      .filter((el) => el.getBoundingClientRect().height > lineHeight(el) * 1.5 + 20)
      .map((el) => el.textContent);
    return { height: header?.height ?? Infinity, viewport: window.innerHeight, broken };
  });
}

test("on a phone the header is a small part of the first screen, logged out and in, and no label breaks per character", async ({ page, visit, login }) => {
  await visit("/");
  let shape = await headerShape(page);
  expect(shape.broken).toEqual([]);
  expect(shape.height / shape.viewport).toBeLessThan(0.15);
  // The admin sees the most places in the header.
  await login(demo.admin);
  await visit("/");
  shape = await headerShape(page);
  expect(shape.broken).toEqual([]);
  expect(shape.height / shape.viewport).toBeLessThan(0.2);
  await expect(page.getByRole("navigation", { name: "メインメニュー" }).getByRole("link", { name: "さがす" })).toBeVisible();
});

test("on a phone a search lands at its results, which say how many were found and with what", async ({ page, visit, checkA11y }) => {
  await visit("/?view=activities");
  await page.getByLabel("活動の種類").selectOption({ label: "体操・健康" });
  await page.getByRole("button", { name: "この条件でさがす" }).click();
  await page.waitForURL(/category=exercise/);
  await checkA11y();
  const heading = page.getByRole("heading", { name: /件の活動が見つかりました/ });
  await expect(heading).toBeInViewport();
  await expect(page.getByText("条件：体操・健康")).toBeInViewport();
  // "条件を変える" goes back up to the form.
  await page.getByRole("link", { name: "条件を変える" }).click();
  await expect(page.getByLabel("活動の種類")).toBeInViewport();

  await visit("/");
  await page.getByLabel("地区", { exact: true }).selectOption({ index: 1 });
  await page.getByRole("button", { name: "この条件でさがす" }).click();
  await page.waitForURL(/district=\d/);
  await checkA11y();
  await expect(page.getByRole("heading", { name: /か所/ })).toBeInViewport();
});

test("on a phone every text field has 16px text or more (iOS zooms into smaller ones)", async ({ page, login, visit }) => {
  const small = async () =>
    page.evaluate(() =>
      [...document.querySelectorAll("input, select, textarea")]
        .filter((el) => !["checkbox", "radio", "hidden", "submit", "button"].includes((el as HTMLInputElement).type))
        .filter((el) => parseFloat(getComputedStyle(el).fontSize) < 16 || el.getBoundingClientRect().height < 40)
        .map((el) => `${el.tagName} ${el.getAttribute("name")}`),
    );
  await visit("/login");
  expect(await small()).toEqual([]);
  await login(demo.organiser);
  for (const path of ["/account", "/volunteer/profile", "/organise/hubs/1"]) {
    await visit(path);
    expect(await small(), path).toEqual([]);
  }
});
