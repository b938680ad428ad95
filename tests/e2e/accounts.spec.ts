import { demo } from "./auth";
import { expect, test } from "./fixtures";

test("a resident signs up, changes the password, then deletes the account", async ({ page, visit, checkA11y }) => {
  const email = `e2e-${Date.now()}@example.jp`;
  await visit("/signup");
  // Bad input first: messages beside the fields, typed values kept, password emptied.
  await page.getByLabel("メールアドレス").fill("not-an-email");
  await page.getByLabel("表示名（ニックネーム可）").fill("さくら");
  await page.getByLabel("パスワード").fill("password1");
  await page.getByRole("button", { name: "登録する" }).click();
  await expect(page.getByText("メールアドレスの形式が正しくありません（例：name@example.jp）。")).toBeVisible();
  await checkA11y();
  await expect(page.getByText("よく使われていて推測されやすいパスワードです。別のものにしてください。")).toBeVisible();
  await expect(page.getByLabel("表示名（ニックネーム可）")).toHaveValue("さくら");
  await expect(page.getByLabel("パスワード")).toHaveValue("");

  await page.getByLabel("メールアドレス").fill(email);
  await page.getByLabel("パスワード").fill("a walk to the station");
  await page.getByRole("button", { name: "登録する" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await checkA11y();
  await expect(page.getByRole("status")).toHaveText("登録が完了しました。ようこそ、さくらさん。");
  // A flash is said once: the same page again (a reload, a bookmark) does not repeat it.
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "アカウント" })).toBeVisible();
  await expect(page.getByRole("status")).toHaveCount(0);

  await page.getByLabel("いまのパスワード").fill("a walk to the station");
  await page.getByLabel("新しいパスワード").fill("a longer walk to the hill");
  await page.getByRole("button", { name: "パスワードを変更する" }).click();
  await expect(page.getByText("パスワードを変更しました。ほかの端末ではログアウトされました。")).toBeVisible();
  await checkA11y();

  await page.getByLabel("確認のため、パスワードを入力してください").fill("a longer walk to the hill");
  await page.getByLabel("アカウントと個人情報を削除します").check();
  await page.getByRole("button", { name: "アカウントを削除する" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await checkA11y();
  await expect(page.getByText("アカウントを削除しました。ご利用ありがとうございました。")).toBeVisible();
  await expect(page.getByRole("link", { name: "ログイン" })).toBeVisible();
});

test("anonymous visitors are sent to log in and come back; volunteers get a Japanese 403 at /admin", async ({ page, visit, checkA11y }) => {
  await visit("/account");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Faccount/);
  await page.getByLabel("メールアドレス").fill(demo.volunteer);
  await page.getByLabel("パスワード").fill("demo-password");
  await page.getByRole("button", { name: "ログインする" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await checkA11y();
  await expect(page.getByRole("heading", { name: "アカウント", level: 1 })).toBeVisible();
  const response = await page.goto("/admin");
  expect(response?.status()).toBe(403);
  await checkA11y();
  await expect(page.getByRole("heading", { name: "このページを見る権限がありません" })).toBeVisible();
});

test("an organiser edits their hub with the map, and finds no other hub (404)", async ({ page, login, checkA11y }) => {
  await login(demo.organiser, { redirectTo: "/organise" });
  await expect(page.getByRole("heading", { name: "萩の台まちなえき" })).toBeVisible();
  await expect(page.locator("li.hub-card")).toHaveCount(1);
  await page.getByRole("link", { name: "編集する：萩の台まちなえき" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("「萩の台まちなえき」を編集");
  await checkA11y();
  // Clicking the map moves the marker and fills the fields.
  await expect(page.locator(".location-picker")).toBeVisible();
  const lat = page.getByLabel("緯度");
  const before = await lat.inputValue();
  await expect(page.locator(".location-picker .hub-marker")).toBeVisible();
  await page.locator(".location-picker").click({ position: { x: 200, y: 250 } });
  await expect(lat).not.toHaveValue(before);
  await page.getByLabel("名前", { exact: true }).fill("萩の台まちなえき（自治会館）");
  await page.getByLabel("椅子席あり").uncheck();
  await page.getByRole("button", { name: "保存する" }).click();
  await expect(page.getByRole("status")).toHaveText("保存しました。");
  await checkA11y();
  await expect(page.getByLabel("名前", { exact: true })).toHaveValue("萩の台まちなえき（自治会館）");
  await expect(page.getByLabel("椅子席あり")).not.toBeChecked();

  // Bad coordinates come back with the message beside the field and the typed value.
  await page.getByLabel("緯度").fill("北緯34度");
  await page.getByRole("button", { name: "保存する" }).click();
  await expect(page.getByText("緯度は -90〜90 の数で入力してください（例：34.6917）。")).toBeVisible();
  await checkA11y();
  await expect(page.getByLabel("緯度")).toHaveValue("北緯34度");

  // Out of the organiser's scope is "not found", as if the hub did not exist.
  const other = await page.goto("/organise/hubs/2");
  expect(other?.status()).toBe(404);
  await checkA11y();
});

test("hub editing works without JavaScript: latitude and longitude fields", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, baseURL });
  const page = await context.newPage();
  await page.goto("/login?redirectTo=%2Forganise%2Fhubs%2F1");
  await page.getByLabel("メールアドレス").fill(demo.organiser);
  await page.getByLabel("パスワード").fill("demo-password");
  await page.getByRole("button", { name: "ログインする" }).click();
  await expect(page).toHaveURL(/\/organise\/hubs\/1$/);
  // Puts the demo hub back as the other tests expect it.
  await page.getByLabel("名前", { exact: true }).fill("萩の台まちなえき");
  await page.getByLabel("緯度").fill("34.7221");
  await page.getByLabel("経度").fill("135.7158");
  await page.getByLabel("椅子席あり").check();
  await page.getByRole("button", { name: "保存する" }).click();
  await expect(page.getByRole("status")).toHaveText("保存しました。");
  await expect(page.getByLabel("緯度")).toHaveValue("34.7221");
  await context.close();
});

test("an admin grants a role and a scope, disables an account (its session ends), and reads the audit log", async ({ page, browser, baseURL, login, checkA11y }) => {
  // Someone signs up and stays logged in in another browser.
  const email = `e2e-disable-${Date.now()}@example.jp`;
  const other = await browser.newContext({ baseURL });
  const theirPage = await other.newPage();
  await theirPage.goto("/signup");
  await theirPage.getByLabel("メールアドレス").fill(email);
  await theirPage.getByLabel("表示名（ニックネーム可）").fill("停止される人");
  await theirPage.getByLabel("パスワード").fill("a walk to the station");
  await theirPage.getByRole("button", { name: "登録する" }).click();
  await expect(theirPage.getByRole("button", { name: "ログアウト" })).toBeVisible();

  await login(demo.admin, { redirectTo: "/admin" });
  await expect(page.getByRole("heading", { name: "アカウント一覧" })).toBeVisible();
  await page.getByLabel("メールアドレスまたは名前でさがす").fill(email);
  await page.getByRole("button", { name: "さがす" }).click();
  await checkA11y();
  await page.getByRole("link", { name: `詳細：${email}` }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("アカウント：停止される人");
  await checkA11y();

  await page.getByRole("checkbox", { name: "運営者" }).check();
  await page.getByRole("button", { name: "役割を保存する" }).click();
  await expect(page.getByRole("status")).toHaveText("保存しました。");
  await checkA11y();
  await page.getByLabel("担当する自治会を追加").selectOption({ label: "さつき台一丁目自治会（さつき台）" });
  await page.getByRole("button", { name: "追加する" }).nth(1).click();
  await expect(page.getByText("自治会：さつき台一丁目自治会")).toBeVisible();
  await checkA11y();

  await page.getByRole("button", { name: "アカウントを停止する" }).click();
  await expect(page.getByText(/停止中（/)).toBeVisible();
  await checkA11y();
  await theirPage.reload();
  await expect(theirPage.getByRole("link", { name: "ログイン" })).toBeVisible();
  await other.close();

  await page.getByRole("link", { name: "監査ログ" }).click();
  await expect(page.getByRole("heading", { name: "監査ログ" })).toBeVisible();
  await checkA11y();
  await expect(page.getByRole("cell", { name: "アカウント停止" }).first()).toBeVisible();
  await expect(page.getByRole("cell", { name: "役割の付与" }).first()).toBeVisible();
  await expect(page.getByRole("cell", { name: "ログイン成功" }).first()).toBeVisible();
});

test("an admin creates a 自治会 and a hub", async ({ page, login, checkA11y }) => {
  await login(demo.admin, { redirectTo: "/admin/associations" });
  await page.getByRole("button", { name: "追加する" }).click();
  await expect(page.getByText("自治会の名前を入力してください。")).toBeVisible();
  await checkA11y();
  await page.getByLabel("自治会の名前").fill("萩の台北自治会");
  await page.getByLabel("地区").selectOption({ label: "萩の台" });
  await page.getByRole("button", { name: "追加する" }).click();
  await expect(page.getByRole("status")).toHaveText("自治会を追加しました。");
  await checkA11y();
  await expect(page.getByRole("cell", { name: "萩の台北自治会" })).toBeVisible();

  await page.getByRole("link", { name: "拠点の新規作成" }).click();
  await checkA11y();
  await page.getByLabel("名前", { exact: true }).fill("萩の台北 ふれあい広場");
  await page.getByLabel("種類").selectOption({ label: "居場所" });
  await page.getByLabel("地区").selectOption({ label: "萩の台" });
  await page.getByLabel("住所").fill("奈良県生駒市萩の台5丁目1-1");
  await page.getByLabel("緯度").fill("34.7230");
  await page.getByLabel("経度").fill("135.7170");
  await page.getByLabel("萩の台北自治会（萩の台）").check();
  // A draft, so the public list other tests count stays as it was.
  await page.getByLabel("下書き（非公開）").check();
  await page.getByRole("button", { name: "保存する" }).click();
  await expect(page.getByRole("status")).toHaveText("保存しました。");
  await checkA11y();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("「萩の台北 ふれあい広場」を編集");
});

test("a POST without Origin, or from another site, is refused with 403", async ({ request }) => {
  const form = { email: demo.admin, password: "demo-password" };
  const missing = await request.post("/login", { form, headers: { Origin: "" }, maxRedirects: 0 });
  expect(missing.status()).toBe(403);
  const foreign = await request.post("/login", { form, headers: { Origin: "https://evil.example" }, maxRedirects: 0 });
  expect(foreign.status()).toBe(403);
  const logout = await request.post("/logout", { headers: { Origin: "https://evil.example" }, maxRedirects: 0 });
  expect(logout.status()).toBe(403);
});
