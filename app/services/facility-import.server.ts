// The city's 公共施設一覧 (推奨データセット) → hubs, previewed and then confirmed (ADR 025).
// A row is matched to a hub by the city's NO (`hubs.open_data_no`), or, for a hub entered by hand
// before the first import, by the same 名称 while it has no NO yet. A new hub gets the district
// whose centre is nearest, and the kind and status chosen on the form. Rows are checked with the
// hub form's own schema (hubFormSchema) and written through hub-editing's createHub/updateHub, so
// a hub made by an import obeys exactly the rules of one made by hand.
import { isKatakanaReading, toKatakanaReading } from "~/lib/kana";
import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import { districts, hubAssociations, hubKinds, hubs } from "#db/schema";
import { isAccessibilityFeature, type AccessibilityFeature } from "~/lib/accessibility";
import type { Db } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { hubFormSchema, type HubFormInput } from "~/lib/forms/hubs";
import { parseWith } from "~/lib/forms/parse";
import type { FacilityImportStatus, ImportIssue, ImportPreview } from "~/lib/imports";
import { facilityColumns } from "~/lib/opendata/columns";
import { createHub, updateHub, type HubOpenDataFields } from "./hub-editing.server";
import {
  checkHeader,
  confirmImport,
  previewOf,
  requireImporter,
  unreadablePreview,
  type ConfirmResult,
  type ImportTable,
  type RowOutcome,
} from "./imports.server";
import type { Actor } from "./permissions.server";

/** Only admins create hubs (as at /admin/hubs/new). */
const IMPORTER_ROLES = ["admin"] as const;

/** The columns this import reads; the data set's other columns are accepted and not imported. */
const USED = ["都道府県コード又は市区町村コード", "NO", "名称", "名称_カナ", "住所", "方書", "緯度", "経度", "電話番号", "説明", "バリアフリー情報"];
const REQUIRED = ["名称", "住所", "緯度", "経度"];
const HEADER = { known: facilityColumns, required: REQUIRED, used: USED };

/** Roughly Japan, 沖ノ鳥島 to 択捉島 and 与那国島 to 南鳥島: a point outside is a typo or swapped columns. */
const JAPAN = { lat: [20, 46], lng: [122, 154] } as const;

/** Words in 「バリアフリー情報」 that clearly name a feature of app/lib/accessibility.ts. */
const ACCESSIBILITY_WORDS: readonly [RegExp, AccessibilityFeature][] = [
  [/段差(なし|無し|解消)|スロープ|エレベーター/, "step_free"],
  [/(多目的|多機能|車いす|車椅子|だれでも|誰でも)(対応)?トイレ/, "wheelchair_toilet"],
  [/授乳/, "nursing_room"],
  [/(ヒアリング|磁気)ループ/, "hearing_loop"],
];


/** What the upload form chose for hubs the file creates (existing hubs keep their kind and status). */
export interface FacilityImportOptions {
  kindId: number;
  status: FacilityImportStatus;
}

/** A hub's fields the file sets: only the columns it has are compared and written. */
interface FacilityRow {
  no: string | null;
  name: string;
  nameKana: string | null | undefined;
  address: string;
  lat: number;
  lng: number;
  contactPhone: string | null | undefined;
  description: string | undefined;
  accessibility: AccessibilityFeature[] | undefined;
}

type FacilityPlan =
  | { kind: "create"; values: HubFormInput; openData: HubOpenDataFields }
  | { kind: "update"; hubId: number; values: HubFormInput; openData: HubOpenDataFields };

/** The hub form's field each column is checked as (its messages are the form's). */
const COLUMN_OF_FIELD: Record<string, string> = { name: "名称", address: "住所", lat: "緯度", lng: "経度", contactPhone: "電話番号", description: "説明" };

const rowSchema = hubFormSchema.pick({ name: true, address: true, lat: true, lng: true, contactPhone: true, description: true });

function inJapan(lat: number, lng: number): boolean {
  return lat >= JAPAN.lat[0] && lat <= JAPAN.lat[1] && lng >= JAPAN.lng[0] && lng <= JAPAN.lng[1];
}

function normaliseDashes(value: string): string {
  return value.normalize("NFKC").replace(/[‐‑‒–—―−－ー]/g, "-");
}

