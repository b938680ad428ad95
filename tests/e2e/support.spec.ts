import type { Page } from "@playwright/test";
import { demo } from "./auth";
import { expect, test } from "./fixtures";

/**
 * Fills /support/new with what every record needs (district 萩の台, 1500 m, consent), lets
 * `more` fill optional fields, saves, and waits for the person's page.
 */
async function registerPerson(page: Page, caseCode: string, pseudonym: string, more: () => Promise<void> = async () => {}): Promise<void> {
  await page.getByLabel("ケース番号").fill(caseCode);
  await page.getByLabel("呼び名（仮名）").fill(pseudonym);
  await more();
  await page.getByLabel("地区").selectOption({ label: "萩の台" });
  await page.getByLabel("歩ける距離（メートル）").fill("1500");
  await page.getByLabel("同意の目的").fill("居場所につなぐため");
  await page.getByLabel("誰が何を見てよいか").fill("担当の相談支援員のみ");
  await page.getByRole("button", { name: "登録する" }).click();
  await expect(page.getByRole("heading", { level: 1, name: pseudonym })).toBeVisible();
}

test("a coordinator registers a person, fixes a mistake, moves the stage, logs an accompaniment and a partner", async ({ page, login, visit, checkA11y }) => {
  await login(demo.coordinator, { redirectTo: "/support" });
  await expect(page.getByRole("heading", { level: 1, name: "参加支援：担当している方" })).toBeVisible();
  // The demo coordinator's fictional persons are listed.
  await expect(page.getByRole("link", { name: "Aさん（ケース0012）" })).toBeVisible();

  await page.getByRole("link", { name: "新しく登録する" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "支援対象者を登録" })).toBeVisible();
  await checkA11y();
  const caseCode = `ケースE2E${Date.now() % 100000}`;
  await page.getByLabel("ケース番号").fill(caseCode);
  await page.getByLabel("呼び名（仮名）").fill("");
  await page.getByLabel("本名（任意・暗号化して保存）").fill("試験 一郎");
  await page.getByLabel("興味・関心").fill("本、園芸");
  await page.getByRole("checkbox", { name: "会話少なめ" }).check();
  await page.getByRole("checkbox", { name: "午前のみ" }).check();
  await page.getByLabel("歩ける距離（メートル）").fill("遠く");
  await page.getByLabel("同意の目的").fill("居場所につなぐため");
  await page.getByLabel("誰が何を見てよいか").fill("担当の相談支援員のみ");
  await page.getByRole("button", { name: "登録する" }).click();

  // Errors in Japanese beside the fields; what was typed is still there.
  await expect(page.getByRole("alert")).toContainText("入力内容に誤りがあります");
  await checkA11y();
  await expect(page.getByText("呼び名を入力してください。")).toBeVisible();
  await expect(page.getByText("歩ける距離は0〜5000の数字（メートル）で入力してください。")).toBeVisible();
  await expect(page.getByLabel("ケース番号")).toHaveValue(caseCode);
  await expect(page.getByLabel("本名（任意・暗号化して保存）")).toHaveValue("試験 一郎");
  await expect(page.getByRole("checkbox", { name: "会話少なめ" })).toBeChecked();

  await page.getByLabel("呼び名（仮名）").fill("Zさん（E2E）");
  await page.getByLabel("歩ける距離（メートル）").fill("1000");
  await page.getByRole("button", { name: "登録する" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Zさん（E2E）" })).toBeVisible();
  await checkA11y();
  await expect(page.getByText("試験 一郎")).toBeVisible();
  await expect(page.getByText("会話少なめ、午前のみ")).toBeVisible();

  // Stage: 相談 → 見学.
  await page.getByLabel("新しい段階").selectOption({ label: "見学" });
  await page.getByRole("button", { name: "段階を変える" }).click();
  await expect(page.getByRole("status")).toHaveText("段階を変更しました。");
  await checkA11y();
  await expect(page.getByText(/相談 → 見学/)).toBeVisible();

  // 伴走記録: a 同行 with a note.
  await page.getByLabel("記録の種類").selectOption({ label: "同行" });
  await page.getByLabel("メモ").fill("ブックカフェを一緒に見学した。");
  await page.getByRole("button", { name: "記録を追加する" }).click();
  await expect(page.getByRole("status")).toHaveText("記録を追加しました。");
  await checkA11y();
  await expect(page.getByText("ブックカフェを一緒に見学した。")).toBeVisible();

  // 連携した関係者.
  await page.getByLabel("関係者の名前").fill("地域包括支援センター（E2E）");
  await page.getByRole("button", { name: "関係者を追加する" }).click();
  await expect(page.getByRole("status")).toHaveText("関係者を追加しました。");
  await checkA11y();
  await expect(page.getByText(/地域包括支援センター（E2E）/)).toBeVisible();

  // Finding a place needs the district, and the page says so.
  await page.getByRole("link", { name: "場所・役割をさがす" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "場所・役割をさがす" })).toBeVisible();
  await checkA11y();
  await expect(page.getByText("地区が登録されていないため")).toBeVisible();

  // Back in the list, the new person is there.
  await visit("/support");
  await expect(page.getByRole("link", { name: "Zさん（E2E）" })).toBeVisible();
});

