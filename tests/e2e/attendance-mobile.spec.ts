import { demo } from "./auth";
import { expect, test } from "./fixtures";

// On a phone. (The axe fixture needs JavaScript in the page, so "without JavaScript" is checked by
// the form being a real POST form; the integration tests post it as a browser without JS would.)
test("an organiser records a session's attendance on a phone, fixes an error, and saves twice", async ({ page, login, visit, checkA11y }) => {
  await login(demo.organiser);
  await visit("/organise/attendance");
  await page.getByRole("link", { name: /ふれあいサロン（記録のデモ）/ }).click();
  await checkA11y();
  await expect(page.locator("form[method=post]").filter({ has: page.getByLabel("参加者数（人）") })).toHaveCount(1);
  await page.getByLabel("参加者数（人）").fill("12");
  await page.getByLabel("うち初めての参加者（人）").fill("20");
  await page.getByRole("button", { name: "保存する" }).click();
  await checkA11y();
  await expect(page.getByText("初めての参加者は参加者数以下にしてください。")).toBeVisible();
  await expect(page.getByLabel("参加者数（人）")).toHaveValue("12");
  await page.getByLabel("うち初めての参加者（人）").fill("2");
  await page.getByLabel("75歳以上").fill("5");
  await page.getByRole("button", { name: "保存する" }).click();
  await checkA11y();
  await expect(page.getByRole("status")).toHaveText("出席を保存しました。");
  await expect(page.getByLabel("参加者数（人）")).toHaveValue("12");
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(page.viewportSize()?.width ?? 0);
  await page.getByRole("button", { name: "保存する" }).click();
  await checkA11y();
  await visit("/organise/attendance");
  await expect(page.getByText("記録済み（12人）")).toBeVisible();
});
