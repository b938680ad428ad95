import { writeFile } from "node:fs/promises";
import ICAL from "ical.js";
import { extractText, getDocumentProxy } from "unpdf";
import { demo } from "./auth";
import { expect, test } from "./fixtures";

const sessionPattern = /\d{1,2}月\d{1,2}日\([月火水木金土日]\) \d\d:\d\d〜\d\d:\d\d/;

test("a resident finds activities near a station, filtered, with the next date in Japanese", async ({ page, visit, checkA11y }) => {
  await visit("/");
  await page.getByRole("link", { name: "活動をさがす" }).click();
  await expect(page).toHaveURL(/view=activities/);
  await checkA11y();
  await page.getByLabel("近い順に並べる（駅・地区から選ぶ）").selectOption({ label: "生駒駅" });
  await page.getByLabel("歩いて行ける範囲").selectOption({ label: "徒歩30分以内" });
  await page.getByLabel("活動の種類").selectOption({ label: "体操・健康" });
  // Weekdays, facilities and fee are folded under one summary (a shorter form on a phone).
  await page.getByText("曜日・設備・参加費で絞り込む").click();
  await page.getByLabel("無料の活動だけ").check();
  await page.getByRole("button", { name: "この条件でさがす" }).click();
  await expect(page).toHaveURL(/category=exercise/);
  await checkA11y();
  await expect(page.getByRole("heading", { name: /近い順に\d+件の活動/ })).toBeVisible();
  const first = page.locator("li.activity-card").first();
  await expect(first).toContainText("いきいき百歳体操");
  await expect(first).toContainText("元町集会所サロン");
  await expect(first.locator(".activity-next")).toContainText(sessionPattern);
  await expect(first.locator(".hub-distance")).toHaveText(/徒歩\d+分/);
  // Every listed activity is free and within 30 minutes.
  for (const minutes of await page.locator(".activity-card .hub-distance").allTextContents()) {
    expect(Number(/徒歩(\d+)分/.exec(minutes)?.[1])).toBeLessThanOrEqual(30);
  }
});

test("a rained-off session is marked, not hidden; evening and weekday filters work without JavaScript", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, baseURL });
  const page = await context.newPage();
  await page.goto("/?view=activities&category=watch");
  const walk = page.locator("li.activity-card").filter({ hasText: "見守りウォーク" });
  await expect(walk.locator(".badge-cancelled")).toHaveText("中止（雨天中止）");
  await page.getByLabel("活動の種類").selectOption({ label: "すべて" });
  await page.getByLabel("時間帯").selectOption({ label: "夜" });
  await page.getByText("曜日・設備・参加費で絞り込む").click();
  await page.getByLabel("金曜日").check();
  await page.getByRole("button", { name: "この条件でさがす" }).click();
  await expect(page).toHaveURL(/time=evening/);
  // Without JavaScript the URL changes before the new document has loaded: wait for the list.
  await expect(page.locator("li.activity-card h3")).toHaveCount(2);
  const titles = await page.locator("li.activity-card h3").allTextContents();
  expect(titles.sort()).toEqual(["夜の書道教室", "子ども食堂こもれび"].sort());
  await context.close();
});