test("an organiser who opens a supported person's page learns nothing", async ({ page, login, visit }) => {
  await login(demo.organiser);
  await visit("/support/1");
  await expect(page.getByRole("heading", { level: 1, name: "このページを見る権限がありません" })).toBeVisible();
  await expect(page.locator("body")).not.toContainText("ケース0012");
});

test("a place booked for a supported person shows the organiser only 参加支援のゲスト, the coordinator and 同行あり", async ({ page, login, visit, checkA11y }) => {
  await login(demo.coordinator, { redirectTo: "/support/new" });
  const suffix = Date.now() % 100000;
  const caseCode = `ケース名簿${suffix}`;
  const pseudonym = `名簿確認Yさん${suffix}`;
  const note = `名簿に出てはいけない配慮メモ${suffix}`;
  await registerPerson(page, caseCode, pseudonym, async () => {
    await page.getByLabel("本名（任意・暗号化して保存）").fill("名簿 花子");
    await page.getByLabel("興味・関心").fill("古布のリサイクル");
    await page.getByRole("checkbox", { name: "会話少なめ" }).check();
    await page.getByRole("checkbox", { name: "同行が必要" }).check();
    await page.getByLabel("配慮すること（自由記述）").fill(note);
  });
  await checkA11y();

  await page.getByRole("link", { name: "場所・役割をさがす" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "場所・役割をさがす" })).toBeVisible();
  await checkA11y();
  // A role at the demo organiser's hub.
  const place = page.getByRole("listitem").filter({ hasText: "萩の台まちなえき" }).filter({ has: page.getByRole("button") }).first();
  const occurrenceId = await place.locator('input[name="occurrenceId"]').inputValue();
  await place.getByRole("button").click();
  await expect(page.getByRole("status")).toBeVisible();
  await checkA11y();
  // And a 見学 (no role) at the same session, counted as the stage 見学.
  const visitForm = page.locator("form").filter({ has: page.locator('input[name="intent"][value="visit"]') }).filter({ has: page.locator(`input[name="occurrenceId"][value="${occurrenceId}"]`) });
  await visitForm.getByRole("checkbox").check();
  await visitForm.getByRole("button").click();
  await expect(page.getByRole("status")).toContainText("見学");
  await checkA11y();
  await expect(page.getByRole("heading", { level: 3, name: "予約済みの見学" })).toBeVisible();

  // The organiser's roster of that session, and the upcoming list.
  await page.context().clearCookies();
  await login(demo.organiser, { redirectTo: `/organise/occurrences/${occurrenceId}` });
  await expect(page.getByText("参加支援のゲスト").first()).toBeVisible();
  const html = await page.content();
  expect(html).toContain("参加支援のゲスト");
  expect(html).toContain("相談支援員：相談支援員（デモ）・同行あり");
  expect(html).toContain("同行あり");
  await expect(page.getByRole("heading", { level: 2, name: "見学（参加支援）" })).toBeVisible();
  await expect(page.getByText("参加支援のゲスト（見学）")).toBeVisible();
  for (const secret of [pseudonym, caseCode, note, "名簿 花子", "古布のリサイクル", "会話少なめ", "同行が必要"]) expect(html).not.toContain(secret);
  await visit("/organise/upcoming");
  const upcoming = await page.content();
  for (const secret of [pseudonym, caseCode, note, "名簿 花子", "会話少なめ", "同行が必要"]) expect(upcoming).not.toContain(secret);
});

