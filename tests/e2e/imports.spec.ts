import path from "node:path";
import type { Page } from "@playwright/test";
import { demo } from "./auth";
import { expect, test } from "./fixtures";
import { findLeakedText, takeProblems, watchPage } from "./page-health";

// The 公共施設一覧 import as an admin does it on a phone: the sample file with three bad rows
// (errors beside each, nothing saved), then the fixed file (six hubs), then the same file again
// (nothing to change), and the hubs on the public list. axe needs scripts in the page, so the
// previews are checked with axe in the first test and the whole flow runs without JavaScript in
// the second (the files are docs/samples/, as a person would try them).

const phone = { width: 390, height: 844 };
const sample = (name: string) => path.resolve("docs/samples", name);
const FILE_LABEL = "ファイル（CSV または Excel の .xlsx）";
const PREVIEW = "確認する（まだ保存しません）";

async function checkOwnPage(page: Page) {
  expect(await findLeakedText(page), `leaked text on ${page.url()}`).toEqual([]);
  expect(takeProblems(page), `problems on ${page.url()}`).toEqual([]);
  const width = await page.evaluate(() => document.documentElement.scrollWidth).catch(() => null);
  if (width !== null) expect(width, `no sideways scrolling on ${page.url()}`).toBeLessThanOrEqual(phone.width);
}

test.describe("importing the city's 公共施設一覧 on a phone", () => {
  test.use({ viewport: phone });

  test("the upload form and both previews are sound (axe), and a preview saves nothing", async ({ page, login, checkA11y }) => {
    await login(demo.admin);
    await page.getByRole("link", { name: "公共施設一覧の取り込み" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("公共施設一覧から拠点を取り込む");
    await checkA11y();

    await page.getByLabel(FILE_LABEL).setInputFiles(sample("facilities-sample.csv"));
    await page.getByRole("button", { name: PREVIEW }).click();
    await expect(page.getByText("新規 3件・更新 0件・変更なし 0件・エラー 3件").first()).toBeVisible();
    await expect(page.getByRole("alert")).toContainText("取り込めません（何も保存していません）");
    await expect(page.getByRole("button", { name: /この内容で取り込む/ })).toHaveCount(0);
    await checkA11y();

    await page.getByLabel(FILE_LABEL).setInputFiles(sample("facilities-sample-fixed.csv"));
    await page.getByRole("button", { name: PREVIEW }).click();
    await expect(page.getByRole("button", { name: "この内容で取り込む（新規 6件・更新 0件）" })).toBeVisible();
    await checkA11y();
  });

  test("without JavaScript: errors beside the three rows and nothing saved; the fixed file imported once; the hubs on the public list", async ({ browser, baseURL }) => {
    const context = await browser.newContext({ javaScriptEnabled: false, baseURL, viewport: phone, locale: "ja-JP", timezoneId: "Asia/Tokyo" });
    const page = await context.newPage();
    watchPage(page, new URL(baseURL ?? "").origin);
    await page.goto("/login?redirectTo=%2Fadmin%2Fimports%2Ffacilities");
    await page.getByLabel("メールアドレス").fill(demo.admin);
    await page.getByLabel("パスワード").fill("demo-password");
    await page.getByRole("button", { name: "ログインする" }).click();
    await expect(page).toHaveURL(/\/admin\/imports\/facilities$/);
    await checkOwnPage(page);

    // The file with three bad rows: each error beside its row, no way to confirm, nothing saved.
    await page.getByLabel(FILE_LABEL).setInputFiles(sample("facilities-sample.csv"));
    await page.getByRole("button", { name: PREVIEW }).click();
    await expect(page.getByText("新規 3件・更新 0件・変更なし 0件・エラー 3件").first()).toBeVisible();
    await expect(page.getByRole("row", { name: /真弓コミュニティ集会所/ })).toContainText("緯度：緯度と経度が入れ替わっているようです");
    await expect(page.getByRole("row", { name: /^4 / })).toContainText("名称：名前を入力してください。");
    await expect(page.getByRole("row", { name: /俵口ふれあいホール/ })).toContainText("緯度：日本の範囲外です");
    await expect(page.getByRole("row", { name: /鹿ノ台ふれあい会館/ })).toContainText("新規");
    await expect(page.getByRole("button", { name: /この内容で取り込む/ })).toHaveCount(0);
    await checkOwnPage(page);
    await page.goto("/?near=34.7432,135.7311");
    await expect(page.locator("li.hub-card").first()).not.toContainText("鹿ノ台ふれあい会館");
    await checkOwnPage(page);

    // The fixed file, published at once: six hubs.
    await page.goto("/admin/imports/facilities");
    await page.getByLabel(FILE_LABEL).setInputFiles(sample("facilities-sample-fixed.csv"));
    await page.getByLabel("すぐに公開する").check();
    await page.getByRole("button", { name: PREVIEW }).click();
    await expect(page.getByText("新規 6件・更新 0件・変更なし 0件・エラー 0件").first()).toBeVisible();
    await checkOwnPage(page);
    await page.getByRole("button", { name: "この内容で取り込む（新規 6件・更新 0件）" }).click();
    await expect(page.getByRole("status")).toHaveText("取り込みました（新規 6件・更新 0件・変更なし 0件）。");
    await checkOwnPage(page);

    // The same file again changes nothing.
    await page.getByLabel(FILE_LABEL).setInputFiles(sample("facilities-sample-fixed.csv"));
    await page.getByRole("button", { name: PREVIEW }).click();
    await expect(page.getByText("新規 0件・更新 0件・変更なし 6件・エラー 0件").first()).toBeVisible();
    await expect(page.getByText("変更はありません。すべて登録済みのとおりです。")).toBeVisible();
    await expect(page.getByRole("button", { name: /この内容で取り込む/ })).toHaveCount(0);
    await checkOwnPage(page);

    // Residents find them.
    await page.goto("/?near=34.7432,135.7311");
    await expect(page.locator("li.hub-card").first()).toContainText("鹿ノ台ふれあい会館");
    await checkOwnPage(page);
    await page.goto("/?near=34.6461,135.699");
    await expect(page.locator("li.hub-card").first()).toContainText("南生駒地域交流サロン");
    await checkOwnPage(page);
    await context.close();
  });

  test("staff see each district's population and preview the city's file (the demo's, already loaded)", async ({ page, login, checkA11y }) => {
    await login(demo.staff);
    await page.getByRole("link", { name: "地域・年齢別人口を取り込む・確認する" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("地域・年齢別人口");
    await expect(page.getByRole("row", { name: /鹿ノ台/ })).toContainText("6,200");
    await checkA11y();
    await page.getByLabel(FILE_LABEL).setInputFiles(sample("population-sample.csv"));
    await page.getByRole("button", { name: PREVIEW }).click();
    await expect(page.getByText("新規 0件・更新 0件・変更なし 16件・エラー 0件").first()).toBeVisible();
    await checkA11y();
  });
});
