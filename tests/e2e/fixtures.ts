import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type Page } from "@playwright/test";

/**
 * Every page a test visits is checked with axe: `visit()` navigates and checks, `checkA11y()`
 * checks after a click or form submit. The fixture fails the test if a page was loaded and never
 * checked, and checks the page the test ends on.
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
    await use(page);
  },
  checkA11y: async ({ page }, use) => {
    const loaded = new Set<string>();
    const checked = new Set<string>();
    // framenavigated also fires for client-side (history) navigations, which fire no "load".
    page.on("framenavigated", (frame) => {
      if (frame === page.mainFrame()) loaded.add(pathOf(page));
    });
    const check = async () => {
      await page.waitForLoadState("networkidle");
      const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
      const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
      expect(summary, `axe violations on ${page.url()}`).toEqual([]);
      checked.add(pathOf(page));
    };
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
  login: async ({ page, visit, checkA11y }, use) => {
    await use(async (email, options = {}) => {
      const query = options.redirectTo ? `?${new URLSearchParams({ redirectTo: options.redirectTo })}` : "";
      await visit(`/login${query}`);
      await page.getByLabel("メールアドレス").fill(email);
      await page.getByLabel("パスワード").fill(options.password ?? "demo-password");
      await page.getByRole("button", { name: "ログインする" }).click();
      await page.waitForURL((url) => url.pathname !== "/login");
      await checkA11y();
    });
  },
});

function pathOf(page: Page): string {
  const url = new URL(page.url());
  return url.pathname + url.search;
}

export { expect };
