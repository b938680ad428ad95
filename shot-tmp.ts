import { chromium } from "@playwright/test";
const base = process.argv[2] ?? "http://localhost:3300";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium" });
for (const [name, viewport] of [["desktop", { width: 1280, height: 900 }], ["phone", { width: 390, height: 844 }]] as const) {
  const page = await browser.newPage({ viewport, locale: "ja-JP" });
  await page.goto(`${base}/login`);
  await page.getByLabel("メールアドレス").fill("staff@example.jp");
  await page.getByLabel("パスワード").fill("demo-password");
  await page.getByRole("button", { name: "ログイン" }).click();
  await page.waitForURL(/\/staff/);
  await page.goto(`${base}/staff?walk=10#coverage-title`);
  await page.locator(".coverage-map .leaflet-interactive").first().waitFor();
  const section = page.locator("section", { has: page.locator("#coverage-title") });
  await section.screenshot({ path: `docs/screenshot-coverage-${name}.png` });
  const part = page.locator("section", { has: page.locator("#participation-title") });
  if (name === "desktop") await part.screenshot({ path: `docs/screenshot-participation-desktop.png` });
  await page.close();
}
await browser.close();
