import { readFile } from "node:fs/promises";
import { readXlsx } from "~/lib/xlsx.server";
import { demo } from "./auth";
import { expect, test } from "./fixtures";

// Excel twins of the downloads (issue 16): a click on the link gives a workbook Excel and
// LibreOffice open, whose first row is the Japanese header.

test("staff download the indicator table and the per-hub table as Excel from the dashboard", async ({ page, login, checkA11y }) => {
  await login(demo.staff, { redirectTo: "/staff" });
  const exports = page.getByRole("region", { name: "表のダウンロード" });
  await expect(exports.getByRole("link", { name: /^CSV\s*（指標の表）$/ })).toBeVisible();
  for (const [table, header] of [
    ["指標の表", ["指標コード", "指標", "期間", "実績", "策定時の値", "策定時の日付", "目標値", "進捗率"]],
    ["拠点別・月別の数値", ["拠点ID", "拠点名", "項目"]],
  ] as const) {
    const downloading = page.waitForEvent("download");
    await exports.getByRole("link", { name: new RegExp(`^Excel（\\.xlsx）\\s*（${table}）$`) }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^machinaeki-(indicators|hubs-monthly)_\d{4}-04-01_\d{4}-04-01\.xlsx$/);
    const [sheet, notes] = await readXlsx(await readFile((await download.path()) ?? ""));
    expect(sheet?.rows[0]?.slice(0, header.length)).toEqual([...header]);
    expect(sheet?.rows.length).toBeGreaterThan(1);
    expect(notes?.name).toBe("説明");
  }
  await checkA11y();
});

test("an organiser sees a year of their attendance records and downloads them as Excel and CSV", async ({ page, login, checkA11y }) => {
  await login(demo.organiser, { redirectTo: "/organise/attendance" });
  await expect(page.getByRole("heading", { level: 1, name: "出席の記録" })).toBeVisible();
  // Last fiscal year, where the demo has a full year of sessions.
  const year = page.getByLabel("年度", { exact: true });
  const lastYear = await year.locator("option").nth(1).getAttribute("value");
  await year.selectOption(lastYear ?? "");
  await page.getByRole("button", { name: "この年度を表示" }).click();
  await page.waitForURL(/fy=/);
  await checkA11y();
  const records = page.getByRole("table", { name: /^記録した回の一覧/ });
  await expect(records.getByRole("columnheader", { name: "参加者数" })).toBeVisible();
  const shown = await records.locator("tbody tr").count();
  expect(shown).toBeGreaterThan(0);

  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Excel（.xlsx）" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`machinaeki-attendance_${lastYear}-04-01_${Number(lastYear) + 1}-04-01.xlsx`);
  const [sheet] = await readXlsx(await readFile((await download.path()) ?? ""));
  expect(sheet?.rows[0]?.slice(0, 6)).toEqual(["日付", "開始時刻", "拠点ID", "拠点", "活動", "参加者数"]);
  // The same sessions as the page's table.
  expect((sheet?.rows.length ?? 0) - 1).toBe(shown);
  expect(typeof sheet?.rows[1]?.[5]).toBe("number");

  const csv = await page.request.get(`/organise/attendance.csv?fy=${lastYear}`);
  expect(csv.status()).toBe(200);
  expect((await csv.body()).toString("utf8")).toContain("日付,開始時刻,拠点ID,拠点,活動,参加者数");
  await checkA11y();
});
