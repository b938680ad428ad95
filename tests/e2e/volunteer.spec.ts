import { demo } from "./auth";
import { expect, test } from "./fixtures";

// One story across two accounts: the demo organiser is also a volunteer (every account is).
test("a volunteer is suggested a role, signs up, appears on the roster; cancels, and the waiting person is promoted and told", async ({
  page,
  login,
  visit,
  checkA11y,
}) => {
  const logout = async () => {
    await page.getByRole("button", { name: "ログアウト" }).click();
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.getByRole("status")).toHaveText("ログアウトしました。");
    await checkA11y();
  };

  // 1. The volunteer says where they live and when they are free.
  await login(demo.volunteer, { redirectTo: "/volunteer/profile" });
  await page.getByLabel("住まいの地域").selectOption({ label: "萩の台" });
  await page.getByRole("checkbox", { name: "火曜午前" }).check();
  await page.getByLabel("歩いて行ける時間（分）").fill("15");
  await page.getByRole("button", { name: "保存する" }).click();
  await expect(page).toHaveURL(/\/volunteer$/);
  await expect(page.getByRole("status")).toHaveText("プロフィールを保存しました。");
  await checkA11y();

  // 2. A suggestion with its reasons in words; they sign up.
  const suggestion = page
    .getByRole("region", { name: "あなたに合いそうな役割" })
    .getByRole("listitem")
    .filter({ has: page.getByRole("heading", { name: "いきいき百歳体操：受付" }) })
    .first();
  await expect(suggestion).toContainText("火曜午前に参加できる");
  await expect(suggestion).toContainText(/徒歩\d+分（\d+m）/);
  await expect(suggestion).toContainText("はじめてOK");
  const sessionHref = await suggestion.getByRole("link", { name: "この回の役割を見る" }).getAttribute("href");
  expect(sessionHref).toMatch(/^\/volunteer\/sessions\/\d+$/);
  await suggestion.getByRole("button", { name: "申し込む" }).click();
  await expect(page.getByRole("status")).toHaveText("申し込みました。");
  await checkA11y();
  const schedule = page.getByRole("region", { name: "これからの予定" });
  await expect(schedule.getByRole("listitem").filter({ hasText: "受付" })).toContainText("確定");
  await logout();

  // 3. The organiser finds the session in the 14-day overview and sees the volunteer on the roster.
  await login(demo.organiser, { redirectTo: "/organise/upcoming" });
  const occurrenceId = sessionHref?.split("/").pop() ?? "";
  await page.locator(`a[href="/organise/occurrences/${occurrenceId}"]`).click();
  await expect(page).toHaveURL(new RegExp(`/organise/occurrences/${occurrenceId}$`));
  await checkA11y();
  const reception = page.getByRole("region", { name: "受付", exact: true });
  await expect(reception).toContainText("確定 1/1人");
  await expect(reception).toContainText("ボランティア（デモ）");

  // 4. The organiser, as a volunteer, joins the full role's waiting list.
  await visit(sessionHref ?? "/");
  const receptionRole = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "受付" }) });
  await expect(receptionRole).toContainText("定員に達しています");
  await receptionRole.getByRole("button", { name: "キャンセル待ちに登録する" }).click();
  await expect(page.getByRole("status")).toHaveText(/キャンセル待ちに登録しました/);
  await checkA11y();
  await logout();

  // 5. The volunteer cancels.
  await login(demo.volunteer, { redirectTo: "/volunteer" });
  await page.getByRole("button", { name: /いきいき百歳体操.*の受付をキャンセルする/ }).click();
  await expect(page.getByRole("status")).toHaveText("キャンセルしました。");
  await checkA11y();
  await expect(page.getByRole("region", { name: "これからの予定" })).toContainText("申し込んでいる予定はありません。");
  await logout();

  // 6. The organiser was promoted at once, and has a notification saying so.
  await login(demo.organiser, { redirectTo: "/volunteer" });
  const notifications = page.getByRole("region", { name: /お知らせ/ });
  await expect(notifications).toContainText("キャンセル待ちから繰り上がり、「いきいき百歳体操」の受付が確定しました");
  await expect(page.getByRole("region", { name: "これからの予定" }).getByRole("listitem").filter({ hasText: "受付" })).toContainText("確定");
  await visit(`/organise/occurrences/${occurrenceId}`);
  await expect(page.getByRole("region", { name: "受付", exact: true })).toContainText("萩の台の運営者（デモ）");
});

test("a profile with an impossible walking distance is refused with a Japanese message and keeps what was typed", async ({ page, login, checkA11y }) => {
  await login(demo.volunteer, { redirectTo: "/volunteer/profile" });
  await page.getByLabel("そのほかにできること").fill("そば打ち、将棋");
  await page.getByLabel("歩いて行ける時間（分）").fill("500");
  await page.getByRole("button", { name: "保存する" }).click();
  await expect(page.getByText("歩いて行ける時間は1分から90分のあいだで入力してください。")).toBeVisible();
  await checkA11y();
  await expect(page.getByLabel("そのほかにできること")).toHaveValue("そば打ち、将棋");
  await expect(page.getByLabel("歩いて行ける時間（分）")).toHaveValue("500");
});
