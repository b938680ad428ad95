// The city's 地域・年齢別人口 → district populations, previewed and then confirmed (ADR 025).
// A row is a district: matched by 地域コード (`districts.code`), or else by 地域名 = the district's
// name, which then records the code. Counts must be whole numbers ≥ 0, and the bands must add
// up: men's and women's bands to 総人口 (and to 男性 / 女性 when the file has them). A file whose
// sums disagree is refused rather than loaded: 参加率 and 65歳以上 are read from these figures.
import { asc, eq } from "drizzle-orm";
import { districtPopulations, districts } from "#db/schema";
import type { Db } from "~/lib/db.server";
import type { ImportIssue, ImportPreview } from "~/lib/imports";
import { ageBands, femaleBandColumns, maleBandColumns, populationColumns } from "~/lib/opendata/population-columns";
import {
  checkHeader,
  confirmImport,
  parseCount,
  previewOf,
  requireImporter,
  type ConfirmResult,
  type ImportTable,
  type RowOutcome,
} from "./imports.server";
import type { Actor } from "./permissions.server";

const IMPORTER_ROLES = ["staff", "admin"] as const;

const USED = ["地域コード", "地域名", "調査年月日", "総人口", "男性", "女性", ...maleBandColumns, ...femaleBandColumns, "世帯数"];
const REQUIRED = ["総人口", ...maleBandColumns, ...femaleBandColumns];
const HEADER = { known: populationColumns, required: REQUIRED, used: USED };

export interface PopulationImportOptions {
  /** 調査年月日 for a file without one (YYYY-MM-DD), from the form; null when not given. */
  asOf: string | null;
}

interface PopulationPlan {
  districtId: number;
  /** 地域コード to record on a district matched by its name. */
  setCode: string | null;
  asOf: string;
  total: number;
  households: number | null;
  male: number[];
  female: number[];
}

