import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { request as playwrightRequest, type Page } from "@playwright/test";
import { extractText, getDocumentProxy } from "unpdf";
import config from "../../playwright.config";
import { demo } from "./auth";
import { CAMERA_HEIGHT, CAMERA_WIDTH, writeBlankCamera, writePictureCamera } from "./fake-camera";
import { expect, test } from "./fixtures";

// The organiser's day (issue 14) on the demo's 健康マージャン教室, which takes applications: a
// phone application entered on the session page, the 受付名簿 printed to PDF and read back, a
// typed check-in, and a real QR code read by Chromium's fake camera — on a desktop and on a
// phone-sized screen. Screenshots go to tests/.tmp/screenshots/.

const port = process.env.E2E_PORT ?? "3101";
const tmp = resolve("tests/.tmp");
const shots = resolve(tmp, "screenshots");
mkdirSync(shots, { recursive: true });
// What the fake camera sees: a blank card until a test knows the code it should show.
const camera = resolve(tmp, `fake-camera-${port}.y4m`);
writeBlankCamera(camera);

// A browser with a fake camera that plays `camera` and needs no permission prompt (this file's
// worker only: the other specs keep the browser of playwright.config.ts).
const launchOptions = config.use?.launchOptions ?? {};
test.use({
  launchOptions: {
    ...launchOptions,
    args: [...(launchOptions.args ?? []), "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", `--use-file-for-fake-video-capture=${camera}`],
  },
  permissions: ["camera"],
});

/** The demo's second 健康マージャン教室 session (the first is full), from the organiser's overview. */
async function openSession(page: Page, checkA11y: () => Promise<void>): Promise<string> {
  await page.goto("/organise/upcoming");
  await checkA11y();
  await page
    .getByRole("link", { name: /健康マージャン教室.*の名簿/ })
    .nth(1)
    .click();
  await expect(page.getByRole("heading", { level: 1, name: /健康マージャン教室/ })).toBeVisible();
  await checkA11y();
  return new URL(page.url()).pathname;
}

/** The grey levels of `image` (a data: URL) drawn on a white camera frame, 320 px wide, as the page's canvas renders it. */
async function cameraFrameOf(page: Page, image: string): Promise<number[]> {
  return page.evaluate(
    async ({ src, width, height }) => {
      const img = new Image();
      img.src = src;
      await img.decode();
      const canvas = document.createElement("canvas");
      canvas.width = width;
      canvas.height = height;
      const context = canvas.getContext("2d");
      if (!context) throw new Error("no 2d context");
      context.fillStyle = "#fff";
      context.fillRect(0, 0, width, height);
      const size = 320;
      context.drawImage(img, (width - size) / 2, (height - size) / 2, size, size);
      const { data } = context.getImageData(0, 0, width, height);
      const luma: number[] = [];
      for (let i = 0; i < data.length; i += 4) luma.push(Math.round(0.299 * (data[i] ?? 255) + 0.587 * (data[i + 1] ?? 255) + 0.114 * (data[i + 2] ?? 255)));
      return luma;
    },
    { src: image, width: CAMERA_WIDTH, height: CAMERA_HEIGHT }
  );
}

/** The text of the flash the last form left ("…を受付しました"). */
function flash(page: Page) {
  return page.locator("main").getByRole("status").first();
}

