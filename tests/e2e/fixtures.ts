import { test as base, expect, type Page } from "@playwright/test";
import { loginThroughForm } from "./auth";
import { axeViolations, findLeakedText, settle, takeProblems, watchPage } from "./page-health";

/** The checks of each page's test, so helpers given only `page` can check what they load. */
const checkers = new WeakMap<Page, () => Promise<void>>();

/** Runs the page checks for `page` (from the `checkA11y` fixture of the test that owns it). */
export async function checkPage(page: Page): Promise<void> {
  const check = checkers.get(page);
  if (!check) throw new Error("checkPage: add `checkA11y` (or `visit`) to this test's fixtures, so its pages are checked");
  await check();
}

/**
 * Every page a test visits is checked as a person would see it: axe, no script or console error,
 * no hydration failure, no leaked `undefined`/`NaN`/`[object Object]`/`Invalid Date`/U+FFFD
 * (./page-health.ts). `visit()` navigates and checks, `checkA11y()` checks after a click or form
 * submit. The fixture fails the test if a page was loaded and never checked, and checks the page
 * the test ends on; script and console errors fail every test that has a page, checked or not.
 */
export const test = base.extend<{
  checkA11y: () => Promise<void>;
  visit: (path: string) => Promise<void>;
  login: (email: string, options?: { password?: string; redirectTo?: string }) => Promise<void>;
}>({
  page: async ({ page, baseURL }, use) => {
    // No network beyond our server: map tiles and anything else external fail fast.
    const origin = new URL(baseURL ?? "http://localhost").origin;
    await page.route("**/*", (route) => (route.request().url().startsWith(origin) ? route.continue() : route.abort()));
    watchPage(page, origin);
    await use(page);
    expect(takeProblems(page), "script errors, console errors or hydration warnings").toEqual([]);
  },
  checkA11y: async ({ page, javaScriptEnabled }, use) => {
    const loaded = new Set<string>();
    const checked = new Set<string>();
    // framenavigated also fires for client-side (history) navigations, which fire no "load".
    page.on("framenavigated", (frame) => {
      if (frame === page.mainFrame()) loaded.add(pathOf(page));
    });
    const check = async () => {
      await settle(page, javaScriptEnabled);
      expect(await axeViolations(page), `axe violations on ${page.url()}`).toEqual([]);
      expect(await findLeakedText(page), `leaked text on ${page.url()}`).toEqual([]);
      expect(takeProblems(page), `script errors, console errors or hydration warnings by ${page.url()}`).toEqual([]);
      checked.add(pathOf(page));
    };
    checkers.set(page, check);
    await use(check);
    if (!page.isClosed() && !checked.has(pathOf(page))) await check();
    const unchecked = [...loaded].filter((path) => !checked.has(path));
    expect(unchecked, "pages loaded without an axe check").toEqual([]);
  },
  visit: async ({ page, checkA11y }, use) => {
    await use(async (path: string) => {
      await page.goto(path);
      await checkA11y();
    });
  },
  // Logs in through the real form (the e2e server's database is another process's PGlite, so a
  // test cannot insert a session itself). Demo accounts: tests/e2e/auth.ts.
  login: async ({ page, checkA11y }, use) => {
    await use((email, options = {}) => loginThroughForm(page, checkA11y, email, options));
  },
});

function pathOf(page: Page): string {
  const url = new URL(page.url());
  return url.pathname + url.search;
}

export { expect };
