import type { Page } from "@playwright/test";

// Demo accounts the e2e server has (app/commands/demo/accounts.ts; password "demo-password").
export const demo = {
  admin: "admin@example.jp",
  staff: "staff@example.jp",
  coordinator: "coordinator@example.jp",
  organiser: "organiser@example.jp",
  volunteer: "volunteer@example.jp",
} as const;

export interface LoginOptions {
  password?: string;
  /** Where to land after logging in (a path on this site). */
  redirectTo?: string;
}

/**
 * Logs in through the real form and checks both pages with axe. The e2e server's database is
 * another process's PGlite, so a test cannot insert a session itself.
 */
export async function loginThroughForm(page: Page, checkA11y: () => Promise<void>, email: string, options: LoginOptions = {}): Promise<void> {
  const query = options.redirectTo ? `?${new URLSearchParams({ redirectTo: options.redirectTo })}` : "";
  await page.goto(`/login${query}`);
  await checkA11y();
  await page.getByLabel("メールアドレス").fill(email);
  await page.getByLabel("パスワード").fill(options.password ?? "demo-password");
  await page.getByRole("button", { name: "ログインする" }).click();
  await page.waitForURL((url) => url.pathname !== "/login");
  await checkA11y();
}

/**
 * `await login(page, demo.organiser)` in a test of ./fixtures that also takes `checkA11y` or
 * `visit` (so the pages it loads are checked with axe). Same as the `login` fixture.
 */
export async function login(page: Page, email: string, options: LoginOptions = {}): Promise<void> {
  const { checkPage } = await import("./fixtures");
  await loginThroughForm(page, () => checkPage(page), email, options);
}