test.describe("on a desktop", () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test("a phone application is entered, the 受付名簿 prints without contact details, and a typed code checks the party in", async ({ page, login, checkA11y }) => {
    await login(demo.organiser, { redirectTo: "/organise/upcoming" });
    const sessionPath = await openSession(page, checkA11y);
    await expect(page.getByRole("heading", { level: 2, name: "参加者" })).toBeVisible();
    await expect(page.getByText(/^参加 \d+人・キャンセル待ち \d+人・定員 12人$/)).toBeVisible();
    // The demo's phone-only residents are on the day-before call list, with their numbers.
    const callList = page.getByRole("region", { name: "前日連絡リスト（メールのない方）" });
    await expect(callList.getByRole("link", { name: "090-1111-2222" })).toBeVisible();

    const entry = page.getByRole("region", { name: "電話・紙の申し込みを入力" });
    // First a party larger than this activity allows (2): refused beside the field, the rest kept.
    await entry.getByLabel("お名前（ニックネームでもかまいません）").fill("電話の山本");
    await entry.getByLabel("電話番号").fill("０９０－１２３４－５６７８");
    await entry.getByLabel("メールアドレス").fill("yamamoto.e2e@example.jp");
    await entry.getByLabel("人数（ご本人を含む）").fill("3");
    await entry.getByLabel("はじめて参加します").check();
    await entry.getByLabel("主催者への連絡（任意）").fill("杖を使います");
    await entry.getByRole("button", { name: "申し込みを入力" }).click();
    await expect(entry.getByText("人数は1人から、この活動の上限までの数で書いてください")).toBeVisible();
    await checkA11y();
    await expect(entry.getByLabel("お名前（ニックネームでもかまいません）")).toHaveValue("電話の山本");
    await expect(entry.getByLabel("人数（ご本人を含む）")).toHaveValue("3");
    await entry.getByLabel("人数（ご本人を含む）").fill("2");
    await entry.getByRole("button", { name: "申し込みを入力" }).click();
    await expect(flash(page)).toHaveText(/^申し込みを入力しました。受付番号：[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    await checkA11y();
    const code = /([0-9A-Z]{4}-[0-9A-Z]{4})/.exec((await flash(page).textContent()) ?? "")?.[1] ?? "";
    const confirmed = page.getByRole("list", { name: "参加", exact: true });
    const yamamoto = confirmed.getByRole("listitem").filter({ hasText: "電話の山本" });
    await expect(yamamoto).toContainText("2人");
    await expect(yamamoto).toContainText("初参加");
    await expect(yamamoto).toContainText("連絡：杖を使います");
    // Contact details only after asking for them.
    await expect(page.getByText("yamamoto.e2e@example.jp")).toHaveCount(0);
    await page.getByRole("link", { name: "連絡先を表示" }).click();
    await expect(yamamoto).toContainText("電話 090-1234-5678");
    await expect(yamamoto).toContainText("メール yamamoto.e2e@example.jp");
    await checkA11y();
    await page.getByRole("link", { name: "連絡先を隠す" }).click();
    await expect(page.getByText("yamamoto.e2e@example.jp")).toHaveCount(0);
    await checkA11y();
    await page.screenshot({ path: resolve(shots, "session-1280x800.png"), fullPage: true });

    // The printable 受付名簿: names, numbers of people, 初参加, the waiting list's place; no phone number or e-mail.
    await page.getByRole("link", { name: "受付名簿を印刷" }).click();
    await expect(page.getByRole("heading", { level: 1, name: /受付名簿.*健康マージャン教室/ })).toBeVisible();
    await checkA11y();
    await expect(page.getByRole("row", { name: /電話の山本/ })).toContainText("2人");
    await page.screenshot({ path: resolve(shots, "reception-1280x800.png"), fullPage: true });
    await page.emulateMedia({ media: "print" });
    await expect(page.locator(".site-header")).toBeHidden();
    const pdf = await page.pdf({ format: "A4", printBackground: true, preferCSSPageSize: true });
    await page.emulateMedia({ media: "screen" });
    const document = await getDocumentProxy(new Uint8Array(pdf));
    const text = (await extractText(document, { mergePages: true })).text.replace(/\s+/g, "");
    expect(text).toContain("受付名簿");
    expect(text).toContain("健康マージャン教室");
    expect(text).toContain("萩の台まちなえき");
    for (const name of ["電話の山本", "中村和子", "森正一", "さくら", "田中茂"]) expect(text).toContain(name);
    expect(text).toMatch(/電話の山本2人初杖を使います/);
    expect(text).toContain("森正一1人車いすで参加します");
    expect(text).toMatch(/合計：参加\d+人（\d+組）・キャンセル待ち\d+人・定員12人/);
    expect(text).not.toMatch(/@/);
    for (const digits of ["09012345678", "090-1234-5678", "09011112222", "090-1111-2222", "0743701234", "0743-70-1234"]) expect(text).not.toContain(digits);
    await page.getByRole("link", { name: "この回のページへ戻る" }).click();
    await expect(page).toHaveURL(new RegExp(`${sessionPath}$`));
    await checkA11y();

    // At the door: the code typed as people read it out, in lower case.
    await page.getByLabel("受付番号").first().fill(code.toLowerCase());
    await page.getByRole("button", { name: "受付する" }).click();
    await expect(flash(page)).toHaveText("電話の山本 さん（2人）を受付しました");
    await checkA11y();
    await expect(confirmed.getByRole("listitem").filter({ hasText: "電話の山本" })).toContainText("受付済み");
    // A code from nowhere: refused beside the field, what was typed kept.
    await page.getByLabel("受付番号").first().fill("ZZZZ-9999");
    await page.getByRole("button", { name: "受付する" }).click();
    await expect(page.getByText("この回にその受付番号の申し込みはありません")).toBeVisible();
    await expect(page.getByLabel("受付番号").first()).toHaveValue("ZZZZ-9999");
    await checkA11y();
  });
});

test.describe("on a phone-sized screen", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("a resident applies, and the organiser's camera reads the QR code of their confirmation and checks them in", async ({ page, login, checkA11y, baseURL }) => {
    const origin = baseURL ?? `http://localhost:${port}`;
    await login(demo.organiser, { redirectTo: "/organise/upcoming" });
    const sessionPath = await openSession(page, checkA11y);
    const occurrenceId = /\/organise\/occurrences\/(\d+)$/.exec(sessionPath)?.[1] ?? "";

    // A resident without an account applies from the activity's form (an HTTP POST, as a browser without JavaScript sends it).
    const resident = await playwrightRequest.newContext({ baseURL: origin });
    const hubPage = await (await resident.get("/hubs/1")).text();
    const activityId = /href="\/activities\/(\d+)"[^>]*>健康マージャン教室</.exec(hubPage)?.[1];
    expect(activityId, "the demo hub lists 健康マージャン教室").toBeTruthy();
    const applied = await resident.post(`/activities/${activityId}/apply`, {
      form: { session: occurrenceId, scope: "one", name: "QRの木村", email: "kimura.e2e@example.jp", phone: "", partySize: "1", note: "" },
      headers: { Origin: origin },
      maxRedirects: 0,
    });
    expect(applied.status()).toBe(302);
    const confirmation = await (await resident.get(applied.headers().location ?? "")).text();
    const code = /class="application-code">([0-9A-Z]{4}-[0-9A-Z]{4})</.exec(confirmation)?.[1] ?? "";
    const qrImage = /src="(data:image\/svg\+xml;base64,[^"]+)"/.exec(confirmation)?.[1] ?? "";
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    await resident.dispose();

    // The camera now sees the QR code exactly as the confirmation page draws it, held up on a white card.
    writePictureCamera(camera, await cameraFrameOf(page, qrImage));
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width, "no sideways scrolling on a phone").toBeLessThanOrEqual(390);
    await page.screenshot({ path: resolve(shots, "session-390x844.png"), fullPage: true });
    await page.getByRole("button", { name: "カメラでQRコードを読み取る" }).click();
    await expect(flash(page)).toHaveText("QRの木村 さん（1人）を受付しました");
    await checkA11y();
    await expect(page.getByRole("list", { name: "参加", exact: true }).getByRole("listitem").filter({ hasText: "QRの木村" })).toContainText("受付済み");
    await expect(page.getByText(`読み取りました：${code.replace("-", "")}`)).toBeVisible();

    await page.getByRole("link", { name: "受付名簿を印刷" }).click();
    await expect(page.getByRole("heading", { level: 1, name: /受付名簿/ })).toBeVisible();
    await checkA11y();
    await page.screenshot({ path: resolve(shots, "reception-390x844.png"), fullPage: true });
  });
});
