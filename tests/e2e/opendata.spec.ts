import { readFile } from "node:fs/promises";
import type { Download, Page } from "@playwright/test";
import { eventColumns, facilityColumns } from "../../app/lib/opendata/columns";
import { readXlsx } from "../../app/lib/xlsx.server";
import { expect, test } from "./fixtures";

// A resident or a developer finds the open data from the footer of the home page, on a phone and
// on a desktop, reads what each data set is, and downloads a file by its link.

async function downloadBy(page: Page, name: string): Promise<{ download: Download; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name, exact: true }).click()]);
  const path = await download.path();
  return { download, bytes: await readFile(path) };
}

const viewports = {
  phone: { viewport: { width: 412, height: 915 }, isMobile: true, hasTouch: true },
  desktop: { viewport: { width: 1280, height: 800 } },
} as const;

for (const [device, options] of Object.entries(viewports)) {
  test.describe(`on a ${device}`, () => {
    test.use(options);

    test("the footer of / leads to /opendata, which lists each data set with its format, licence, update time and links", async ({ page, visit, checkA11y }) => {
      await visit("/");
      await page.getByRole("contentinfo").getByRole("link", { name: "オープンデータ" }).click();
      await expect(page).toHaveURL(/\/opendata$/);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("オープンデータ");
      await checkA11y();
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(page.viewportSize()?.width ?? 0);
      for (const title of ["イベント一覧", "公共施設一覧", "拠点の位置（GeoJSON）", "活動のカレンダー（iCalendar）"]) {
        const section = page.getByRole("region", { name: title });
        await expect(section).toBeVisible();
        await expect(section.getByText("最終更新")).toBeVisible();
        await expect(section.getByText(/\d{4}年\d{1,2}月\d{1,2}日\(.\) \d{2}:\d{2}/)).toBeVisible();
      }
      await expect(page.getByRole("link", { name: "CC BY 4.0" })).toHaveAttribute("href", /creativecommons\.org\/licenses\/by\/4\.0/);
      await expect(page.getByText("全国地方公共団体コード 292095")).toBeVisible();
      await expect(page.getByRole("link", { name: "拠点の位置（GeoJSON）" })).toHaveAttribute("href", "/api/hubs.geojson");
      await expect(page.getByRole("link", { name: "活動のカレンダー（iCalendar）" })).toHaveAttribute("href", "/opendata/events.ics");

      // イベント一覧 as CSV: the recommended columns, UTF-8 with a BOM, the demo's sessions in Japanese.
      const { download, bytes } = await downloadBy(page, "イベント一覧（CSV）");
      expect(download.suggestedFilename()).toBe("292095_event.csv");
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = bytes.toString("utf8").slice(1);
      expect(text.split("\r\n")[0]).toBe(eventColumns.join(","));
      expect(text).toContain("イキイキヒャクサイタイソウ");
      expect(text).toContain("萩の台まちなえき");
    });
  });
}

test("公共施設一覧 downloads as .xlsx with the recommended columns and the demo hubs' readings and parking", async ({ page, visit }) => {
  await visit("/opendata");
  const { download, bytes } = await downloadBy(page, "公共施設一覧（xlsx）");
  expect(download.suggestedFilename()).toBe("292095_public_facility.xlsx");
  const [sheet] = await readXlsx(bytes);
  expect(sheet?.name).toBe("公共施設一覧");
  expect(sheet?.rows[0]).toEqual([...facilityColumns]);
  const name = facilityColumns.indexOf("名称");
  const row = sheet?.rows.find((r) => r[name] === "萩の台まちなえき");
  expect(row?.[facilityColumns.indexOf("名称_カナ")]).toBe("ハギノダイマチナエキ");
  expect(row?.[facilityColumns.indexOf("備考")]).toContain("駐車場：なし");
  // One row per public hub, as many as the GeoJSON feed holds (other specs may have added hubs).
  const geo = (await (await page.request.get("/api/hubs.geojson")).json()) as { features: unknown[] };
  expect(sheet?.rows.length).toBe(geo.features.length + 1);
});
