// The Excel twins of every download (issue 16): the staff tables hold in the workbook exactly the
// published figures of their CSV, typed (numbers as numbers, marks as text, text never a formula),
// and an organiser downloads their own hubs' attendance records, and nobody else's.
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, test } from "vitest";
import { tokyoInstant } from "~/lib/dates";
import { parseCsv } from "~/lib/metrics/csv";
import { readXlsx, XLSX_TYPE, type XlsxValue } from "~/lib/xlsx.server";
import { loader as attendanceCsvLoader } from "~/routes/organise.attendance[.]csv";
import { loader as attendanceXlsxLoader } from "~/routes/organise.attendance[.]xlsx";
import { loader as attendancePageLoader } from "~/routes/organise.attendance";
import { loader as hubsCsvLoader } from "~/routes/staff.hubs[.]csv";
import { loader as hubsXlsxLoader } from "~/routes/staff.hubs[.]xlsx";
import { loader as indicatorsCsvLoader } from "~/routes/staff.indicators[.]csv";
import { loader as indicatorsXlsxLoader } from "~/routes/staff.indicators[.]xlsx";
import { recordAttendance } from "~/services/attendance.server";
import { clearDashboardCache } from "~/services/metrics.server";
import { signUpForRole } from "~/services/signups.server";
import { createCategory, createSession } from "../factories/metrics";
import { createHub } from "../factories/places";
import { createUser, sessionCookie } from "../factories/users";
import { createRoleSlot } from "../factories/volunteering";
import { readWithLibreOffice } from "../support/libreoffice";
import { useTestDatabase } from "../setup/database";
import { context, get, run } from "../setup/requests";

const database = useTestDatabase({ asAppDatabase: true });

type Who = "staff" | "admin" | "volunteer" | "organiser" | "otherOrganiser" | "quietOrganiser" | "coordinator";
const cookies = {} as Record<Who, string>;
const hubIds = {} as Record<"evil" | "plus" | "at" | "hagi", number>;
let districtId = 0;
let adminId = "";
/** The session whose 2 participants (a hub × category × month cell of its own) are flipped to 1. */
let smallOccurrenceId = 0;

const EVIL = '=HYPERLINK("http://evil","x")';
const FY = 2025;
const at = (date: string) => tokyoInstant(date, "10:00");