/** Checks one row; the errors name their column. */
function validateRow(record: Map<string, string>, municipalityCode: string): { row: FacilityRow } | { errors: ImportIssue[] } {
  const errors: ImportIssue[] = [];
  const cell = (column: string) => record.get(column) ?? "";
  const has = (column: string) => record.has(column);

  const code = cell("都道府県コード又は市区町村コード").normalize("NFKC");
  if (code !== "" && code !== municipalityCode && code !== municipalityCode.slice(0, 5)) {
    errors.push({ column: "都道府県コード又は市区町村コード", key: "imports.facility.otherMunicipality", params: { code: municipalityCode } });
  }
  const no = cell("NO").normalize("NFKC");
  if (no.length > 50) errors.push({ column: "NO", key: "imports.facility.noTooLong" });

  const address = [cell("住所"), cell("方書")].filter((part) => part !== "").join(" ");
  const description = [cell("説明"), cell("バリアフリー情報") === "" ? "" : `バリアフリー情報：${cell("バリアフリー情報")}`].filter((part) => part !== "").join("\n\n");
  // Swapped columns put the latitude out of its range; say so, rather than "not a latitude".
  const asNumber = (text: string) => (text.trim() === "" ? NaN : Number(normaliseDashes(text)));
  const [rawLat, rawLng] = [asNumber(cell("緯度")), asNumber(cell("経度"))];
  const swapped = inJapan(rawLng, rawLat) && !inJapan(rawLat, rawLng);
  if (swapped) errors.push({ column: "緯度", key: "imports.facility.swapped", params: { lat: cell("緯度"), lng: cell("経度") } });
  const parsed = parseWith(rowSchema, {
    name: cell("名称"),
    address,
    lat: normaliseDashes(cell("緯度")),
    lng: normaliseDashes(cell("経度")),
    contactPhone: normaliseDashes(cell("電話番号")),
    description,
  });
  if (!parsed.ok) {
    for (const [field, key] of Object.entries(parsed.errors)) {
      if (!key || (swapped && (field === "lat" || field === "lng"))) continue;
      errors.push({ column: COLUMN_OF_FIELD[field] ?? field, key });
    }
  }

  // The same reading rule as the hub form (app/lib/kana.ts): hiragana and half-width kana become katakana.
  const kana = toKatakanaReading(cell("名称_カナ"));
  if (kana.length > 200 || (kana !== "" && !isKatakanaReading(kana))) errors.push({ column: "名称_カナ", key: "imports.facility.kana" });

  if (parsed.ok && !swapped && !inJapan(parsed.data.lat, parsed.data.lng)) {
    errors.push({ column: "緯度", key: "imports.facility.outsideJapan", params: { lat: parsed.data.lat, lng: parsed.data.lng } });
  }
  if (!parsed.ok || errors.length > 0) return { errors };

  const barrierFree = cell("バリアフリー情報");
  return {
    row: {
      no: no === "" ? null : no,
      name: parsed.data.name,
      nameKana: has("名称_カナ") ? kana || null : undefined,
      address: parsed.data.address,
      lat: parsed.data.lat,
      lng: parsed.data.lng,
      contactPhone: has("電話番号") ? parsed.data.contactPhone : undefined,
      description: has("説明") || has("バリアフリー情報") ? parsed.data.description : undefined,
      accessibility: has("バリアフリー情報") ? ACCESSIBILITY_WORDS.filter(([words]) => words.test(barrierFree)).map(([, code]) => code) : undefined,
    },
  };
}

type ExistingHub = typeof hubs.$inferSelect & { associationIds: number[] };

/** The hubs a file's rows may match: by NO, or by name while they have none. */
async function loadCandidates(db: Db, nos: string[], names: string[]) {
  const byNo = nos.length === 0 ? [] : await db.select().from(hubs).where(inArray(hubs.openDataNo, nos));
  const byName = names.length === 0 ? [] : await db.select().from(hubs).where(and(inArray(hubs.name, names), isNull(hubs.openDataNo)));
  const all = [...byNo, ...byName];
  const served =
    all.length === 0
      ? []
      : await db.select().from(hubAssociations).where(inArray(hubAssociations.hubId, all.map((hub) => hub.id)));
  const withAssociations = (hub: typeof hubs.$inferSelect): ExistingHub => ({
    ...hub,
    associationIds: served.filter((row) => row.hubId === hub.id).map((row) => row.associationId).sort((a, b) => a - b),
  });
  const nameMatches = new Map<string, ExistingHub[]>();
  for (const hub of byName) nameMatches.set(hub.name, [...(nameMatches.get(hub.name) ?? []), withAssociations(hub)]);
  return { byNo: new Map(byNo.map((hub) => [hub.openDataNo ?? "", withAssociations(hub)])), byName: nameMatches };
}

