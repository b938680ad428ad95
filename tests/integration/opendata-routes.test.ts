import { and, asc, eq, gt } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { activities, hubs, occurrences } from "#db/schema";
import { getEnv } from "~/lib/env.server";
import { BOM, parseCsv } from "~/lib/metrics/csv";
import { eventColumns, facilityColumns } from "~/lib/opendata/columns";
import { readXlsx, XLSX_TYPE } from "~/lib/xlsx.server";
import { loader as fileLoader } from "~/routes/opendata.$file";
import { loader as pageLoader } from "~/routes/opendata._index";
import { apply } from "~/services/applications.server";
import { createActivity } from "../factories/activities";
import { applicantDetails } from "../factories/applications";
import { createAssociation, createHub } from "../factories/places";
import { createUser } from "../factories/users";
import { readWithLibreOffice } from "../support/libreoffice";
import { useTestDatabase } from "../setup/database";
import { context, get, ORIGIN, run } from "../setup/requests";

// The open data files, read through their route as a person or a program downloads them, with
// no login: the columns of the recommended data sets exactly, dates and times in their formats,
// the municipality from the settings, and nothing private.

const database = useTestDatabase({ asAppDatabase: true });
const env = getEnv();
const origin = env.PUBLIC_ORIGIN ?? ORIGIN;

const ids = { hub: 0, otherHub: 0, activity: 0, cancelled: 0, kept: 0 };
/** Text that must never appear in any open data file. */
const privateText = [
  "下書きの拠点",
  "閉鎖した拠点",
  "下書きの活動",
  "終わった活動",
  "hub-contact@example.jp",
  "organiser-private@example.jp",
  "山田花子",
  "09012345678",
  "090-1234-5678",
  "hanako@example.jp",
  "車いすで参加します",
];

beforeAll(async () => {
  const db = database.db;
  const association = await createAssociation(db, { name: "萩の台自治会" });
  const hub = await createHub(db, {
    name: "萩の台まちなえき",
    nameKana: "ハギノダイマチナエキ",
    openDataNo: "F-0042",
    address: "奈良県生駒市萩の台2丁目5-8 萩の台自治会館",
    lat: 34.7221,
    lng: 135.7158,
    description: "資源回収の日にカフェを開きます。\n買い物ついでにどうぞ。",
    accessibility: ["step_free", "parking"],
    parkingInfo: "3台（要予約）",
    contactPhone: "0743-00-1101",
    contactEmail: "hub-contact@example.jp",
    associationIds: [association.id],
  });
  ids.hub = hub.id;
  // A name typed as a formula opens as text, never runs.
  const otherHub = await createHub(db, { name: "=HYPERLINK(\"http://evil.example\",\"押して\")" });
  ids.otherHub = otherHub.id;
  const activity = await createActivity(db, {
    hubId: hub.id,
    title: "健康マージャン教室",
    titleKana: "ケンコウマージャンキョウシツ",
    audience: "seniors",
    feeYen: 300,
    capacity: 12,
    registrationRequired: true,
    applicationPhone: "0743700000",
  });
  ids.activity = activity.id;
  await createActivity(db, { hubId: otherHub.id, title: "ふれあいサロン", feeNote: "子ども無料・大人300円", weekdays: [5], startTime: "13:30", endTime: "15:00" });
  const draft = await createHub(db, { name: "下書きの拠点", status: "draft" });
  await createActivity(db, { hubId: draft.id, title: "下書きの活動" });
  const closed = await createHub(db, { name: "閉鎖した拠点", status: "closed" });
  await createActivity(db, { hubId: closed.id, title: "閉鎖した拠点の体操" });
  const ended = await createActivity(db, { hubId: hub.id, title: "終わった活動" });
  await db.update(activities).set({ status: "ended", endedAt: new Date() }).where(eq(activities.id, ended.id));
  await createUser(db, { email: "organiser-private@example.jp", roles: ["organiser"], hubIds: [hub.id] });

  const coming = await db
    .select({ id: occurrences.id })
    .from(occurrences)
    .where(and(eq(occurrences.activityId, activity.id), gt(occurrences.startsAt, new Date())))
    .orderBy(asc(occurrences.startsAt))
    .limit(2);
  ids.cancelled = coming[0]?.id ?? 0;
  ids.kept = coming[1]?.id ?? 0;
  await db.update(occurrences).set({ status: "cancelled", cancelReason: "雨天中止" }).where(eq(occurrences.id, ids.cancelled));
  await db.update(occurrences).set({ note: "牌は会場にあります" }).where(eq(occurrences.id, ids.kept));
  await apply(db, {
    occurrenceId: ids.kept,
    scope: "one",
    details: applicantDetails({ name: "山田花子", phone: "09012345678", email: "hanako@example.jp", note: "車いすで参加します" }),
  });
});