test("an activity page says its schedule in words, lists dates and roles, and offers a valid calendar", async ({ page, visit, request }) => {
  await visit("/?view=activities&category=salon&near=34.7335,135.7365&within=10");
  await page.getByRole("link", { name: "真弓コミュニティカフェ" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("真弓コミュニティカフェ");
  await expect(page.locator(".schedule-words")).toHaveText("毎月第2土曜 10:00〜14:30");
  await expect(page.getByText("大人300円・子ども200円", { exact: true })).toBeVisible();
  await expect(page.locator(".session-list .session").first()).toContainText(sessionPattern);
  // 受付 2 + 調理 3 + 配膳 2 + 片付け 2 + 会計 1, none taken yet.
  await expect(page.locator(".session-list .session").first()).toContainText("お手伝いの空き：あと10人");
  const reception = page.locator(".role-card").filter({ has: page.getByRole("heading", { name: "受付" }) });
  await expect(reception).toContainText("1回あたり2人");
  await expect(reception).toContainText(/次回（.+）の空き：2人 \/ 2人/);
  const ics = page.getByRole("link", { name: "予定のファイルをダウンロード（iCalendar・その時点の予定だけ）" });
  const feedUrl = (await ics.getAttribute("href")) ?? "";
  // Beside the one-off download, the same feed as a subscription a phone keeps re-reading.
  expect(new URL(feedUrl).pathname).toMatch(/^\/activities\/\d+\/calendar\.ics$/);
  await expect(page.getByRole("link", { name: "スマホ・パソコンのカレンダーに登録する（変更・中止も反映）" })).toHaveAttribute("href", feedUrl.replace(/^http:/, "webcal:"));
  const response = await request.get(feedUrl);
  expect(response.headers()["content-type"]).toContain("text/calendar");
  const events = new ICAL.Component(ICAL.parse(await response.text())).getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));
  expect(events.length).toBeGreaterThanOrEqual(6);
  for (const event of events) {
    expect(event.summary).toBe("真弓コミュニティカフェ");
    // 10:00 in Tokyo is 01:00 UTC, on a Saturday.
    const start = event.startDate.toJSDate();
    expect(start.toISOString()).toMatch(/T01:00:00.000Z$/);
    expect(start.getUTCDay()).toBe(6);
  }
  await expect(page.getByRole("link", { name: "Googleカレンダーに次回を追加" })).toHaveAttribute("href", /calendar\.google\.com/);
});

test("a hub page lists the next four weeks and links to its printable month", async ({ page, visit }) => {
  await visit("/hubs/1");
  await expect(page.getByRole("heading", { name: "これから4週間の予定" })).toBeVisible();
  const sessions = page.locator("#upcoming ~ .session-list .session, .session-list .session");
  await expect(sessions.first()).toContainText(sessionPattern);
  await expect(page.getByRole("link", { name: "見守りウォーク" }).first()).toBeVisible();
  await expect(page.locator(".session.is-cancelled").first()).toContainText("中止（雨天中止）");
  await expect(page.getByRole("link", { name: "今月の予定を印刷する（A4）" })).toHaveAttribute("href", /\/hubs\/1\/print\?month=\d{4}-\d{2}$/);
});

test("the printable month renders to an A4 PDF with the hub, its sessions and a QR code", async ({ page, visit }) => {
  await visit("/hubs/1");
  const href = (await page.getByRole("link", { name: "今月の予定を印刷する（A4）" }).getAttribute("href")) ?? "";
  const month = /month=(\d{4})-(\d{2})/.exec(href);
  await visit(href);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("萩の台まちなえき");
  await expect(page.getByRole("img", { name: /萩の台まちなえきのページ.*を開くQRコード/ })).toBeVisible();
  await page.emulateMedia({ media: "print" });
  await expect(page.locator(".site-header")).toBeHidden();
  const pdf = await page.pdf({ format: "A4", printBackground: true, preferCSSPageSize: true });
  const document = await getDocumentProxy(new Uint8Array(pdf));
  expect(document.numPages).toBe(1);
  // PDF text runs break lines wherever the cell wraps: compare without white space.
  const text = (await extractText(document, { mergePages: true })).text.replace(/\s+/g, "");
  expect(text).toContain("萩の台まちなえき");
  expect(text).toContain(`${Number(month?.[1])}年${Number(month?.[2])}月の予定`);
  expect(text).toContain("日月火水木金土");
  expect(text).toContain("奈良県生駒市萩の台");
  expect(text).toContain("10:00いきいき百歳体操");
  expect(text).toContain("09:30見守りウォーク");
  expect(text).toContain("くわしい情報・最新の予定はこちら");
  if (process.env.UPDATE_DOCS_SCREENSHOTS) {
    await page.setViewportSize({ width: 794, height: 1123 });
    await writeFile("docs/print-month.pdf", pdf);
    await page.screenshot({ path: "docs/print-month.png", fullPage: true });
  }
});