/** The district whose centre is nearest the point (equirectangular: districts are a few km apart). */
function nearestDistrict(list: { id: number; lat: number; lng: number }[], lat: number, lng: number): number | null {
  let best: { id: number; d: number } | null = null;
  const k = Math.cos((lat * Math.PI) / 180);
  for (const district of list) {
    const d = (district.lat - lat) ** 2 + ((district.lng - lng) * k) ** 2;
    if (!best || d < best.d) best = { id: district.id, d };
  }
  return best?.id ?? null;
}

function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

/** Every row's outcome against the hubs as they are now (in `db`, which may be the confirm's transaction). */
async function planRows(db: Db, table: ImportTable, options: FacilityImportOptions) {
  const header = checkHeader(table.header, HEADER);
  if (header.errors.length > 0) return { header, outcomes: [] as RowOutcome<FacilityPlan>[] };
  const municipalityCode = getEnv().MUNICIPALITY_CODE;
  const checked = table.rows.map((row) => ({ line: row.line, record: header.record(row.cells) }));
  const validated = checked.map(({ line, record }) => ({ line, record, result: validateRow(record, municipalityCode) }));
  const rows = validated.flatMap((v) => ("row" in v.result ? [v.result.row] : []));
  const candidates = await loadCandidates(
    db,
    rows.flatMap((row) => (row.no ? [row.no] : [])),
    [...new Set(rows.map((row) => row.name))],
  );
  const districtList = await db.select({ id: districts.id, lat: districts.lat, lng: districts.lng }).from(districts).orderBy(asc(districts.id));

  const seenNos = new Map<string, number>();
  const claimed = new Map<number, number>();
  const outcomes: RowOutcome<FacilityPlan>[] = validated.map(({ line, record, result }) => {
    const label = record.get("名称") || record.get("NO") || "";
    if ("errors" in result) return { line, label, status: "error", changed: [], errors: result.errors };
    const row = result.row;
    const errors: ImportIssue[] = [];
    if (row.no !== null) {
      const earlier = seenNos.get(row.no);
      if (earlier !== undefined) errors.push({ column: "NO", key: "imports.facility.repeatedNo", params: { line: earlier } });
      else seenNos.set(row.no, line);
    }
    let existing: ExistingHub | undefined = row.no === null ? undefined : candidates.byNo.get(row.no);
    if (!existing) {
      const sameName = candidates.byName.get(row.name) ?? [];
      if (sameName.length > 1) errors.push({ column: "名称", key: "imports.facility.ambiguousName", params: { count: sameName.length } });
      else existing = sameName[0];
    }
    if (existing) {
      const other = claimed.get(existing.id);
      if (other !== undefined) errors.push({ column: row.no === null ? "名称" : "NO", key: "imports.facility.sameHubTwice", params: { line: other } });
      else claimed.set(existing.id, line);
    }
    if (errors.length > 0) return { line, label, status: "error", changed: [], errors };

    if (!existing) {
      const districtId = nearestDistrict(districtList, row.lat, row.lng);
      if (districtId === null) return { line, label, status: "error", changed: [], errors: [{ key: "imports.facility.noDistricts" }] };
      const values: HubFormInput = {
        name: row.name,
        nameKana: row.nameKana ?? null,
        description: row.description ?? "",
        parkingInfo: null,
        kindId: options.kindId,
        districtId,
        address: row.address,
        lat: row.lat,
        lng: row.lng,
        accessibility: row.accessibility ?? [],
        contactPhone: row.contactPhone ?? null,
        contactEmail: null,
        contactNote: null,
        associationIds: [],
        status: options.status,
      };
      return { line, label, status: "new", changed: [], errors: [], plan: { kind: "create", values, openData: { openDataNo: row.no } } };
    }

    // An update changes only what the file's columns say; kind, district, status and 自治会 stay as staff set them.
    const accessibility = row.accessibility === undefined ? existing.accessibility : [...new Set([...existing.accessibility, ...row.accessibility])];
    const values: HubFormInput = {
      name: row.name,
      nameKana: row.nameKana === undefined ? existing.nameKana : row.nameKana,
      description: row.description ?? existing.description,
      parkingInfo: existing.parkingInfo,
      kindId: existing.kindId,
      districtId: existing.districtId,
      address: row.address,
      lat: row.lat,
      lng: row.lng,
      accessibility: accessibility.filter(isAccessibilityFeature),
      contactPhone: row.contactPhone === undefined ? existing.contactPhone : row.contactPhone,
      contactEmail: existing.contactEmail,
      contactNote: existing.contactNote,
      associationIds: existing.associationIds,
      status: existing.status,
    };
    const openData: HubOpenDataFields = row.no !== null && existing.openDataNo !== row.no ? { openDataNo: row.no } : {};
    const changed = [
      existing.name !== values.name ? "名称" : null,
      existing.nameKana !== values.nameKana ? "名称_カナ" : null,
      openData.openDataNo !== undefined ? "NO" : null,
      existing.address !== values.address ? "住所" : null,
      existing.lat !== values.lat ? "緯度" : null,
      existing.lng !== values.lng ? "経度" : null,
      existing.contactPhone !== values.contactPhone ? "電話番号" : null,
      existing.description !== values.description ? "説明" : null,
      !sameList(existing.accessibility, values.accessibility) ? "バリアフリー情報" : null,
    ].filter((column): column is string => column !== null);
    if (changed.length === 0) return { line, label, status: "unchanged", changed: [], errors: [] };
    return { line, label, status: "update", changed, errors: [], plan: { kind: "update", hubId: existing.id, values, openData } };
  });
  return { header, outcomes };
}

