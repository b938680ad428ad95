import { demo } from "./auth";
import { expect, test } from "./fixtures";

test("city staff see the indicators with definitions, the per-hub table, the coverage list and CSV exports", async ({ page, login, visit, checkA11y }) => {
  await login(demo.staff, { redirectTo: "/staff" });
  await expect(page.getByRole("heading", { level: 1, name: "参加状況と指標（市職員向け）" })).toBeVisible();
  const indicators = page.getByRole("table", { name: /の指標（実績・目標・進捗）/ });
  await expect(indicators.getByRole("rowheader", { name: "活動拠点数" })).toBeVisible();
  await expect(indicators.getByText("期間内に1回以上開催（中止でなく出席記録がある回）した拠点の数")).toBeVisible();
  await expect(page.getByRole("table", { name: /拠点別・月別の参加者数/ })).toBeVisible();
  await expect(page.getByRole("table", { name: /活動中の拠点（/ })).toBeVisible();

  // Last fiscal year, where the demo has a full year of sessions.
  const lastYear = await page.getByLabel("年度", { exact: true }).locator("option").nth(1).getAttribute("value");
  await page.getByLabel("年度", { exact: true }).selectOption(lastYear ?? "");
  await page.getByRole("button", { name: "この条件で表示" }).click();
  await page.waitForURL(/fy=/);
  await checkA11y();
  await expect(page.getByRole("heading", { name: new RegExp(`令和.+年度（${lastYear}年度）`) })).toBeVisible();

  const csv = await page.request.get(`/staff/indicators.csv?fy=${lastYear}`);
  expect(csv.status()).toBe(200);
  expect(csv.headers()["content-disposition"]).toContain(`machinaeki-indicators_${lastYear}-04-01`);
  const text = (await csv.body()).toString("utf8");
  expect(text.charCodeAt(0)).toBe(0xfeff);
  expect(text).toContain("活動拠点数");
  expect(text).toContain("survey_help_nearby");

  // The seed cities' indicators, each with the demo city's target, and the survey figures apart.
  const yearTable = page.getByRole("table", { name: /の指標（実績・目標・進捗）/ });
  for (const [name, target] of [
    ["テーマ別で協議をする場（協議体）の設置数", "目標 12"],
    ["支えあいの仕組みの立ち上げ件数（累計）", "目標 8"],
    ["あいサポーター養成人数（累計）", "目標 1900"],
  ] as const) {
    await expect(yearTable.getByRole("row", { name: new RegExp(name.replace(/[（）]/g, ".")) })).toContainText(target);
  }
  const surveys = page.getByRole("table", { name: /市民実感度調査の指標/ });
  await expect(surveys.getByRole("row", { name: /困ったときに助けてくれる人/ })).toContainText("46.5%");

  await visit("/staff/targets");
  await page.getByLabel("指標", { exact: true }).selectOption("partners");
  await page.getByLabel("年度（西暦）").fill("2030");
  await page.getByLabel("策定時の値").fill("65");
  await page.getByLabel("策定時の日付").fill("2021-04-01");
  await page.getByLabel("目標値").fill("abc");
  await page.getByRole("button", { name: "目標を保存" }).click();
  await checkA11y();
  await expect(page.getByText("0以上の数を入力してください。")).toBeVisible();
  await expect(page.getByLabel("策定時の値")).toHaveValue("65");
  await page.getByLabel("目標値").fill("102");
  await page.getByRole("button", { name: "目標を保存" }).click();
  await expect(page.getByRole("status")).toHaveText("目標を保存しました。");
  await checkA11y();
});

test("a filtered dashboard is headed by its selection, not compared with the city's targets; months to come are dashes", async ({ page, login, checkA11y }) => {
  await login(demo.staff, { redirectTo: "/staff" });
  await expect(page.getByRole("heading", { level: 2, name: /^市全体の指標：/ })).toBeVisible();
  // This year's per-hub table: the months after this one have not happened, so no 0 there.
  const month = Number(new Date().toLocaleDateString("en-US", { timeZone: "Asia/Tokyo", month: "numeric" }));
  const hubTable = page.getByRole("table", { name: /拠点別・月別の参加者数/ });
  if (month !== 3) {
    const firstHub = hubTable.locator("tbody tr").first();
    await expect(firstHub.locator("td").nth(-3)).toHaveText("—");
  }

  await page.getByLabel("地区", { exact: true }).selectOption({ label: "萩の台" });
  await page.getByRole("button", { name: "この条件で表示" }).click();
  await page.waitForURL(/district=/);
  await checkA11y();
  await expect(page.getByRole("heading", { level: 2, name: /^萩の台地区の指標：/ })).toBeVisible();
  await expect(page.getByRole("heading", { name: /市全体の指標/ })).toHaveCount(0);
  const indicators = page.getByRole("table", { name: /の指標（実績・目標・進捗）/ });
  const participants = indicators.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "参加者数（延べ）", exact: true }) });
  await expect(participants).toContainText("目標は市全体の値です（この絞り込みの目標はありません）");
  await expect(indicators).not.toContainText("%（策定時");
});

test("an organiser cannot open /staff or its exports", async ({ page, login, checkA11y }) => {
  await login(demo.organiser);
  const response = await page.goto("/staff");
  expect(response?.status()).toBe(403);
  await checkA11y();
  const csv = await page.request.get("/staff/hubs.csv", { maxRedirects: 0 });
  expect(csv.status()).toBe(403);
});

test("anonymous visitors are sent to log in", async ({ page, checkA11y }) => {
  await page.goto("/staff");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fstaff/);
  await checkA11y();
});