test("a struck-through cancelled session prints as cancelled", async ({ page, visit }) => {
  // The demo's rained-off walk is the next Thursday's; find its month from the hub page.
  await visit("/hubs/1");
  const cancelled = page.locator(".session.is-cancelled").first();
  const when = (await cancelled.locator(".session-when").textContent()) ?? "";
  const [, m] = /(\d{1,2})月/.exec(when) ?? [];
  const today = new Date();
  const year = Number(m) < today.getMonth() + 1 ? today.getFullYear() + 1 : today.getFullYear();
  await visit(`/hubs/1/print?month=${year}-${String(m).padStart(2, "0")}`);
  const struck = page.locator(".month-grid li.is-cancelled").filter({ hasText: "見守りウォーク" });
  await expect(struck.locator("s")).toHaveText(/09:30 見守りウォーク/);
  await expect(struck).toContainText("中止");
});

test("a month like 2026-13 is a 400 page in Japanese, not a 500", async ({ page, checkA11y }) => {
  const response = await page.goto("/hubs/1/print?month=2026-13");
  expect(response?.status()).toBe(400);
  await checkA11y();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("入力内容を確認してください");
});

test("an organiser posts an activity: bad input is refused beside the field with values kept, then it is listed", async ({ page, login, checkA11y }) => {
  await login(demo.organiser, { redirectTo: "/organise" });
  await expect(page.getByRole("heading", { level: 3, name: "萩の台まちなえき" })).toBeVisible();
  await expect(page.locator("li.hub-card")).toHaveCount(1);
  await page.getByRole("link", { name: "新しい活動を登録する" }).click();
  await checkA11y();
  await page.getByLabel("活動名", { exact: true }).fill("はじめてのスマホ教室");
  await page.getByLabel("種類", { exact: true }).selectOption({ label: "学習" });
  await page.getByLabel("定員（制限がなければ空欄）").fill("0");
  await page.getByLabel("毎月（第何週の何曜日）").check();
  await page.getByLabel("水曜日").check();
  await page.getByLabel("最終").check();
  await page.getByLabel("開始時刻").fill("25:00");
  await page.getByLabel("終了時刻").fill("15:00");
  await page.getByRole("button", { name: "登録する" }).click();
  await checkA11y();
  await expect(page.getByRole("alert")).toContainText("入力内容に誤りがあります");
  await expect(page.getByText("定員は1以上の整数で入力してください。")).toBeVisible();
  await expect(page.getByText("時刻は 0:00〜23:59 の間で")).toBeVisible();
  await expect(page.getByLabel("活動名", { exact: true })).toHaveValue("はじめてのスマホ教室");
  await expect(page.getByLabel("開始時刻")).toHaveValue("25:00");
  await expect(page.getByLabel("水曜日")).toBeChecked();
  // Typed the way a Japanese keyboard often does: full-width digits and colon.
  await page.getByLabel("定員（制限がなければ空欄）").fill("１０");
  await page.getByLabel("開始時刻").fill("１４：００");
  await page.getByRole("button", { name: "登録する" }).click();
  await checkA11y();
  await expect(page.getByRole("status")).toContainText("活動を登録しました");
  // Cancel the first session with a reason residents will see.
  const first = page.locator(".organise-sessions > li").first();
  await first.locator("summary").click();
  await first.getByLabel("中止の理由（住民に表示されます。例：雨天中止）").fill("講師の都合");
  await first.getByRole("button", { name: "この回を中止する" }).click();
  await checkA11y();
  await expect(page.getByRole("status")).toHaveText("中止しました。");
  await page.getByRole("link", { name: "住民向けのページを見る" }).click();
  await checkA11y();
  await expect(page.locator(".schedule-words")).toHaveText("毎月最終水曜 14:00〜15:00");
  await expect(page.locator(".session.is-cancelled").first()).toContainText("中止（講師の都合）");
});

test("an organiser gets a Japanese 404 page for a hub outside their scope", async ({ page, login, checkA11y }) => {
  await login(demo.organiser, { redirectTo: "/organise" });
  const response = await page.goto("/organise/hubs/2/activities/new");
  expect(response?.status()).toBe(404);
  await checkA11y();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("ページが見つかりません");
});