/** 調査年月日 as cities write it: 2025-01-01, 2025/1/1, 2025年1月1日, 20250101. */
export function parseSurveyDate(value: string): string | null {
  const text = value.normalize("NFKC").trim();
  const m = /^(\d{4})[-/年.](\d{1,2})[-/月.](\d{1,2})日?$/.exec(text) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || y < 1900 || y > 2200) return null;
  return `${y}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

async function planRows(db: Db, table: ImportTable, options: PopulationImportOptions) {
  const header = checkHeader(table.header, HEADER);
  if (!table.header.includes("地域コード") && !table.header.includes("地域名")) header.errors.push({ key: "imports.population.noDistrictColumn" });
  if (header.errors.length > 0) return { header, outcomes: [] as RowOutcome<PopulationPlan>[] };

  const districtRows = await db.select({ id: districts.id, name: districts.name, code: districts.code }).from(districts).orderBy(asc(districts.id));
  const current = await db.select().from(districtPopulations);
  const byCode = new Map(districtRows.flatMap((d) => (d.code ? [[d.code, d] as const] : [])));
  const byName = new Map(districtRows.map((d) => [d.name, d]));
  const currentOf = new Map(current.map((row) => [row.districtId, row]));
  const seen = new Map<number, number>();

  const outcomes = table.rows.map(({ line, cells }): RowOutcome<PopulationPlan> => {
    const record = header.record(cells);
    const cell = (column: string) => record.get(column) ?? "";
    const code = cell("地域コード").normalize("NFKC");
    const name = cell("地域名").normalize("NFKC").trim();
    const label = name || code;
    const errors: ImportIssue[] = [];

    const count = (column: string, required: boolean): number | null => {
      const text = cell(column);
      if (text === "") {
        if (required) errors.push({ column, key: "imports.population.countMissing" });
        return null;
      }
      const n = parseCount(text);
      if (n === null) errors.push({ column, key: /^-/.test(text.normalize("NFKC")) ? "imports.population.negative" : "imports.population.notNumber" });
      return n;
    };
    const total = count("総人口", true);
    const male = maleBandColumns.map((column) => count(column, true));
    const female = femaleBandColumns.map((column) => count(column, true));
    const households = record.has("世帯数") ? count("世帯数", false) : null;
    const men = record.has("男性") ? count("男性", false) : null;
    const women = record.has("女性") ? count("女性", false) : null;

    const surveyText = cell("調査年月日");
    let asOf: string | null = options.asOf;
    if (surveyText !== "") {
      asOf = parseSurveyDate(surveyText);
      if (!asOf) errors.push({ column: "調査年月日", key: "imports.population.date" });
    } else if (!asOf) errors.push({ column: "調査年月日", key: "imports.population.dateMissing" });

    let district = code ? byCode.get(code) : undefined;
    let setCode: string | null = null;
    if (!district && name) {
      const named = byName.get(name);
      if (named && code && named.code && named.code !== code) errors.push({ column: "地域コード", key: "imports.population.otherCode", params: { code: named.code } });
      else if (named) {
        district = named;
        if (code && !named.code) setCode = code;
      }
    }
    if (!district && errors.every((e) => e.column !== "地域コード")) {
      errors.push({ column: code ? "地域コード" : "地域名", key: "imports.population.unknownDistrict", params: { name: label } });
    }
    if (district) {
      const earlier = seen.get(district.id);
      if (earlier !== undefined) errors.push({ column: "地域名", key: "imports.population.repeated", params: { line: earlier } });
      else seen.set(district.id, line);
    }

    const maleCounts = male.flatMap((n) => (n === null ? [] : [n]));
    const femaleCounts = female.flatMap((n) => (n === null ? [] : [n]));
    if (total !== null && maleCounts.length === ageBands.length && femaleCounts.length === ageBands.length) {
      const bands = sum(maleCounts) + sum(femaleCounts);
      if (bands !== total) errors.push({ column: "総人口", key: "imports.population.bandsTotal", params: { bands, total } });
      if (men !== null && sum(maleCounts) !== men) errors.push({ column: "男性", key: "imports.population.bandsSex", params: { bands: sum(maleCounts), given: men } });
      if (women !== null && sum(femaleCounts) !== women) errors.push({ column: "女性", key: "imports.population.bandsSex", params: { bands: sum(femaleCounts), given: women } });
    }
    if (errors.length > 0 || !district || total === null || !asOf) return { line, label, status: "error", changed: [], errors };

    const plan: PopulationPlan = { districtId: district.id, setCode, asOf, total, households, male: maleCounts, female: femaleCounts };
    const before = currentOf.get(district.id);
    const districtLabel = district.name;
    if (!before) return { line, label: districtLabel, status: "new", changed: [], errors: [], plan };
    const changed = [
      setCode ? "地域コード" : null,
      before.asOf !== asOf ? "調査年月日" : null,
      before.total !== total ? "総人口" : null,
      before.households !== households ? "世帯数" : null,
      before.male.join() !== maleCounts.join() || before.female.join() !== femaleCounts.join() ? "年齢別人口" : null,
    ].filter((column): column is string => column !== null);
    if (changed.length === 0) return { line, label: districtLabel, status: "unchanged", changed: [], errors: [] };
    return { line, label: districtLabel, status: "update", changed, errors: [], plan };
  });
  return { header, outcomes };
}

/** What importing the file would do. Writes nothing. */
export async function previewPopulationImport(db: Db, actor: Actor, input: { table: ImportTable; options: PopulationImportOptions }): Promise<ImportPreview> {
  await requireImporter(db, actor, IMPORTER_ROLES);
  const { header, outcomes } = await planRows(db, input.table, input.options);
  return previewOf(input.table, header, outcomes);
}

/** Writes the districts' populations (and codes matched by name), as `confirmImport` does every import. */
export async function confirmPopulationImport(
  db: Db,
  actor: Actor,
  input: { payload: string; digest: string; options: PopulationImportOptions },
): Promise<ConfirmResult> {
  await requireImporter(db, actor, IMPORTER_ROLES);
  return confirmImport(db, actor, input, {
    plan: (tx, table) => planRows(tx, table, input.options),
    write: async (tx, plan) => {
      if (plan.setCode) await tx.update(districts).set({ code: plan.setCode }).where(eq(districts.id, plan.districtId));
      const values = { asOf: plan.asOf, total: plan.total, households: plan.households, male: plan.male, female: plan.female };
      await tx
        .insert(districtPopulations)
        .values({ districtId: plan.districtId, ...values })
        .onConflictDoUpdate({ target: districtPopulations.districtId, set: { ...values, updatedAt: new Date() } });
    },
    auditAction: "import.population",
  });
}

/** Every district with its population as loaded (null where none is): for the staff page. */
export async function listDistrictPopulations(db: Db, actor: Actor) {
  await requireImporter(db, actor, IMPORTER_ROLES);
  const rows = await db
    .select({
      id: districts.id,
      name: districts.name,
      code: districts.code,
      asOf: districtPopulations.asOf,
      total: districtPopulations.total,
      aged65Plus: districtPopulations.aged65Plus,
      households: districtPopulations.households,
    })
    .from(districts)
    .leftJoin(districtPopulations, eq(districtPopulations.districtId, districts.id))
    .orderBy(asc(districts.code), asc(districts.name));
  return rows;
}