/** The kinds the upload form offers for new hubs, and the one it suggests (集会所). */
export async function listFacilityImportKinds(db: Db) {
  const kinds = await db.select({ id: hubKinds.id, code: hubKinds.code, labelJa: hubKinds.labelJa, labelEn: hubKinds.labelEn }).from(hubKinds).orderBy(asc(hubKinds.sortOrder), asc(hubKinds.id));
  return { kinds, defaultKindId: (kinds.find((kind) => kind.code === "shukaijo") ?? kinds[0])?.id ?? null };
}

async function checkOptions(db: Db, options: FacilityImportOptions): Promise<ImportIssue | null> {
  const [kind] = await db.select({ id: hubKinds.id }).from(hubKinds).where(eq(hubKinds.id, options.kindId));
  return kind ? null : { key: "imports.facility.unknownKind" };
}

/** What importing the file would do. Writes nothing. */
export async function previewFacilityImport(db: Db, actor: Actor, input: { table: ImportTable; options: FacilityImportOptions }): Promise<ImportPreview> {
  await requireImporter(db, actor, IMPORTER_ROLES);
  const optionError = await checkOptions(db, input.options);
  if (optionError) return unreadablePreview(optionError);
  const { header, outcomes } = await planRows(db, input.table, input.options);
  return previewOf(input.table, header, outcomes);
}

/** Imports the table the preview carried (`confirmImport`); each hub created or updated is audited as it is by hand. */
export async function confirmFacilityImport(
  db: Db,
  actor: Actor,
  input: { payload: string; digest: string; options: FacilityImportOptions },
): Promise<ConfirmResult> {
  await requireImporter(db, actor, IMPORTER_ROLES);
  const optionError = await checkOptions(db, input.options);
  if (optionError) return { ok: false, reason: "errors", preview: unreadablePreview(optionError) };
  return confirmImport(db, actor, input, {
    plan: (tx, table) => planRows(tx, table, input.options),
    write: async (tx, plan) => {
      if (plan.kind === "create") await createHub(tx, { values: plan.values, openData: plan.openData, actorUserId: actor.userId, ip: actor.ip ?? null });
      else await updateHub(tx, actor, { hubId: plan.hubId, values: plan.values, openData: plan.openData });
    },
    auditAction: "import.facilities",
  });
}
