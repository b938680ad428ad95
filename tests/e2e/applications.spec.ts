import type { APIRequestContext, Page } from "@playwright/test";
import { demo } from "./auth";
import { expect, test } from "./fixtures";
import { findLeakedText, takeProblems, watchPage } from "./page-health";

// A resident takes part (issue 14): the organiser opens a 20-seat session to applications, 20
// residents fill it, the 21st applies from a phone without JavaScript and waits, and moves up
// when one of the 20 cancels with the link of their own application.

test.describe.configure({ mode: "serial" });

const phone = { width: 390, height: 844 };
let activityId = 0;
let sessionId = 0;
const firstTwenty: string[] = [];

/** Posts the application form as a browser would (same origin); gives the application's own page. */
async function applyByPost(request: APIRequestContext, baseURL: string, fields: Record<string, string>): Promise<string> {
  const response = await request.post(`/activities/${activityId}/apply`, { form: fields, headers: { Origin: baseURL }, maxRedirects: 0 });
  expect(response.status()).toBe(302);
  const location = response.headers()["location"] ?? "";
  expect(location).toMatch(/^\/applications\/\d+-/);
  return location;
}

/**
 * The page checks of the fixtures for a page without JavaScript (axe needs it, so these pages
 * get their axe check in the other tests, which open them with JavaScript).
 */
async function checkOwnPage(page: Page) {
  expect(await findLeakedText(page), `leaked text on ${page.url()}`).toEqual([]);
  expect(takeProblems(page), `problems on ${page.url()}`).toEqual([]);
}

test("an organiser opens a 20-seat activity to applications, and 20 residents fill its first session", async ({ page, login, checkA11y, request, baseURL }) => {
  await login(demo.organiser, { redirectTo: "/organise" });
  await page.getByRole("link", { name: "新しい活動を登録する：萩の台まちなえき" }).click();
  await checkA11y();
  await page.getByLabel("活動名", { exact: true }).fill("二十席の歌声サロン");
  await page.getByLabel("種類", { exact: true }).selectOption({ label: "サロン・茶話会" });
  await page.getByLabel("火曜日").check();
  await page.getByLabel("定員（制限がなければ空欄）").fill("２０");
  await page.getByLabel("事前の申し込みが必要（このサイトから申し込めるようになります）").check();
  await page.getByLabel("1回の申し込みで来られる人数の上限").fill("2");
  await page.getByLabel("電話での申し込み先（任意）").fill("０７４３－７０－１２３４");
  await page.getByRole("button", { name: "登録する" }).click();
  await expect(page.getByRole("status")).toContainText("活動を登録しました");
  await checkA11y();
  activityId = Number(/\/organise\/activities\/(\d+)/.exec(page.url())?.[1]);
  expect(activityId).toBeGreaterThan(0);

  await page.goto(`/activities/${activityId}`);
  await checkA11y();
  await expect(page.getByText("電話でも申し込めます：0743-70-1234")).toBeVisible();
  const apply = page.locator(".session-list .session").first().getByRole("link", { name: /の回に申し込む$/ });
  sessionId = Number(/session=(\d+)/.exec((await apply.getAttribute("href")) ?? "")?.[1]);
  expect(sessionId).toBeGreaterThan(0);
  await expect(page.locator(".session-list .session").first()).toContainText("参加の空き：あと20人");

  for (let i = 1; i <= 20; i++) {
    firstTwenty.push(await applyByPost(request, baseURL ?? "", { session: String(sessionId), scope: "one", name: `歌声${i}`, email: `utagoe${i}@example.jp`, partySize: "1" }));
  }
  await page.reload();
  await checkA11y();
  await expect(page.locator(".session-list .session").first()).toContainText("満員（申し込むとキャンセル待ち）");
});

test("the 21st applies from a phone without JavaScript, waits, and moves up when someone cancels with their link", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, baseURL, viewport: phone, locale: "ja-JP", timezoneId: "Asia/Tokyo" });
  const page = await context.newPage();
  watchPage(page, new URL(baseURL ?? "").origin);
  await page.goto(`/activities/${activityId}`);
  await checkOwnPage(page);
  await page.locator(".session-list .session").first().getByRole("link", { name: /の回に申し込む$/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("参加の申し込み：二十席の歌声サロン");
  await checkOwnPage(page);

  // A mistake first: no way to reach them, three people where two is the limit.
  await page.getByLabel("お名前（ニックネームでもかまいません）").fill("二十一番 さん");
  await page.getByLabel("人数（ご本人を含む）").fill("3");
  await page.getByRole("button", { name: "申し込む" }).click();
  await expect(page.getByText("人数は1人から、この活動の上限までの数で書いてください")).toBeVisible();
  await expect(page.getByLabel("お名前（ニックネームでもかまいません）")).toHaveValue("二十一番 さん");
  await expect(page.getByLabel("人数（ご本人を含む）")).toHaveValue("3");

  await page.getByLabel("人数（ご本人を含む）").fill("１");
  await page.getByLabel("電話番号").fill("０９０－２１２１－２１２１");
  await page.getByRole("button", { name: "申し込む" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("申し込みの確認");
  await expect(page.getByRole("status")).toContainText("キャンセル待ちで受け付けました");
  await expect(page.locator(".session-list .session")).toContainText("キャンセル待ち（1番目）");
  await expect(page.locator(".application-code")).toHaveText(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/);
  await expect(page.getByRole("img", { name: /^受付番号 .+ のQRコード$/ })).toBeVisible();
  await checkOwnPage(page);
  const mine = page.url();

  // The third of the first twenty cancels from their own page.
  await page.goto(firstTwenty[2] ?? "");
  await checkOwnPage(page);
  await page.getByRole("button", { name: /の回をキャンセル$/ }).click();
  await expect(page.getByRole("status")).toContainText("キャンセルしました");
  await expect(page.locator(".session-list .session")).toContainText("キャンセルしました");
  await checkOwnPage(page);

  await page.goto(mine);
  await expect(page.locator(".session-list .session")).toContainText("参加できます");
  await checkOwnPage(page);
  await context.close();
});

test("with JavaScript on a phone, a resident applies for every session of a month and withdraws with their data", async ({ page, visit, checkA11y }) => {
  await page.setViewportSize(phone);
  await visit(`/activities/${activityId}/apply?session=${sessionId}`);
  // A refused form, as a screen reader meets it: the errors beside the fields.
  await page.getByRole("button", { name: "申し込む" }).click();
  await expect(page.getByText("お名前を書いてください")).toBeVisible();
  await checkA11y();
  await page.getByLabel("選んだ回と同じ月の、これからの回すべて").check();
  await page.getByLabel("お名前（ニックネームでもかまいません）").fill("月まとめ");
  await page.getByLabel("メールアドレス").fill("tsuki@example.jp");
  await page.getByRole("button", { name: "申し込む" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("申し込みの確認");
  await checkA11y();
  expect(await page.locator(".session-list .session").count()).toBeGreaterThanOrEqual(1);
  await page.getByLabel("元に戻せないことを確認しました").check();
  await page.getByRole("button", { name: "取り消して削除する" }).click();
  await expect(page.getByRole("status")).toContainText("お名前と連絡先を削除しました");
  await expect(page.getByText("この申し込みは取り消され、お名前と連絡先は削除されました。")).toBeVisible();
  await expect(page.getByText("月まとめ")).toHaveCount(0);
  await checkA11y();
});