test("a 見学 whose session the organiser cancels stays on the person's page with the reason, and the coordinator is told", async ({ page, login, checkA11y }) => {
  const suffix = Date.now() % 100000;
  const title = `見学中止の確認会${suffix}`;
  const tomorrow = new Date(Date.now() + 86_400_000).toLocaleDateString("sv-SE", { timeZone: "Asia/Tokyo" });
  // The organiser puts on a one-off session tomorrow that welcomes 参加支援 (its own, so no other test's data changes).
  await login(demo.organiser, { redirectTo: "/organise" });
  await page.getByRole("link", { name: "新しい活動を登録する：萩の台まちなえき" }).click();
  await checkA11y();
  await page.getByLabel("活動名", { exact: true }).fill(title);
  await page.getByLabel("種類", { exact: true }).selectOption({ label: "学習" });
  await page.getByLabel("参加支援の方（付き添いのある方など）を歓迎する").check();
  await page.getByLabel("1回だけ", { exact: true }).check();
  await page.getByLabel("開始日（1回だけのときは、その日）").fill(tomorrow);
  await page.getByRole("button", { name: "登録する" }).click();
  await expect(page.getByRole("status")).toContainText("活動を登録しました");
  await checkA11y();
  const activityPath = new URL(page.url()).pathname;

  // The coordinator books a 見学 there for a new person.
  await page.context().clearCookies();
  await login(demo.coordinator, { redirectTo: "/support/new" });
  const pseudonym = `見学確認Wさん${suffix}`;
  await registerPerson(page, `ケース見学${suffix}`, pseudonym);
  await checkA11y();
  const personPath = new URL(page.url()).pathname;
  const visits = page.getByRole("region", { name: "見学" });
  await expect(visits).toContainText("これからの見学の予約はありません。");
  await page.getByRole("link", { name: "場所・役割をさがす" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "場所・役割をさがす" })).toBeVisible();
  await checkA11y();
  await page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: title }) }).getByRole("button", { name: /見学を予約する/ }).click();
  await expect(page.getByRole("status")).toContainText("見学を予約しました");
  await checkA11y();
  await page.goto(personPath);
  await checkA11y();
  await expect(visits.getByRole("list", { name: "これからの見学" })).toContainText(title);
  await expect(visits.getByRole("list", { name: "これからの見学" })).toContainText("予約済み");

  // The organiser cancels the session.
  await page.context().clearCookies();
  await login(demo.organiser, { redirectTo: activityPath });
  const session = page.locator(".organise-sessions > li").first();
  await session.locator("summary").click();
  await session.getByLabel("中止の理由（住民に表示されます。例：雨天中止）").fill("会場の都合");
  await session.getByRole("button", { name: "この回を中止する" }).click();
  await expect(page.getByRole("status")).toHaveText("中止しました。");
  await checkA11y();

  // The coordinator's home says there is news; the notice links to the person's page, which
  // lists the 見学 as cancelled with the session's reason.
  await page.context().clearCookies();
  await login(demo.coordinator, { redirectTo: "/support" });
  await page.getByRole("link", { name: /お知らせ（未読 \d+件）/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "参加支援のお知らせ" })).toBeVisible();
  await checkA11y();
  await expect(page.getByRole("listitem").first()).toContainText("担当している方の見学の予約が、回の中止により取り消されました。");
  await expect(page.locator("body")).not.toContainText(pseudonym);
  await page.locator(`a[href="${personPath}"]`).first().click();
  await expect(page.getByRole("heading", { level: 1, name: pseudonym })).toBeVisible();
  await checkA11y();
  await expect(visits).toContainText("これからの見学の予約はありません。");
  const cancelled = visits.getByRole("list", { name: "取り消された見学" });
  await expect(cancelled).toContainText(title);
  await expect(cancelled).toContainText("回の中止により取り消し（理由：会場の都合）");
});
