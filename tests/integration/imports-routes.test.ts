// The preview-and-confirm import of the city's 公共施設一覧 (/admin/imports/facilities), through
// the route's loader and action on a real database: what the preview says row by row, that a
// preview writes nothing, that confirming writes everything or nothing, and who may do it.
import { readFileSync } from "node:fs";
import { count, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { auditEvents, hubs } from "#db/schema";
import type { ImportPreview } from "~/lib/imports";
import { facilityColumns } from "~/lib/opendata/columns";
import { toXlsx } from "~/lib/xlsx.server";
import { action, loader } from "~/routes/admin.imports.facilities";
import { createDistrict, createHub, createHubKind } from "../factories/places";
import { createUser, sessionCookie } from "../factories/users";
import { useTestDatabase } from "../setup/database";
import { context, get, ORIGIN, redirectOf, run } from "../setup/requests";
import { encodeShiftJis } from "../support/shift-jis";

const database = useTestDatabase({ asAppDatabase: true });
const PATH = "/admin/imports/facilities";
const cookies = {} as Record<"admin" | "staff" | "volunteer" | "organiser" | "coordinator", string>;
const districtIds = {} as Record<string, number>;
let shukaijo = 0;

const sample = (name: string) => readFileSync(`docs/samples/${name}`);

beforeAll(async () => {
  const db = database.db;
  for (const [name, lat, lng] of [
    ["鹿ノ台", 34.744, 135.73],
    ["真弓", 34.7335, 135.7365],
    ["白庭台", 34.7262, 135.7282],
    ["萩の台", 34.7215, 135.7165],
    ["俵口", 34.7002, 135.6962],
    ["南生駒", 34.6455, 135.6992],
  ] as const) {
    districtIds[name] = (await createDistrict(db, { name, lat, lng })).id;
  }
  await createHubKind(db, { code: "machinaeki", labelJa: "まちなえき", sortOrder: 0 });
  shukaijo = (await createHubKind(db, { code: "shukaijo", labelJa: "集会所", sortOrder: 1 })).id;
  const hub = await createHub(db, { districtId: districtIds["萩の台"] });
  const users = {
    admin: await createUser(db, { roles: ["admin"] }),
    staff: await createUser(db, { roles: ["staff"] }),
    volunteer: await createUser(db),
    organiser: await createUser(db, { roles: ["organiser"], hubIds: [hub.id] }),
    coordinator: await createUser(db, { roles: ["coordinator"] }),
  };
  for (const [key, user] of Object.entries(users)) cookies[key as keyof typeof cookies] = await sessionCookie(user.id);
});

interface Answer {
  preview: ImportPreview;
  notice?: string;
}

/** The upload form as the browser sends it (multipart), with the file. */
function upload(file: { name: string; bytes: Uint8Array | Buffer; type?: string }, cookie = cookies.admin, fields: Record<string, string> = {}) {
  const form = new FormData();
  form.set("intent", "preview");
  form.set("kindId", String(shukaijo));
  form.set("status", "draft");
  for (const [key, value] of Object.entries(fields)) form.set(key, value);
  form.set("file", new File([new Uint8Array(file.bytes)], file.name, { type: file.type ?? "text/csv" }));
  return new Request(`${ORIGIN}${PATH}`, { method: "POST", body: form, headers: { Origin: ORIGIN, Cookie: cookie } });
}

/** 「取り込む」: the table and digest the preview carried, and the options. */
function confirm(preview: ImportPreview, cookie = cookies.admin, options: Record<string, string> = {}) {
  const form = new FormData();
  form.set("intent", "confirm");
  form.set("payload", preview.payload);
  form.set("digest", preview.digest);
  form.set("kindId", options.kindId ?? String(shukaijo));
  form.set("status", options.status ?? "draft");
  return new Request(`${ORIGIN}${PATH}`, { method: "POST", body: form, headers: { Origin: ORIGIN, Cookie: cookie } });
}

async function previewOf(file: { name: string; bytes: Uint8Array | Buffer; type?: string }, fields: Record<string, string> = {}): Promise<ImportPreview> {
  const response = await run(() => action({ request: upload(file, cookies.admin, fields), context, params: {} }));
  expect(response.status).toBe(200);
  return ((await response.json()) as Answer).preview;
}

const hubCount = async () => (await database.db.select({ n: count() }).from(hubs))[0]?.n ?? 0;
const auditCount = async () => (await database.db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.action, "import.facilities")))[0]?.n ?? 0;