beforeAll(async () => {
  const db = database.db;
  const hagi = await createHub(db, { name: "萩の台まちなえき" });
  districtId = hagi.districtId;
  hubIds.hagi = hagi.id;
  hubIds.evil = (await createHub(db, { name: EVIL, districtId })).id;
  hubIds.plus = (await createHub(db, { name: "+1" })).id;
  hubIds.at = (await createHub(db, { name: "@SUM(1)" })).id;
  const category = await createCategory(db, { labelJa: "体操・健康テスト" });
  const admin = await createUser(db, { roles: ["admin"] });
  adminId = admin.id;
  const users: Record<Who, { id: string }> = {
    staff: await createUser(db, { roles: ["staff"] }),
    admin,
    volunteer: await createUser(db),
    organiser: await createUser(db, { roles: ["organiser"], hubIds: [hubIds.hagi, hubIds.evil] }),
    otherOrganiser: await createUser(db, { roles: ["organiser"], hubIds: [hubIds.plus] }),
    // An organiser of a hub without any record.
    quietOrganiser: await createUser(db, { roles: ["organiser"], hubIds: [(await createHub(db, { name: "記録のない拠点" })).id] }),
    coordinator: await createUser(db, { roles: ["coordinator"] }),
  };
  for (const [who, user] of Object.entries(users)) cookies[who as Who] = await sessionCookie(user.id);

  // Counts recorded as an admin would after the window (paper records of last year).
  const record = async (hubId: number, date: string, participants: number, extra: { firstTimers?: number; supported?: number; ageBands?: Record<string, number> } = {}) => {
    const { occurrence } = await createSession(db, { hubId, categoryId: category.id, startsAt: at(date) });
    await recordAttendance(db, { userId: admin.id }, {
      occurrenceId: occurrence.id,
      participants,
      firstTimers: extra.firstTimers ?? 0,
      supportedParticipants: extra.supported ?? 0,
      ageBands: extra.ageBands ?? null,
      ignoreWindow: true,
    });
    return occurrence.id;
  };
  await record(hubIds.hagi, "2025-05-10", 18, { firstTimers: 3, supported: 1, ageBands: { "65-74": 5, "75+": 9 } });
  await record(hubIds.hagi, "2025-06-14", 25, { firstTimers: 1 });
  smallOccurrenceId = await record(hubIds.evil, "2025-05-17", 2, { firstTimers: 1 });
  await record(hubIds.evil, "2025-07-05", 12);
  await record(hubIds.plus, "2025-05-20", 30);
  await record(hubIds.at, "2025-09-01", 7);

  // A session whose roster had two 担い手, one ticked present.
  const slot = await createRoleSlot(db, { hubId: hubIds.hagi, startsAt: at("2025-08-02"), slots: 2 });
  const before = new Date(+at("2025-08-02") - 86_400_000);
  const one = await signUpForRole(db, { userId: (await createUser(db)).id, occurrenceId: slot.occurrence.id, roleId: slot.role.id, now: before });
  const two = await signUpForRole(db, { userId: (await createUser(db)).id, occurrenceId: slot.occurrence.id, roleId: slot.role.id, now: before });
  await recordAttendance(db, { userId: admin.id }, {
    occurrenceId: slot.occurrence.id,
    participants: 9,
    firstTimers: 0,
    supportedParticipants: 0,
    roster: { [one.signupId]: "attended", [two.signupId]: "absent" },
    ignoreWindow: true,
  });
  clearDashboardCache();
}, 120_000);

type Loader = (args: { request: Request; context: typeof context; params: Record<string, string> }) => unknown;
const download = async (loader: Loader, path: string, who: Who) => {
  const response = await run(() => loader({ request: get(path, cookies[who]), context, params: {} }));
  expect(response.status, `${path} as ${who}`).toBe(200);
  return response;
};
const csvRows = async (loader: Loader, path: string, who: Who = "staff") => parseCsv(await (await download(loader, path, who)).text());
const xlsxBytes = async (loader: Loader, path: string, who: Who = "staff") => Buffer.from(await (await download(loader, path, who)).arrayBuffer());
const workbookOf = async (data: Buffer) => {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(data as unknown as ArrayBuffer);
  return workbook;
};

/**
 * The same figure in both files: a number cell is the CSV's number (a percentage cell the CSV's
 * `45.3%`), a text cell the CSV's text, an empty cell an empty field.
 */
