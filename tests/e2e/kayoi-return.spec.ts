import { readFile } from "node:fs/promises";
import { devices, type Page } from "@playwright/test";
import { readXlsx } from "~/lib/xlsx.server";
import { demo } from "./auth";
import { expect, test } from "./fixtures";

// The 通いの場 return (issue 16): city staff reach it from their home page, read the places that
// qualify and those that do not, set one hub's 運営主体, and download the workbook.

async function reachFromStaffHome(page: Page, checkA11y: () => Promise<void>) {
  // Activated as a keyboard or a screen reader does: on a phone the run of links wraps, and a
  // wrapped inline link's centre (where a pointer click lands) is over its neighbour.
  await page.getByRole("link", { name: "通いの場の実施状況（年次報告・Excel）" }).focus();
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/staff\/kayoi$/);
  await checkA11y();
  await expect(page.getByRole("heading", { level: 1, name: "通いの場の実施状況（年次報告）" })).toBeVisible();
}

test("staff reach the return from /staff, see the monthly rule applied, set a hub's 運営主体 and download the .xlsx", async ({ page, login, checkA11y }) => {
  await login(demo.staff, { redirectTo: "/staff" });
  await reachFromStaffHome(page, checkA11y);
  // The default 年度 is the last complete one, where the demo meets weekly, twice a month, monthly and every other month.
  const qualifying = page.getByRole("table", { name: "通いの場に当たる場所" });
  await expect(qualifying.getByRole("row", { name: /さつき台図書室カフェ/ })).toContainText("週1回以上");
  await expect(qualifying.getByRole("row", { name: /東生駒 子ども食堂こもれび/ })).toContainText("月2回以上4回未満");
  await expect(qualifying.getByRole("row", { name: /萩の台まちなえき/ })).toContainText("月1回以上2回未満");
  const notQualifying = page.getByRole("table", { name: "通いの場に当たらない場所" });
  await expect(notQualifying.getByRole("row", { name: /北小平尾 みんなの農園/ })).toContainText("月1回未満（年間6回");

  await qualifying.getByRole("link", { name: "萩の台まちなえきの運営主体・場所を設定" }).click();
  await checkA11y();
  await page.getByLabel("運営主体", { exact: true }).selectOption({ label: "社会福祉協議会" });
  await page.getByRole("button", { name: "保存する" }).click();
  await page.waitForURL(/\/staff\/kayoi\?fy=\d{4}$/);
  await checkA11y();
  await expect(page.getByRole("status")).toHaveText("運営主体と場所を保存しました。");
  await expect(qualifying.getByRole("row", { name: /萩の台まちなえき/ })).toContainText("社会福祉協議会");

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Excelでダウンロード（.xlsx）" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^machinaeki-kayoi_\d{4}\.xlsx$/);
  const path = await download.path();
  const sheets = await readXlsx(await readFile(path));
  expect(sheets.map((s) => s.name)).toEqual(["通いの場", "対象外の場所", "活動内容の対応表", "説明"]);
  expect(sheets[0]?.rows[0]?.slice(0, 7)).toEqual(["名称", "所在地", "主な活動内容", "その他の活動内容", "運営主体", "場所", "開催頻度"]);
  expect(sheets[0]?.rows.find((r) => r[0] === "萩の台まちなえき")?.[4]).toBe("社会福祉協議会");
});

test.describe("on a phone", () => {
  const { defaultBrowserType: _ignored, ...phone } = devices["Pixel 7"];
  test.use(phone);

  test("staff reach the return from /staff on a phone; the wide table scrolls inside its box", async ({ page, login, checkA11y }) => {
    await login(demo.staff, { redirectTo: "/staff" });
    await reachFromStaffHome(page, checkA11y);
    await expect(page.getByRole("region", { name: "通いの場に当たる場所" })).toBeVisible();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(page.viewportSize()?.width ?? 0);
    await expect(page.getByRole("link", { name: "Excelでダウンロード（.xlsx）" })).toHaveAttribute("href", /\/staff\/kayoi\.xlsx\?fy=\d{4}$/);
  });
});
