import { demo, login } from "./auth";
import { expect, test } from "./fixtures";

test("a volunteer logs in through the form, sees their name in the header, and logs out", async ({ page, login, checkA11y }) => {
  await login(demo.volunteer, { redirectTo: "/hubs/1" });
  await expect(page).toHaveURL(/\/hubs\/1$/);
  await expect(page.getByRole("link", { name: /アカウント（ボランティア（デモ）さん）/ })).toBeVisible();
  await page.getByRole("button", { name: "ログアウト" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await checkA11y();
  await expect(page.getByText("ログアウトしました。")).toBeVisible();
  await expect(page.getByRole("link", { name: "ログイン" })).toBeVisible();
});

test("a wrong password gets one generic message and keeps the e-mail", async ({ page, visit, checkA11y }) => {
  await visit("/login");
  await page.getByLabel("メールアドレス").fill(demo.staff);
  await page.getByLabel("パスワード").fill("not-the-password");
  await page.getByRole("button", { name: "ログインする" }).click();
  await expect(page.getByRole("alert")).toHaveText("メールアドレスまたはパスワードが正しくありません。");
  await checkA11y();
  await expect(page.getByLabel("メールアドレス")).toHaveValue(demo.staff);
  await expect(page.getByLabel("パスワード")).toHaveValue("");
});

test("the session cookie is __Host-, Secure, HttpOnly and SameSite=Lax in production", async ({ page, login, context }) => {
  await login(demo.admin);
  const cookies = await context.cookies();
  const session = cookies.find((c) => c.name.startsWith("__Host-machinaeki_session"));
  expect(session).toBeDefined();
  expect(session).toMatchObject({ secure: true, httpOnly: true, sameSite: "Lax", path: "/" });
  // Staff-level sessions last 12 hours at most.
  expect((session?.expires ?? 0) - Date.now() / 1000).toBeLessThanOrEqual(12 * 3600 + 5);
  await expect(page.getByRole("link", { name: "管理", exact: true })).toBeVisible();
});

test("login(page, email) from ./auth logs in through the form", async ({ page, checkA11y: _checked }) => {
  await login(page, demo.staff, { redirectTo: "/account" });
  await expect(page.getByRole("heading", { name: "アカウント", level: 1 })).toBeVisible();
});