function expectSameCells(xlsx: XlsxValue[][], csv: string[][]) {
  expect(xlsx.length).toBe(csv.length);
  xlsx.forEach((row, r) => {
    expect(row.length, `row ${r}`).toBe(csv[r]?.length);
    row.forEach((cell, c) => {
      const field = csv[r]?.[c] ?? "";
      const where = `row ${r + 1}, column ${c + 1}: ${JSON.stringify(cell)} / ${field}`;
      if (cell === null) expect(field, where).toBe("");
      else if (typeof cell === "number") {
        if (field.endsWith("%")) expect(cell * 100, where).toBeCloseTo(Number(field.slice(0, -1)), 6);
        else expect(cell, where).toBe(Number(field));
      }
      // papaparse puts a ' before text a spreadsheet would run; the workbook keeps the text itself.
      else expect(field.replace(/^'(?=[=+\-@])/, ""), where).toBe(cell);
    });
  });
}

const staffDownloads = [
  { name: "indicators", csv: indicatorsCsvLoader, xlsx: indicatorsXlsxLoader, header: ["指標コード", "指標", "期間", "実績", "策定時の値", "策定時の日付", "目標値", "進捗率"] },
  { name: "hubs", csv: hubsCsvLoader, xlsx: hubsXlsxLoader, header: ["拠点ID", "拠点名", "項目", "2025-04"] },
] as const;

describe("who may download", () => {
  const refused = async (loader: Loader, path: string, who: Who | null) => (await run(() => loader({ request: get(path, who ? cookies[who] : undefined), context, params: {} }))).status;

  test("the staff workbooks: staff and admins; volunteers, organisers and coordinators 403; logged out to log in", async () => {
    for (const { name, xlsx } of staffDownloads) {
      const path = `/staff/${name}.xlsx?fy=${FY}`;
      expect(await refused(xlsx, path, null), path).toBe(302);
      for (const who of ["volunteer", "organiser", "coordinator"] as const) expect(await refused(xlsx, path, who), `${path} ${who}`).toBe(403);
      for (const who of ["staff", "admin"] as const) expect(await refused(xlsx, path, who), `${path} ${who}`).toBe(200);
    }
  });

  test("an organiser's attendance: organisers and admins; staff, volunteers, coordinators 403; logged out to log in", async () => {
    for (const loader of [attendanceCsvLoader, attendanceXlsxLoader]) {
      expect(await refused(loader, "/organise/attendance.xlsx", null)).toBe(302);
      for (const who of ["volunteer", "staff", "coordinator"] as const) expect(await refused(loader, "/organise/attendance.xlsx", who), who).toBe(403);
    }
  });

  test("an organiser of another hub gets none of these records; one with no record gets the header alone", async () => {
    const other = await csvRows(attendanceCsvLoader, `/organise/attendance.csv?fy=${FY}`, "otherOrganiser");
    expect(other.slice(1).map((r) => r[3])).toEqual(["+1"]);
    const quiet = await readXlsx(await xlsxBytes(attendanceXlsxLoader, `/organise/attendance.xlsx?fy=${FY}`, "quietOrganiser"));
    expect(quiet[0]?.rows).toHaveLength(1);
    const page = (await (await download(attendancePageLoader, `/organise/attendance?fy=${FY}`, "quietOrganiser")).json()) as { records: unknown[] };
    expect(page.records).toEqual([]);
  });
});

describe("the staff workbooks hold the CSV's published figures, typed", () => {
  for (const { name, csv, xlsx, header } of staffDownloads) {
    for (const search of [`fy=${FY}`, `fy=${FY}&district=DISTRICT`, "from=2025-05-01&to=2025-08-01"]) {
      test(`/staff/${name}.xlsx?${search}: cell by cell the CSV, numbers as numbers, header frozen, named like the CSV`, async () => {
        const query = search.replace("DISTRICT", String(districtId));
        const response = await download(xlsx, `/staff/${name}.xlsx?${query}`, "staff");
        expect(response.headers.get("Content-Type")).toBe(XLSX_TYPE);
        expect(response.headers.get("Cache-Control")).toBe("private, no-store");
        const csvResponse = await download(csv, `/staff/${name}.csv?${query}`, "staff");
        const csvName = /filename="([^"]+)"/.exec(csvResponse.headers.get("Content-Disposition") ?? "")?.[1] ?? "";
        expect(response.headers.get("Content-Disposition")).toContain(`filename="${csvName.replace(/\.csv$/, ".xlsx")}"`);
        const data = Buffer.from(await response.arrayBuffer());
        const [sheet, notes, ...more] = await readXlsx(data);
        expect(more).toEqual([]);
        const fromCsv = parseCsv(await csvResponse.text());
        expectSameCells(sheet?.rows ?? [], fromCsv);
        expect(sheet?.rows[0]?.slice(0, header.length)).toEqual(query.startsWith("from=") && name === "hubs" ? ["拠点ID", "拠点名", "項目", "2025-05"] : [...header]);
        expect(notes?.name).toBe("説明");

        const workbook = await workbookOf(data);
        for (const worksheet of workbook.worksheets) {
          expect(worksheet.views[0], worksheet.name).toMatchObject({ state: "frozen", ySplit: 1 });
          // Nothing tucked away: no hidden sheet, no comment on any cell.
          expect(worksheet.state, worksheet.name).toBe("visible");
          worksheet.eachRow((row) => row.eachCell((cell) => expect(cell.note, cell.address).toBeUndefined()));
        }
        // Every cell the CSV holds as a number is a number cell; every mark a text cell.
        const first = workbook.worksheets[0]!;
        fromCsv.slice(1).forEach((row, r) =>
          row.forEach((field, c) => {
            const cell = first.getRow(r + 2).getCell(c + 1);
            if (/^-?\d+(\.\d+)?%?$/.test(field) && !(name === "indicators" && c === 2)) expect(cell.type, `${cell.address} ${field}`).toBe(ExcelJS.ValueType.Number);
            else if (field !== "") expect(cell.type, `${cell.address} ${field}`).toBe(ExcelJS.ValueType.String);
            // A width of 9 is the sheet's declared default, which exceljs does not repeat per column.
            expect(first.getColumn(c + 1).width ?? first.properties.defaultColWidth, `column ${c + 1}`).toBeGreaterThanOrEqual(6);
          }),
        );
      });
    }
  }

  test("the per-hub table: a small cell is 「<3」 as text, hub names like formulas are text cells, escaped in the CSV", async () => {
    const data = await xlsxBytes(hubsXlsxLoader, `/staff/hubs.xlsx?fy=${FY}`);
    const sheet = (await workbookOf(data)).worksheets[0]!;
    const rowsOf = (hubId: number) => {
      const found: ExcelJS.Row[] = [];
      sheet.eachRow((row) => row.getCell(1).value === hubId && found.push(row));
      return found;
    };
    const may = (sheet.getRow(1).values as unknown[]).indexOf("2025-05");
    const [, evilParticipants] = rowsOf(hubIds.evil);
    expect(evilParticipants?.getCell(may).value).toBe("<3");
    expect(evilParticipants?.getCell(may).type).toBe(ExcelJS.ValueType.String);
    for (const [key, text] of [["evil", EVIL], ["plus", "+1"], ["at", "@SUM(1)"]] as const) {
      for (const row of rowsOf(hubIds[key])) {
        expect(row.getCell(2).value).toBe(text);
        expect(row.getCell(2).type).toBe(ExcelJS.ValueType.String);
        expect(row.getCell(2).formula).toBeUndefined();
      }
    }
    const csv = await csvRows(hubsCsvLoader, `/staff/hubs.csv?fy=${FY}`);
    expect(csv.filter((r) => r[0] === String(hubIds.evil)).map((r) => r[1])).toEqual([`'${EVIL}`, `'${EVIL}`]);
    // A signed number is no formula: toCsv leaves "+1" as it is (app/lib/metrics/csv.ts), a spreadsheet reads it as 1.
    expect(csv.find((r) => r[0] === String(hubIds.plus))?.[1]).toBe("+1");
    expect(csv.find((r) => r[0] === String(hubIds.at))?.[1]).toBe("'@SUM(1)");
  });

  test("a session of 1 instead of 2 changes no cell of either workbook or CSV (ADR 023)", async () => {
    const views = async () =>
      Promise.all(
        staffDownloads.flatMap(({ name, csv, xlsx }) =>
          [`fy=${FY}`, `fy=${FY}&district=${districtId}`].flatMap((q) => [
            xlsxBytes(xlsx, `/staff/${name}.xlsx?${q}`).then(readXlsx),
            download(csv, `/staff/${name}.csv?${q}`, "staff").then((r) => r.text()),
          ]),
        ),
      );
    const before = await views();
    await recordAttendance(database.db, { userId: adminId }, { occurrenceId: smallOccurrenceId, participants: 1, firstTimers: 1, supportedParticipants: 0, ignoreWindow: true });
    clearDashboardCache();
    try {
      expect(await views()).toEqual(before);
    } finally {
      await recordAttendance(database.db, { userId: adminId }, { occurrenceId: smallOccurrenceId, participants: 2, firstTimers: 1, supportedParticipants: 0, ignoreWindow: true });
      clearDashboardCache();
    }
  });

  test("the 「説明」 sheet says what, when and which selection, and how hidden figures are written", async () => {
    const [, notes] = await readXlsx(await xlsxBytes(indicatorsXlsxLoader, `/staff/indicators.xlsx?fy=${FY}&district=${districtId}`));
    const text = Object.fromEntries((notes?.rows ?? []).map((r) => [r[0], r[1]]));
    expect(text["期間"]).toContain("令和7年度");
    expect(text["期間"]).toContain("2025-04-01");
    expect(text["絞り込み"]).toMatch(/地区$/);
    expect(text["数値の表し方"]).toContain("<3");
    expect(text["少ない人数の扱い"]).toContain("3未満");
    const [, cityNotes] = await readXlsx(await xlsxBytes(hubsXlsxLoader, `/staff/hubs.xlsx?fy=${FY}`));
    expect(cityNotes?.rows.find((r) => r[0] === "絞り込み")?.[1]).toBe("なし（市全体）");
  });
});