async function download(file: string): Promise<Response> {
  return run(() => fileLoader({ request: get(`/opendata/${file}`), context, params: { file } }));
}

async function csvOf(file: string) {
  const response = await download(file);
  expect(response.status).toBe(200);
  expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
  const bytes = Buffer.from(await response.arrayBuffer());
  const text = bytes.toString("utf8");
  return { response, bytes, text, rows: parseCsv(text) };
}

/** The rows as records by header. */
function records(rows: string[][]): Record<string, string>[] {
  const [header = [], ...body] = rows;
  return body.map((row) => Object.fromEntries(header.map((h, i) => [h, row[i] ?? ""])));
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

function expectUtf8BomCrlf(bytes: Buffer, text: string) {
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(text.startsWith(BOM)).toBe(true);
  // Every line break is CRLF (the descriptions' own line breaks are folded to one line).
  expect(text).toContain("\r\n");
  expect(text.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
}

describe("イベント一覧 (/opendata/events.csv|xlsx)", () => {
  test("CSV: the recommended columns exactly, BOM and CRLF, dates YYYY-MM-DD and times hh:mm on every row, the municipality from the settings", async () => {
    const { bytes, text, rows, response } = await csvOf("events.csv");
    expect(response.headers.get("Content-Disposition")).toContain(`${env.MUNICIPALITY_CODE}_event.csv`);
    expectUtf8BomCrlf(bytes, text);
    expect(rows[0]).toEqual([...eventColumns]);
    const body = records(rows);
    expect(body.length).toBeGreaterThan(10);
    for (const row of body) {
      expect(row["都道府県コード又は市区町村コード"]).toBe(env.MUNICIPALITY_CODE);
      expect(row["都道府県コード又は市区町村コード"]).toMatch(/^\d{6}$/);
      expect(row["都道府県名"]).toBe(env.PREFECTURE_NAME);
      expect(row["市区町村名"]).toBe(env.MUNICIPALITY_NAME);
      expect(row["開始日"]).toMatch(DATE);
      expect(row["終了日"]).toMatch(DATE);
      expect(row["開始時間"]).toMatch(TIME);
      expect(row["終了時間"]).toMatch(TIME);
      expect(row["参加申込終了日"]).toMatch(/^$|^\d{4}-\d{2}-\d{2}$/);
      expect(row["参加申込終了時間"]).toMatch(/^$|^\d{2}:\d{2}$/);
      expect(row["緯度"]).toMatch(/^-?\d+(\.\d+)?$/);
      expect(row["経度"]).toMatch(/^-?\d+(\.\d+)?$/);
      expect(row["URL"]).toMatch(new RegExp(`^${origin}/activities/\\d+$`));
    }
    // Sessions soonest first, within today and the next 90 days.
    const dates = body.map((row) => `${row["開始日"]} ${row["開始時間"]}`);
    expect(dates).toEqual([...dates].sort());
    const today = new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);
    expect(body.every((row) => (row["開始日"] ?? "") >= today)).toBe(true);
  });

  test("one row per session, as a resident reads it: kana, fee, capacity, how to apply, the hub's place and parking, the session's note", async () => {
    const body = records((await csvOf("events.csv")).rows);
    const row = body.find((r) => r["NO"] === String(ids.kept));
    expect(row).toMatchObject({
      イベント名: "健康マージャン教室",
      イベント名_カナ: "ケンコウマージャンキョウシツ",
      開始時間: "10:00",
      終了時間: "11:00",
      開始日時特記事項: "毎週水曜 10:00〜11:00",
      説明: "",
      "料金(基本)": "300円",
      定員: "12",
      連絡先名称: "萩の台まちなえき",
      連絡先電話番号: "0743-70-0000",
      主催者: "萩の台自治会",
      場所名称: "萩の台まちなえき",
      住所: "奈良県生駒市萩の台2丁目5-8 萩の台自治会館",
      緯度: "34.7221",
      経度: "135.7158",
      駐車場情報: "3台（要予約）",
      URL: `${origin}/activities/${ids.activity}`,
      備考: "対象：高齢者／牌は会場にあります",
    });
    expect(row?.["参加申込方法"]).toBe("事前申込制。活動のページ（URL）から申し込めます。電話（0743-70-0000）でも受け付けます");
    // Cancelled sessions are left out (the iCalendar marks them instead).
    expect(body.some((r) => r["NO"] === String(ids.cancelled))).toBe(false);
    // Free text with no basic price: the details say it.
    const salon = body.find((r) => r["イベント名"] === "ふれあいサロン");
    expect(salon).toMatchObject({ "料金(基本)": "", "料金(詳細)": "子ども無料・大人300円", 参加申込方法: "申込不要（当日、会場へ直接お越しください）", 開始時間: "13:30" });
  });

  test("xlsx: the same header and rows, dates as dates shown YYYY-MM-DD, coordinates as numbers", async () => {
    const response = await download("events.xlsx");
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe(XLSX_TYPE);
    expect(response.headers.get("Content-Disposition")).toContain(`${env.MUNICIPALITY_CODE}_event.xlsx`);
    const [sheet] = await readXlsx(Buffer.from(await response.arrayBuffer()));
    expect(sheet?.name).toBe("イベント一覧");
    expect(sheet?.rows[0]).toEqual([...eventColumns]);
    const csv = (await csvOf("events.csv")).rows;
    expect(sheet?.rows.length).toBe(csv.length);
    const start = eventColumns.indexOf("開始日");
    const lat = eventColumns.indexOf("緯度");
    for (const row of sheet?.rows.slice(1) ?? []) {
      expect(row[start]).toMatch(DATE);
      expect(typeof row[lat]).toBe("number");
    }
  });
});

describe("公共施設一覧 (/opendata/facilities.csv|xlsx)", () => {
  test("CSV: the recommended columns exactly, every public hub and only those, NO from the city's number or else the hub id", async () => {
    const { bytes, text, rows, response } = await csvOf("facilities.csv");
    expect(response.headers.get("Content-Disposition")).toContain(`${env.MUNICIPALITY_CODE}_public_facility.csv`);
    expectUtf8BomCrlf(bytes, text);
    expect(rows[0]).toEqual([...facilityColumns]);
    const body = records(rows);
    const publicHubs = await database.db.select({ id: hubs.id }).from(hubs).where(eq(hubs.status, "public"));
    expect(body).toHaveLength(publicHubs.length);
    for (const row of body) {
      expect(row["都道府県コード又は市区町村コード"]).toBe(env.MUNICIPALITY_CODE);
      expect(row["都道府県名"]).toBe(env.PREFECTURE_NAME);
      expect(row["市区町村名"]).toBe(env.MUNICIPALITY_NAME);
      expect(row["開始時間"]).toMatch(/^$|^\d{2}:\d{2}$/);
      expect(row["終了時間"]).toMatch(/^$|^\d{2}:\d{2}$/);
      expect(row["URL"]).toMatch(new RegExp(`^${origin}/hubs/\\d+$`));
    }
    const hub = body.find((r) => r["NO"] === "F-0042");
    expect(hub).toMatchObject({
      名称: "萩の台まちなえき",
      名称_カナ: "ハギノダイマチナエキ",
      住所: "奈良県生駒市萩の台2丁目5-8 萩の台自治会館",
      緯度: "34.7221",
      経度: "135.7158",
      電話番号: "0743-00-1101",
      団体名: "萩の台自治会",
      利用可能曜日: "水",
      開始時間: "10:00",
      終了時間: "11:00",
      利用可能日時特記事項: "健康マージャン教室：毎週水曜 10:00〜11:00",
      説明: "資源回収の日にカフェを開きます。 買い物ついでにどうぞ。",
      バリアフリー情報: "段差なし・スロープあり、駐車場あり",
      URL: `${origin}/hubs/${ids.hub}`,
    });
    expect(hub?.["備考"]).toMatch(/^種別：種類\d+／駐車場：3台（要予約）$/);
    expect(body.some((r) => r["NO"] === String(ids.otherHub))).toBe(true);
  });

  test("a name typed as a formula stays text: the CSV puts a ' in front, the xlsx writes a string", async () => {
    const { text } = await csvOf("facilities.csv");
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""押して"")"`);
    const [sheet] = await readXlsx(Buffer.from(await (await download("facilities.xlsx")).arrayBuffer()));
    expect(sheet?.rows.some((row) => row[facilityColumns.indexOf("名称")] === '=HYPERLINK("http://evil.example","押して")')).toBe(true);
  });
});