/** A 公共施設一覧 CSV with the given columns and rows. */
function csv(header: readonly string[], rows: string[][]): Buffer {
  return Buffer.from("\uFEFF" + [header, ...rows].map((r) => r.join(",")).join("\r\n") + "\r\n");
}

describe("the must-show sequence: a file with 3 bad rows, then the fixed file, then the same file again", () => {
  test("the bad file: a preview with the errors beside each of the 3 rows, and nothing written", async () => {
    const before = await hubCount();
    const preview = await previewOf({ name: "facilities-sample.csv", bytes: sample("facilities-sample.csv") });
    expect(preview.fileErrors).toEqual([]);
    expect(preview.counts).toEqual({ new: 3, update: 0, unchanged: 0, error: 3 });
    const byLine = new Map(preview.rows.map((row) => [row.line, row]));
    // Line 3: 緯度 and 経度 swapped; line 4: no 名称; line 6: a latitude outside Japan.
    expect(byLine.get(3)).toMatchObject({ status: "error", errors: [{ column: "緯度", key: "imports.facility.swapped" }] });
    expect(byLine.get(4)).toMatchObject({ status: "error", errors: [{ column: "名称", key: "field.hubName.required" }] });
    expect(byLine.get(6)).toMatchObject({ status: "error", label: "俵口ふれあいホール", errors: [{ column: "緯度", key: "imports.facility.outsideJapan" }] });
    for (const line of [2, 5, 7]) expect(byLine.get(line)?.status, `line ${line}`).toBe("new");
    // Columns of the data set that hubs do not hold are named, not silently dropped.
    expect(preview.ignoredColumns).toContain("利用可能曜日");
    expect(await hubCount()).toBe(before);

    // Sending 「取り込む」 for it anyway (a hand-made form) is refused after checking again: nothing written.
    const forced = await run(() => action({ request: confirm(preview), context, params: {} }));
    expect(forced.status).toBe(400);
    expect(((await forced.json()) as Answer).notice).toBe("errors");
    expect(await hubCount()).toBe(before);
    expect(await auditCount()).toBe(0);
  });

  test("the fixed file: six hubs created, as drafts of the chosen kind in the nearest district", async () => {
    const before = await hubCount();
    const preview = await previewOf({ name: "facilities-sample-fixed.csv", bytes: sample("facilities-sample-fixed.csv") });
    expect(preview.counts).toEqual({ new: 6, update: 0, unchanged: 0, error: 0 });
    expect(await hubCount()).toBe(before);

    const done = await run(() => action({ request: confirm(preview), context, params: {} }));
    expect(await redirectOf(done)).toEqual({ location: PATH, flash: "imports.done", params: { new: 6, update: 0, unchanged: 0 } });
    expect(await hubCount()).toBe(before + 6);
    expect(await auditCount()).toBe(1);

    const [kanodai] = await database.db.select().from(hubs).where(eq(hubs.openDataNo, "1001"));
    expect(kanodai).toMatchObject({
      name: "鹿ノ台ふれあい会館",
      nameKana: "シカノダイフレアイカイカン",
      address: "奈良県生駒市鹿ノ台北1-10-1",
      lat: 34.7432,
      lng: 135.7311,
      contactPhone: "0743-00-2001",
      status: "draft",
      kindId: shukaijo,
      districtId: districtIds["鹿ノ台"],
    });
    expect(kanodai?.accessibility.sort()).toEqual(["step_free", "wheelchair_toilet"]);
    expect(kanodai?.description).toContain("バリアフリー情報：段差なし、多目的トイレあり");
    const [hagi] = await database.db.select().from(hubs).where(eq(hubs.openDataNo, "1003"));
    // 住所 and 方書 together; 萩の台 is the nearest district centre.
    expect(hagi).toMatchObject({ address: "奈良県生駒市萩の台3-2-8 集会所棟1階", districtId: districtIds["萩の台"] });
    const [minami] = await database.db.select().from(hubs).where(eq(hubs.openDataNo, "1006"));
    expect(minami?.districtId).toBe(districtIds["南生駒"]);
  });

  test("the same file again changes nothing", async () => {
    const before = await database.db.select({ id: hubs.id, updatedAt: hubs.updatedAt }).from(hubs).orderBy(hubs.id);
    const preview = await previewOf({ name: "facilities-sample-fixed.csv", bytes: sample("facilities-sample-fixed.csv") });
    expect(preview.counts).toEqual({ new: 0, update: 0, unchanged: 6, error: 0 });
    const again = await run(() => action({ request: confirm(preview), context, params: {} }));
    expect((await redirectOf(again)).params).toEqual({ new: 0, update: 0, unchanged: 6 });
    expect(await database.db.select({ id: hubs.id, updatedAt: hubs.updatedAt }).from(hubs).orderBy(hubs.id)).toEqual(before);
  });

  test("a changed phone number updates that hub only, and says which column changes", async () => {
    const text = sample("facilities-sample-fixed.csv").toString("utf8").replace("0743-00-2002", "0743-00-2992");
    const preview = await previewOf({ name: "changed.csv", bytes: Buffer.from(text) });
    expect(preview.counts).toEqual({ new: 0, update: 1, unchanged: 5, error: 0 });
    expect(preview.rows.find((row) => row.status === "update")).toMatchObject({ line: 3, label: "真弓コミュニティ集会所", changed: ["電話番号"] });
    await run(() => action({ request: confirm(preview), context, params: {} }));
    const [mayumi] = await database.db.select().from(hubs).where(eq(hubs.openDataNo, "1002"));
    // An update leaves the kind, district and status staff may have changed.
    expect(mayumi).toMatchObject({ contactPhone: "0743-00-2992", status: "draft" });
  });
});

