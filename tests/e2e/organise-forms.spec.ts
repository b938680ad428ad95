import { demo } from "./auth";
import { expect, test } from "./fixtures";

// With JavaScript, a save that redirects back to the same page keeps the page's React tree, and
// with it what the browser holds in each field: the next entry then inherited the last one's load
// tags, description or memo. A form that stays on its page must be empty after a successful save,
// and keep what was typed after a refused one.

test("after adding a role or a guest, the form is empty for the next one; a refused role keeps what was typed", async ({ page, login, checkA11y }) => {
  await login(demo.organiser, { redirectTo: "/organise" });
  // A fresh activity of its own, so nothing else in the demo data changes.
  await page.getByRole("link", { name: "新しい活動を登録する：萩の台まちなえき" }).click();
  await checkA11y();
  await page.getByLabel("活動名", { exact: true }).fill("フォームの確認会");
  await page.getByLabel("種類", { exact: true }).selectOption({ label: "学習" });
  // Weekly: a session falls within the next 14 days, which /organise/upcoming lists.
  await page.getByLabel("木曜日").check();
  await page.getByRole("button", { name: "登録する" }).click();
  await expect(page.getByRole("status")).toContainText("活動を登録しました");
  await checkA11y();

  const addRole = page.getByRole("form", { name: "役割を追加する" });
  await addRole.getByLabel("役割名（例：受付、調理、本の整理）").fill("受付");
  await addRole.getByLabel("内容").fill("名前を聞いて名簿に印をつける");
  await addRole.getByLabel("1回あたりの人数").fill("2");
  await addRole.getByLabel("短時間").check();
  await addRole.getByLabel("はじめてOK").check();
  await addRole.getByRole("button", { name: "役割を追加する" }).click();
  await expect(page.getByRole("status")).toHaveText("保存しました。");
  await expect(page.getByRole("textbox", { name: "役割名（例：受付、調理、本の整理）" }).first()).toHaveValue("受付");
  await checkA11y();
  // The new-role form is empty again: nothing of 受付 is carried over.
  await expect(addRole.getByLabel("役割名（例：受付、調理、本の整理）")).toHaveValue("");
  await expect(addRole.getByLabel("内容")).toHaveValue("");
  await expect(addRole.getByLabel("1回あたりの人数")).toHaveValue("1");
  await expect(addRole.getByLabel("短時間")).not.toBeChecked();
  await expect(addRole.getByLabel("はじめてOK")).not.toBeChecked();

  // A refused role (no name) keeps its description and its ticked load tag beside the error.
  await addRole.getByLabel("内容").fill("テーブルを並べる");
  await addRole.getByLabel("座ってできる").check();
  await addRole.getByRole("button", { name: "役割を追加する" }).click();
  await expect(addRole.getByText("役割名を入力してください。")).toBeVisible();
  await checkA11y();
  await expect(addRole.getByLabel("内容")).toHaveValue("テーブルを並べる");
  await expect(addRole.getByLabel("座ってできる")).toBeChecked();

  // The roster of one of its sessions: a guest with a memo (a phone number), then the next one.
  await page.goto("/organise/upcoming");
  await checkA11y();
  await page.getByRole("link", { name: /フォームの確認会/ }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("フォームの確認会");
  await checkA11y();
  await page.getByLabel("名前", { exact: true }).fill("山田花子");
  await page.getByLabel("メモ（任意）").fill("090-1234-5678");
  await page.getByRole("button", { name: "追加する" }).click();
  await expect(page.getByRole("status")).toHaveText("名簿に追加しました。");
  await expect(page.getByRole("region", { name: "受付", exact: true })).toContainText("山田花子");
  await checkA11y();
  await expect(page.getByLabel("名前", { exact: true })).toHaveValue("");
  await expect(page.getByLabel("メモ（任意）")).toHaveValue("");
  await page.getByLabel("名前", { exact: true }).fill("佐藤一郎");
  await page.getByRole("button", { name: "追加する" }).click();
  await expect(page.getByRole("region", { name: "受付", exact: true })).toContainText("佐藤一郎");
  await checkA11y();
  // The second guest has no memo of their own: the first one's phone number appears once only.
  await expect(page.getByText("090-1234-5678")).toHaveCount(1);
});
