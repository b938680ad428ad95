// The 地域・年齢別人口 import (/staff/population) through its loader and action on a real
// database: the sample file previewed and confirmed, 65歳以上 as the database computes it, a
// re-import that updates, row errors, the survey date from the form, and who may do it.
import { readFileSync } from "node:fs";
import { count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { auditEvents, districtPopulations, districts } from "#db/schema";
import { demoBands, demoPopulation, demoPopulationTable } from "~/commands/demo/population";
import type { ImportPreview } from "~/lib/imports";
import { parseCsv, toCsv } from "~/lib/metrics/csv";
import { action, loader } from "~/routes/staff.population";
import { createDistrict } from "../factories/places";
import { createUser, sessionCookie } from "../factories/users";
import { useTestDatabase } from "../setup/database";
import { context, get, ORIGIN, redirectOf, run } from "../setup/requests";

const database = useTestDatabase({ asAppDatabase: true });
const PATH = "/staff/population";
const cookies = {} as Record<"admin" | "staff" | "volunteer" | "organiser" | "coordinator", string>;
const ids = new Map<string, number>();

beforeAll(async () => {
  const db = database.db;
  for (const d of demoPopulation) ids.set(d.name, (await createDistrict(db, { name: d.name, lat: 34.7, lng: 135.7 })).id);
  const users = {
    admin: await createUser(db, { roles: ["admin"] }),
    staff: await createUser(db, { roles: ["staff"] }),
    volunteer: await createUser(db),
    organiser: await createUser(db, { roles: ["organiser"] }),
    coordinator: await createUser(db, { roles: ["coordinator"] }),
  };
  for (const [key, user] of Object.entries(users)) cookies[key as keyof typeof cookies] = await sessionCookie(user.id);
});

interface Answer {
  preview: ImportPreview;
  notice?: string;
  asOfInvalid?: boolean;
}

function upload(text: string, cookie = cookies.staff, asOf = "") {
  const form = new FormData();
  form.set("intent", "preview");
  form.set("asOf", asOf);
  form.set("file", new File([text], "population.csv", { type: "text/csv" }));
  return new Request(`${ORIGIN}${PATH}`, { method: "POST", body: form, headers: { Origin: ORIGIN, Cookie: cookie } });
}

function confirm(preview: ImportPreview, cookie = cookies.staff, asOf = "") {
  const form = new FormData();
  form.set("intent", "confirm");
  form.set("payload", preview.payload);
  form.set("digest", preview.digest);
  form.set("asOf", asOf);
  return new Request(`${ORIGIN}${PATH}`, { method: "POST", body: form, headers: { Origin: ORIGIN, Cookie: cookie } });
}

async function previewOf(text: string, asOf = ""): Promise<ImportPreview> {
  const response = await run(() => action({ request: upload(text, cookies.staff, asOf), context, params: {} }));
  expect(response.status).toBe(200);
  return ((await response.json()) as Answer).preview;
}

const sampleText = () => readFileSync("docs/samples/population-sample.csv", "utf8");
const populationRows = async () => (await database.db.select({ n: count() }).from(districtPopulations))[0]?.n ?? 0;

/** The sample with some cells replaced: `edits` maps 地域名 → column → new value. */
function edited(edits: Record<string, Record<string, string>>, drop: string[] = []): string {
  const [header = [], ...rows] = parseCsv(sampleText());
  const keep = header.map((h, i) => (drop.includes(h) ? -1 : i)).filter((i) => i >= 0);
  const out = rows.map((row) => {
    const name = row[header.indexOf("地域名")] ?? "";
    return row.map((value, i) => edits[name]?.[header[i] ?? ""] ?? value);
  });
  return toCsv(
    keep.map((i) => header[i] ?? ""),
    out.map((row) => keep.map((i) => row[i] ?? "")),
  );
}

describe("importing the city's 地域・年齢別人口", () => {
  test("the docs sample is the demo's figures", () => {
    const { header, rows } = demoPopulationTable();
    expect(parseCsv(sampleText())).toEqual([header, ...rows]);
  });

  test("preview, nothing written; confirm: every district's figures, 65歳以上 from the bands, and the 地域コード matched by name", async () => {
    const preview = await previewOf(sampleText());
    expect(preview.fileErrors).toEqual([]);
    expect(preview.counts).toEqual({ new: demoPopulation.length, update: 0, unchanged: 0, error: 0 });
    expect(preview.ignoredColumns).toEqual(["都道府県コード又は市区町村コード", "都道府県名", "市区町村名", "備考"]);
    expect(await populationRows()).toBe(0);

    const done = await run(() => action({ request: confirm(preview), context, params: {} }));
    expect(await redirectOf(done)).toEqual({ location: PATH, flash: "imports.done", params: { new: demoPopulation.length, update: 0, unchanged: 0 } });
    expect(await populationRows()).toBe(demoPopulation.length);
    const kanodai = ids.get("鹿ノ台") ?? 0;
    const [row] = await database.db.select().from(districtPopulations).where(eq(districtPopulations.districtId, kanodai));
    const bands = demoBands(6200, 0.43);
    const aged65 = [13, 14, 15, 16, 17].reduce((sum, i) => sum + (bands.male[i] ?? 0) + (bands.female[i] ?? 0), 0);
    expect(row).toMatchObject({ asOf: "2025-04-01", total: 6200, households: 2750, male: bands.male, female: bands.female, aged65Plus: aged65 });
    expect(aged65 / 6200).toBeCloseTo(0.43, 2);
    const [district] = await database.db.select().from(districts).where(eq(districts.id, kanodai));
    expect(district?.code).toBe("29209001");
    const [audit] = await database.db.select().from(auditEvents).where(eq(auditEvents.action, "import.population"));
    expect(audit?.details).toMatchObject({ rows: demoPopulation.length, created: demoPopulation.length });

    // The page lists what is loaded: total, 65歳以上, households and the date, per district.
    const page = (await (await run(() => loader({ request: get(PATH, cookies.staff), context, params: {} }))).json()) as {
      districts: { name: string; code: string | null; total: number | null; aged65Plus: number | null; households: number | null; asOf: string | null }[];
    };
    expect(page.districts.find((d) => d.name === "鹿ノ台")).toEqual(expect.objectContaining({ code: "29209001", total: 6200, aged65Plus: aged65, households: 2750, asOf: "2025-04-01" }));
  });

  test("the same file again changes nothing; a newer file updates, matched by 地域コード now", async () => {
    expect((await previewOf(sampleText())).counts).toEqual({ new: 0, update: 0, unchanged: demoPopulation.length, error: 0 });
    // 鹿ノ台 a year later: twenty more people aged 85+, the total and men with them; renamed in the file (the code decides).
    const [header = [], ...rows] = parseCsv(sampleText());
    const kanodai = rows.find((r) => r[header.indexOf("地域名")] === "鹿ノ台") ?? [];
    const cell = (column: string) => Number(kanodai[header.indexOf(column)]);
    const text = edited({
      鹿ノ台: {
        地域名: "鹿ノ台（全域）",
        調査年月日: "2026/4/1",
        総人口: String(cell("総人口") + 20),
        男性: String(cell("男性") + 20),
        "85歳以上の男性": String(cell("85歳以上の男性") + 20),
      },
    });
    const preview = await previewOf(text);
    expect(preview.counts).toEqual({ new: 0, update: 1, unchanged: demoPopulation.length - 1, error: 0 });
    expect(preview.rows.find((r) => r.status === "update")).toMatchObject({ label: "鹿ノ台", changed: ["調査年月日", "総人口", "年齢別人口"] });
    const before = (await database.db.select().from(districtPopulations).where(eq(districtPopulations.districtId, ids.get("鹿ノ台") ?? 0)))[0];
    await run(() => action({ request: confirm(preview), context, params: {} }));
    const [after] = await database.db.select().from(districtPopulations).where(eq(districtPopulations.districtId, ids.get("鹿ノ台") ?? 0));
    expect(after).toMatchObject({ asOf: "2026-04-01", total: 6220, aged65Plus: (before?.aged65Plus ?? 0) + 20 });
  });

  test("row errors: an unknown district, a negative or non-numeric count, bands that do not add up; nothing written", async () => {
    const before = await database.db.select().from(districtPopulations).orderBy(districtPopulations.districtId);
    const text = edited({
      真弓: { 地域コード: "99999999", 地域名: "架空町" },
      白庭台: { "0-4歳の男性": "-3" },
      萩の台: { 世帯数: "約2000" },
      さつき台: { 総人口: "4301" },
    });
    const preview = await previewOf(text);
    const errors = Object.fromEntries(preview.rows.filter((r) => r.status === "error").map((r) => [r.label, r.errors.map((e) => `${e.column}:${e.key}`)]));
    expect(errors).toEqual({
      架空町: ["地域コード:imports.population.unknownDistrict"],
      白庭台: ["0-4歳の男性:imports.population.negative"],
      萩の台: ["世帯数:imports.population.notNumber"],
      さつき台: ["総人口:imports.population.bandsTotal"],
    });
    const forced = await run(() => action({ request: confirm(preview), context, params: {} }));
    expect(forced.status).toBe(400);
    expect(await database.db.select().from(districtPopulations).orderBy(districtPopulations.districtId)).toEqual(before);
  });

  test("without 調査年月日 in the file the form's date is used, and without either the rows say so", async () => {
    const text = edited({}, ["調査年月日"]);
    const missing = await previewOf(text);
    expect(missing.counts.error).toBe(demoPopulation.length);
    expect(missing.rows[0]?.errors).toEqual([{ column: "調査年月日", key: "imports.population.dateMissing" }]);
    const dated = await previewOf(text, "2027-04-01");
    expect(dated.counts).toMatchObject({ update: demoPopulation.length, error: 0 });
    const bad = await run(() => action({ request: upload(text, cookies.staff, "2027-02-30"), context, params: {} }));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as Answer).asOfInvalid).toBe(true);
  });

  test("an unknown column is named; a file without the bands is refused", async () => {
    const withExtra = sampleText().replace("備考", "担当課");
    expect((await previewOf(withExtra)).fileErrors).toEqual([{ key: "imports.header.unknown", params: { name: "担当課" } }]);
    const noBands = edited({}, ["85歳以上の女性"]);
    expect((await previewOf(noBands)).fileErrors).toEqual([{ key: "imports.header.missing", params: { name: "85歳以上の女性" } }]);
  });
});

describe("who may import populations", () => {
  test("staff and admins; volunteers, organisers and coordinators get 403 and write nothing", async () => {
    const anonymous = await run(() => loader({ request: get(PATH), context, params: {} }));
    expect(anonymous.status).toBe(302);
    const before = await database.db.select().from(districtPopulations).orderBy(districtPopulations.districtId);
    const preview = await previewOf(edited({ 中央: { 世帯数: "4601" } }));
    for (const who of ["volunteer", "organiser", "coordinator"] as const) {
      expect((await run(() => loader({ request: get(PATH, cookies[who]), context, params: {} }))).status, who).toBe(403);
      expect((await run(() => action({ request: upload(sampleText(), cookies[who]), context, params: {} }))).status, who).toBe(403);
      expect((await run(() => action({ request: confirm(preview, cookies[who]), context, params: {} }))).status, who).toBe(403);
    }
    expect(await database.db.select().from(districtPopulations).orderBy(districtPopulations.districtId)).toEqual(before);
    expect((await run(() => loader({ request: get(PATH, cookies.admin), context, params: {} }))).status).toBe(200);
    const byAdmin = await run(() => action({ request: confirm(preview, cookies.admin), context, params: {} }));
    expect(byAdmin.status).toBe(302);
  });
});