describe("files as cities have them", () => {
  test("a Shift_JIS CSV (as Excel saves it) reads the same as UTF-8", async () => {
    const text = sample("facilities-sample-fixed.csv").toString("utf8").replace(/^\uFEFF/, "");
    const preview = await previewOf({ name: "shift-jis.csv", bytes: encodeShiftJis(text) });
    expect(preview.fileErrors).toEqual([]);
    expect(preview.rows.map((row) => row.label)).toEqual([
      "鹿ノ台ふれあい会館",
      "真弓コミュニティ集会所",
      "萩の台こもれび集会所",
      "白庭台みどりの家",
      "俵口ふれあいホール",
      "南生駒地域交流サロン",
    ]);
    // Already imported above (the phone of 1002 was changed since): one update, no errors.
    expect(preview.counts).toEqual({ new: 0, update: 1, unchanged: 5, error: 0 });
  });

  test("an .xlsx of the same columns, coordinates as numbers, creates a hub", async () => {
    const header = ["NO", "名称", "住所", "緯度", "経度", "電話番号"];
    const bytes = await toXlsx([
      {
        name: "公共施設一覧",
        columns: header.map((h) => ({ header: h, kind: h === "緯度" || h === "経度" ? ("number" as const) : ("text" as const) })),
        rows: [["X-1", "真弓エクセル会館", "奈良県生駒市真弓1-1", 34.734, 135.7366, "０７４３－００－３００１"]],
      },
    ]);
    const preview = await previewOf({ name: "施設.xlsx", bytes, type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" }, { status: "public" });
    expect(preview).toMatchObject({ fileErrors: [], counts: { new: 1, error: 0 }, rows: [{ line: 2, label: "真弓エクセル会館", status: "new" }] });
    // The options are part of what was previewed: confirming with other ones is refused.
    expect((await run(() => action({ request: confirm(preview, cookies.admin, { status: "draft" }), context, params: {} }))).status).toBe(409);
    await run(() => action({ request: confirm(preview, cookies.admin, { status: "public" }), context, params: {} }));
    const [hub] = await database.db.select().from(hubs).where(eq(hubs.openDataNo, "X-1"));
    // Full-width digits and dashes become the hub's phone as people write it.
    expect(hub).toMatchObject({ lat: 34.734, lng: 135.7366, contactPhone: "0743-00-3001", status: "public", districtId: districtIds["真弓"] });
  });

  test("an unknown column is named and nothing is read or written", async () => {
    const before = await hubCount();
    const preview = await previewOf({ name: "extra.csv", bytes: csv(["NO", "名称", "住所", "緯度", "経度", "担当者"], [["Y-1", "新しい会館", "生駒市", "34.7", "135.7", "山田"]]) });
    expect(preview.fileErrors).toEqual([{ key: "imports.header.unknown", params: { name: "担当者" } }]);
    expect(preview.rows).toEqual([]);
    expect(await hubCount()).toBe(before);
  });

  test("a missing required column is named", async () => {
    const preview = await previewOf({ name: "no-lat.csv", bytes: csv(["名称", "住所", "経度"], [["会館", "生駒市", "135.7"]]) });
    expect(preview.fileErrors).toEqual([{ key: "imports.header.missing", params: { name: "緯度" } }]);
  });

  test("another city's code, a repeated NO and latin letters in 名称_カナ are errors of their rows; hiragana is read as katakana", async () => {
    const header = [...facilityColumns];
    const row = (values: Partial<Record<(typeof facilityColumns)[number], string>>) => header.map((h) => values[h] ?? "");
    const base = { 住所: "奈良県生駒市俵口町1", 緯度: "34.70", 経度: "135.69" };
    const preview = await previewOf({
      name: "rows.csv",
      bytes: csv(header, [
        row({ ...base, 都道府県コード又は市区町村コード: "131016", NO: "Z-1", 名称: "よその施設" }),
        row({ ...base, NO: "Z-2", 名称: "俵口A", 名称_カナ: "Tawaraguchi" }),
        row({ ...base, NO: "Z-3", 名称: "俵口B", 名称_カナ: "たわらぐち びー" }),
        row({ ...base, NO: "Z-3", 名称: "俵口C" }),
      ]),
    });
    expect(preview.rows.map((r) => [r.line, r.status, r.errors.map((e) => `${e.column}:${e.key}`)])).toEqual([
      [2, "error", ["都道府県コード又は市区町村コード:imports.facility.otherMunicipality"]],
      [3, "error", ["名称_カナ:imports.facility.kana"]],
      // Line 4's hiragana reading is the hub form's (app/lib/kana.ts): read as タワラグチ（全角スペース）ビー.
      [4, "new", []],
      [5, "error", ["NO:imports.facility.repeatedNo"]],
    ]);
  });
});

describe("confirming writes everything in one transaction, or nothing", () => {
  test("when the database refuses one row midway, no hub of the file is kept", async () => {
    const db = database.db;
    const header = ["NO", "名称", "住所", "緯度", "経度"];
    const file = csv(header, [
      ["T-1", "取り込み一", "奈良県生駒市壱分町1", "34.656", "135.695"],
      ["T-2", "取り込み二", "奈良県生駒市壱分町2", "34.657", "135.696"],
      ["T-3", "拒否される拠点", "奈良県生駒市壱分町3", "34.658", "135.697"],
    ]);
    const preview = await previewOf({ name: "refused.csv", bytes: file });
    expect(preview.counts.new).toBe(3);
    const before = await hubCount();
    const audits = await auditCount();
    await db.execute(sql`alter table hubs add constraint test_refuses_one check (name <> '拒否される拠点')`);
    try {
      const response = await run(() => action({ request: confirm(preview), context, params: {} }));
      expect(response.status).toBe(400);
      expect(((await response.json()) as Answer).notice).toBe("failed");
    } finally {
      await db.execute(sql`alter table hubs drop constraint test_refuses_one`);
    }
    expect(await hubCount()).toBe(before);
    expect(await db.select().from(hubs).where(eq(hubs.openDataNo, "T-1"))).toEqual([]);
    expect(await auditCount()).toBe(audits);
  });

  test("a hub changed after the preview: the confirm is refused with the new preview, nothing written", async () => {
    const db = database.db;
    const file = csv(["NO", "名称", "住所", "緯度", "経度"], [["U-1", "途中で変わる会館", "奈良県生駒市白庭台1", "34.726", "135.728"]]);
    const preview = await previewOf({ name: "u.csv", bytes: file });
    expect(preview.counts.new).toBe(1);
    // Someone else imports it first: the confirmed outcome (create) is no longer the one previewed.
    const first = await previewOf({ name: "u.csv", bytes: file });
    await run(() => action({ request: confirm(first), context, params: {} }));
    await db.update(hubs).set({ address: "奈良県生駒市白庭台9" }).where(eq(hubs.openDataNo, "U-1"));
    const before = await hubCount();
    const response = await run(() => action({ request: confirm(preview), context, params: {} }));
    expect(response.status).toBe(409);
    const answer = (await response.json()) as Answer;
    expect(answer.notice).toBe("changed");
    expect(answer.preview.rows[0]).toMatchObject({ status: "update", changed: ["住所"] });
    expect(await hubCount()).toBe(before);
  });

  test("a confirm whose table was tampered with is refused", async () => {
    const preview = await previewOf({ name: "facilities-sample-fixed.csv", bytes: sample("facilities-sample-fixed.csv") });
    const response = await run(() => action({ request: confirm({ ...preview, payload: "{not json" }), context, params: {} }));
    expect(response.status).toBe(400);
    expect(((await response.json()) as Answer).preview.fileErrors).toEqual([{ key: "imports.file.payload" }]);
  });
});

describe("who may import", () => {
  test("admins only: anonymous is sent to log in; volunteer, organiser, coordinator and staff get 403 and write nothing", async () => {
    const anonymous = await run(() => loader({ request: get(PATH), context, params: {} }));
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
    const before = await hubCount();
    for (const who of ["volunteer", "organiser", "coordinator", "staff"] as const) {
      expect((await run(() => loader({ request: get(PATH, cookies[who]), context, params: {} }))).status, who).toBe(403);
      const file = { name: "f.csv", bytes: csv(["NO", "名称", "住所", "緯度", "経度"], [[`R-${who}`, `${who}の会館`, "生駒市", "34.7", "135.7"]]) };
      expect((await run(() => action({ request: upload(file, cookies[who]), context, params: {} }))).status, who).toBe(403);
    }
    const preview = await previewOf({ name: "f.csv", bytes: csv(["NO", "名称", "住所", "緯度", "経度"], [["R-1", "役割の会館", "生駒市", "34.7", "135.7"]]) });
    for (const who of ["volunteer", "organiser", "coordinator", "staff"] as const) {
      expect((await run(() => action({ request: confirm(preview, cookies[who]), context, params: {} }))).status, who).toBe(403);
    }
    expect(await hubCount()).toBe(before);
    const page = await run(() => loader({ request: get(PATH, cookies.admin), context, params: {} }));
    expect(page.status).toBe(200);
    expect(((await page.json()) as { defaultKindId: number }).defaultKindId).toBe(shukaijo);
  });
});