describe("nothing private", () => {
  test("no draft or closed hub, no ended activity, no organiser's or hub's e-mail, no applicant in any file", async () => {
    for (const file of ["events.csv", "facilities.csv", "events.ics"]) {
      const response = await download(file);
      expect(response.status, file).toBe(200);
      const text = await response.text();
      for (const secret of privateText) expect(text, `${file}: ${secret}`).not.toContain(secret);
      expect(text, file).not.toContain("閉鎖した拠点の体操");
    }
    for (const file of ["events.xlsx", "facilities.xlsx"]) {
      const [sheet] = await readXlsx(Buffer.from(await (await download(file)).arrayBuffer()));
      const cells = JSON.stringify(sheet?.rows);
      for (const secret of privateText) expect(cells, `${file}: ${secret}`).not.toContain(secret);
    }
  });

  test("an unknown file is 404, and there is no facilities calendar", async () => {
    for (const file of ["events.json", "facilities.ics", "users.csv", "events.csv.bak"]) {
      expect((await download(file)).status, file).toBe(404);
    }
  });
});

describe("city-wide iCalendar (/opendata/events.ics)", () => {
  test("every session of the window at public hubs, the cancelled one marked cancelled with its reason", async () => {
    const response = await download("events.ics");
    expect(response.headers.get("Content-Type")).toBe("text/calendar; charset=utf-8");
    const text = await response.text();
    expect(text).toMatch(/^BEGIN:VCALENDAR/);
    const unfolded = text.replace(/\r\n[ \t]/g, "");
    const cancelled = unfolded.split("BEGIN:VEVENT").find((event) => event.includes(`UID:occurrence-${ids.cancelled}@`));
    expect(cancelled).toContain("STATUS:CANCELLED");
    expect(cancelled).toContain("雨天中止");
    expect(unfolded).toContain(`UID:occurrence-${ids.kept}@`);
  });
});

