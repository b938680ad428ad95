import type { Page } from "@playwright/test";
import { demo } from "./auth";
import { expect, test } from "./fixtures";
import { matchPattern, roleCrawls, shapeOf } from "./role-pages";

/**
 * The organiser's one workspace (issue 14): the demo organiser logs in without a redirectTo,
 * lands on /organise, and following links breadth first without leaving /organise* reaches
 * every organiser page of role-pages.ts. Every page passes the page checks (axe, console,
 * leaked text: the `checkA11y` fixture) and links back to /organise. On a phone and a desktop.
 */
const organiserPatterns = roleCrawls.organiser.pages.filter((pattern) => /^\/organise(\/|$)/.test(pattern));
/** One page of each shape (path with ids, query names) is enough; a bound, not a clock. */
const MAX_PAGES = 25;

function isWorkspacePath(pathname: string): boolean {
  return /^\/organise(\/|$)/.test(pathname);
}

async function crawlWorkspace(page: Page, checkA11y: () => Promise<void>, origin: string) {
  const queue = ["/organise"];
  const seen = new Set(queue);
  const shapes = new Set([shapeOf(new URL("/organise", origin))]);
  const reached = new Set<string>();
  const withoutWayHome: string[] = [];
  const badStatuses: string[] = [];
  while (queue.length > 0 && reached.size < MAX_PAGES) {
    const path = queue.shift() ?? "";
    const response = await page.goto(path);
    if ((response?.status() ?? 0) >= 400) badStatuses.push(`${response?.status()} ${path}`);
    await checkA11y();
    reached.add(new URL(page.url()).pathname);
    if ((await page.locator('a[href="/organise"]').count()) === 0) withoutWayHome.push(path);
    const hrefs = await page.locator("a[href]").evaluateAll((anchors) => anchors.map((a) => (a as HTMLAnchorElement).href));
    for (const href of hrefs) {
      const url = new URL(href);
      // Downloads (the attendance records' .xlsx and .csv) are files, not pages: the crawl checks those.
      if (url.origin !== origin || !isWorkspacePath(url.pathname) || /\.(csv|xlsx|ics|pdf)$/.test(url.pathname)) continue;
      url.hash = "";
      const next = url.pathname + url.search;
      const shape = shapeOf(url);
      if (seen.has(next) || shapes.has(shape)) continue;
      seen.add(next);
      shapes.add(shape);
      queue.push(next);
    }
  }
  return { reached: [...reached], withoutWayHome, badStatuses };
}

const viewports = [
  { name: "phone", use: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } },
  { name: "desktop", use: { viewport: { width: 1280, height: 800 } } },
];

for (const { name, use } of viewports) {
  test.describe(`the organiser's workspace on a ${name}`, () => {
    test.use(use);

    test("from /organise every organiser page is reached by links, each sound and linking back", async ({ page, checkA11y, login, baseURL }) => {
      // No redirectTo: the organiser lands on their home.
      await login(demo.organiser);
      expect(new URL(page.url()).pathname).toBe("/organise");
      await expect(page.getByRole("heading", { level: 2, name: "今日と今週の回" })).toBeVisible();

      const origin = new URL(baseURL ?? "http://localhost").origin;
      const { reached, withoutWayHome, badStatuses } = await crawlWorkspace(page, checkA11y, origin);
      console.log(`organiser workspace (${name}): ${reached.length} pages reached: ${reached.join(" ")}`);
      const missing = organiserPatterns.filter((pattern) => !reached.some((path) => matchPattern(path, [pattern])));
      expect(organiserPatterns).toEqual(
        expect.arrayContaining([
          "/organise",
          "/organise/upcoming",
          "/organise/attendance",
          "/organise/hubs/:id",
          "/organise/hubs/:id/activities/new",
          "/organise/activities/:id",
          "/organise/occurrences/:id",
          "/organise/occurrences/:id/attendance",
        ]),
      );
      expect(missing, `organiser pages no link from /organise reaches (reached: ${reached.join(", ")})`).toEqual([]);
      expect(withoutWayHome, "organiser pages without a link to /organise").toEqual([]);
      expect(badStatuses, "answers 4xx/5xx").toEqual([]);
      // Nothing wider than the screen.
      await page.goto("/organise");
      await checkA11y();
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(page.viewportSize()?.width ?? 0);
    });
  });
}

test.describe("the organiser's home without JavaScript", () => {
  test.use({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });

  test("logging in lands on the home, whose session links are plain links to the roster and the attendance", async ({ page }) => {
    // axe needs scripts (crawl.spec.ts checks no-script pages); this follows the links a person would.
    await page.goto("/login");
    await page.getByLabel("メールアドレス").fill(demo.organiser);
    await page.getByLabel("パスワード").fill("demo-password");
    await page.getByRole("button", { name: "ログインする" }).click();
    await page.waitForURL((url) => url.pathname === "/organise");
    const sessions = page.getByRole("region", { name: "今日と今週の回" });
    await expect(sessions).toBeVisible();
    const roster = sessions.getByRole("link", { name: /^名簿：/ }).first();
    const attendance = sessions.getByRole("link", { name: /^出席の記録：/ }).first();
    const attendanceHref = await attendance.getAttribute("href");
    await roster.click();
    await expect(page).toHaveURL(/\/organise\/occurrences\/\d+$/);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("名簿");
    await page.goto(attendanceHref ?? "");
    await expect(page).toHaveURL(/\/organise\/occurrences\/\d+\/attendance$/);
  });
});