describe("an organiser's attendance records", () => {
  type PageRecord = { occurrenceId: number; hubName: string; participants: number; firstTimers: number; supportedParticipants: number; volunteersAttended: number; ageBands: Record<string, number> };

  test("their hubs only, exact counts as recorded, the same rows as their page, and the same cells in CSV and xlsx", async () => {
    const path = `/organise/attendance.xlsx?fy=${FY}`;
    const response = await download(attendanceXlsxLoader, path, "organiser");
    expect(response.headers.get("Content-Disposition")).toContain('filename="machinaeki-attendance_2025-04-01_2026-04-01.xlsx"');
    const data = Buffer.from(await response.arrayBuffer());
    const [sheet] = await readXlsx(data);
    const rows = sheet?.rows ?? [];
    expect(rows[0]).toEqual(["日付", "開始時刻", "拠点ID", "拠点", "活動", "参加者数", "うち初めての参加者", "うち参加支援による参加者", "担い手（出席）", "18歳未満", "18〜64歳", "65〜74歳", "75歳以上"]);
    // Oldest first; a count of 2 is 2 here: the organiser's own record, not a published figure.
    expect(rows.slice(1).map((r) => [r[0], r[1], r[3], ...r.slice(5)])).toEqual([
      ["2025-05-10", "10:00", "萩の台まちなえき", 18, 3, 1, 0, null, null, 5, 9],
      ["2025-05-17", "10:00", EVIL, 2, 1, 0, 0, null, null, null, null],
      ["2025-06-14", "10:00", "萩の台まちなえき", 25, 1, 0, 0, null, null, null, null],
      ["2025-07-05", "10:00", EVIL, 12, 0, 0, 0, null, null, null, null],
      ["2025-08-02", "10:00", "萩の台まちなえき", 9, 0, 0, 1, null, null, null, null],
    ]);
    const worksheet = (await workbookOf(data)).worksheets[0]!;
    expect(worksheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(worksheet.getCell("A2").type).toBe(ExcelJS.ValueType.Date);
    expect(worksheet.getCell("F2").type).toBe(ExcelJS.ValueType.Number);
    expect(worksheet.getCell("D3").type).toBe(ExcelJS.ValueType.String);

    const csv = await csvRows(attendanceCsvLoader, `/organise/attendance.csv?fy=${FY}`, "organiser");
    expectSameCells(rows, csv);
    expect(csv[2]?.[3]).toBe(`'${EVIL}`);

    const page = (await (await download(attendancePageLoader, `/organise/attendance?fy=${FY}`, "organiser")).json()) as { records: PageRecord[] };
    expect(page.records.map((r) => [r.hubName, r.participants, r.firstTimers, r.supportedParticipants, r.volunteersAttended])).toEqual(
      rows.slice(1).map((r) => [r[3], r[5], r[6], r[7], r[8]]),
    );
    // Another year holds none of these.
    expect((await csvRows(attendanceCsvLoader, `/organise/attendance.csv?fy=${FY + 1}`, "organiser")).slice(1)).toEqual([]);
  });
});

// A file-format proof: the PGlite run only (the figures are checked on both databases above).
describe.skipIf(process.env.TEST_DB_KIND === "postgres")("read back by LibreOffice", () => {
  test("each workbook opens with its Japanese intact, numbers and dates shown, formulas as text", async () => {
    const [indicators, hubs, attendance] = await Promise.all([
      xlsxBytes(indicatorsXlsxLoader, `/staff/indicators.xlsx?fy=${FY}`).then((d) => readWithLibreOffice(d, "xlsx")),
      xlsxBytes(hubsXlsxLoader, `/staff/hubs.xlsx?fy=${FY}`).then((d) => readWithLibreOffice(d, "xlsx")),
      xlsxBytes(attendanceXlsxLoader, `/organise/attendance.xlsx?fy=${FY}`, "organiser").then((d) => readWithLibreOffice(d, "xlsx")),
    ]);
    expect(indicators[0]).toEqual(["指標コード", "指標", "期間", "実績", "策定時の値", "策定時の日付", "目標値", "進捗率"]);
    expect(indicators.find((r) => r[0] === "participants")?.slice(1, 4)).toEqual(["参加者数（延べ）", "令和7年度（2025年度）", expect.stringMatching(/^\d+$/)]);
    expect(hubs[0]?.slice(0, 4)).toEqual(["拠点ID", "拠点名", "項目", "2025-04"]);
    expect(hubs.filter((r) => r[0] === String(hubIds.evil)).map((r) => r[1])).toEqual([EVIL, EVIL]);
    expect(hubs.find((r) => r[0] === String(hubIds.plus))?.[1]).toBe("+1");
    expect(hubs.find((r) => r[0] === String(hubIds.evil) && r[2] === "参加者数")?.[hubs[0]!.indexOf("2025-05")]).toBe("<3");
    expect(hubs.find((r) => r[1] === "合計")?.[2]).toBe("参加者数");
    expect(attendance[0]?.slice(0, 6)).toEqual(["日付", "開始時刻", "拠点ID", "拠点", "活動", "参加者数"]);
    expect(attendance[1]?.slice(0, 6)).toEqual(["2025-05-10", "10:00", String(hubIds.hagi), "萩の台まちなえき", expect.stringMatching(/^活動\d+$/), "18"]);
    expect(attendance[2]?.[3]).toBe(EVIL);
  }, 180_000);

  test("the 「説明」 sheet opens in Japanese too", async () => {
    const notes = await readWithLibreOffice(await xlsxBytes(indicatorsXlsxLoader, `/staff/indicators.xlsx?fy=${FY}`), "xlsx", { sheet: 2 });
    expect(notes[0]).toEqual(["項目", "内容"]);
    expect(notes.find((r) => r[0] === "絞り込み")?.[1]).toBe("なし（市全体）");
  }, 120_000);

  test("why the workbook: LibreOffice's default import of our UTF-8 CSV is not Japanese; chosen as UTF-8 it is", async () => {
    const csv = await (await download(indicatorsCsvLoader, `/staff/indicators.csv?fy=${FY}`, "staff")).text();
    const [byDefault, asUtf8] = await Promise.all([readWithLibreOffice(csv, "csv"), readWithLibreOffice(csv, "csv", { csvAsUtf8: true })]);
    expect(asUtf8[0]?.[0]).toBe("指標コード");
    expect(byDefault[0]?.[0]).not.toContain("指標コード");
    expect(byDefault.flat().join("")).not.toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
  }, 120_000);
});