describe("the /opendata page", () => {
  test("no login; each data set's count and update time in Japanese, the licence and municipality from the settings", async () => {
    const response = await run(() => pageLoader({ request: get("/opendata"), context, params: {} }));
    expect(response.status).toBe(200);
    const data = await response.json();
    expect(data.publisher).toEqual({ code: env.MUNICIPALITY_CODE, prefecture: env.PREFECTURE_NAME, city: env.MUNICIPALITY_NAME });
    expect(data.licence).toEqual({ name: env.OPEN_DATA_LICENCE, url: env.OPEN_DATA_LICENCE_URL });
    const rows = records((await csvOf("events.csv")).rows);
    expect(data.events.count).toBe(rows.length);
    expect(data.events.sessions).toBe(rows.length + 1);
    expect(data.facilities.count).toBe(records((await csvOf("facilities.csv")).rows).length);
    for (const set of [data.events, data.facilities, data.hubs]) expect(set.updated).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日\(.\) \d{2}:\d{2}$/);
    expect(data.window.days).toBe(90);
  });
});

// A file-format proof: the PGlite run only (the figures are checked on both databases above).
describe.skipIf(process.env.TEST_DB_KIND === "postgres")("read back by LibreOffice, Japanese intact", () => {
  test("イベント一覧.xlsx and .csv (opened as UTF-8) show the columns, the titles and the formats", { timeout: 240_000 }, async () => {
    const xlsx = Buffer.from(await (await download("events.xlsx")).arrayBuffer());
    const { text } = await csvOf("events.csv");
    const [fromXlsx, fromCsv] = await Promise.all([readWithLibreOffice(xlsx, "xlsx"), readWithLibreOffice(text, "csv", { csvAsUtf8: true })]);
    // LibreOffice's CSV import takes 10:00 for a time and shows it in its own locale's format
    // (10:00:00 AM here); the xlsx holds the times as text and shows them as written.
    const shownTime = (value: string | undefined, csv: boolean) => (csv ? (value ?? "").replace(/^(\d{1,2}):(\d{2}):00( AM| PM)?$/, (_, h: string, m: string, half?: string) => `${String(Number(h) % 12 + (half === " PM" ? 12 : 0)).padStart(2, "0")}:${m}`) : value);
    for (const [rows, csv] of [[fromXlsx, false], [fromCsv, true]] as const) {
      expect(rows[0]).toEqual([...eventColumns]);
      const row = records(rows).find((r) => r["NO"] === String(ids.kept));
      expect(row).toMatchObject({ イベント名: "健康マージャン教室", イベント名_カナ: "ケンコウマージャンキョウシツ", 主催者: "萩の台自治会", 駐車場情報: "3台（要予約）" });
      expect(shownTime(row?.["開始時間"], csv)).toBe("10:00");
      for (const r of records(rows)) {
        expect(r["開始日"]).toMatch(DATE);
        expect(shownTime(r["開始時間"], csv)).toMatch(TIME);
      }
    }
  });

  test("公共施設一覧.xlsx and .csv (opened as UTF-8) show the columns and the names in Japanese", { timeout: 240_000 }, async () => {
    const xlsx = Buffer.from(await (await download("facilities.xlsx")).arrayBuffer());
    const { text } = await csvOf("facilities.csv");
    const [fromXlsx, fromCsv] = await Promise.all([readWithLibreOffice(xlsx, "xlsx"), readWithLibreOffice(text, "csv", { csvAsUtf8: true })]);
    for (const rows of [fromXlsx, fromCsv]) {
      expect(rows[0]).toEqual([...facilityColumns]);
      const row = records(rows).find((r) => r["NO"] === "F-0042");
      expect(row).toMatchObject({ 名称: "萩の台まちなえき", 名称_カナ: "ハギノダイマチナエキ", バリアフリー情報: "段差なし・スロープあり、駐車場あり", 電話番号: "0743-00-1101" });
    }
  });
});
