import { count } from "drizzle-orm";
import { districtPopulations } from "#db/schema";
import type { Db } from "~/lib/db.server";
import { ageBands, femaleBandColumns, maleBandColumns } from "~/lib/opendata/population-columns";
import { findUserByEmail } from "~/services/accounts.server";
import type { ImportTable } from "~/services/imports.server";
import { confirmPopulationImport, previewPopulationImport } from "~/services/population-import.server";

// DEMO ONLY. The demo districts' 地域・年齢別人口, fictional but shaped like Ikoma's: 3,900 to
// 9,200 residents a district, 65歳以上 from 22 % (白庭台, a young new town) to 43 % (鹿ノ台, an
// ageing one), about 30 % across the city. Loaded through the staff import itself (as a file
// staff would upload), which also records each district's 地域コード (matched by name the first time). docs/samples/
// population-sample.csv is the same file (tests/unit/population-sample.test.ts keeps them equal).

export const DEMO_POPULATION_AS_OF = "2025-04-01";

/** District, 地域コード, residents, households, share aged 65+. */
export const demoPopulation = [
  { name: "鹿ノ台", code: "29209001", total: 6200, households: 2750, aged65Share: 0.43 },
  { name: "真弓", code: "29209002", total: 4800, households: 2050, aged65Share: 0.38 },
  { name: "白庭台", code: "29209003", total: 5600, households: 2000, aged65Share: 0.22 },
  { name: "萩の台", code: "29209004", total: 5100, households: 2200, aged65Share: 0.36 },
  { name: "さつき台", code: "29209005", total: 4300, households: 1850, aged65Share: 0.35 },
  { name: "生駒台", code: "29209006", total: 7400, households: 3200, aged65Share: 0.31 },
  { name: "ひかりが丘", code: "29209007", total: 3900, households: 1700, aged65Share: 0.34 },
  { name: "俵口", code: "29209008", total: 6800, households: 2900, aged65Share: 0.27 },
  { name: "中央", code: "29209009", total: 9200, households: 4600, aged65Share: 0.26 },
  { name: "東生駒", code: "29209010", total: 8700, households: 3900, aged65Share: 0.28 },
  { name: "西菜畑", code: "29209011", total: 5300, households: 2300, aged65Share: 0.29 },
  { name: "北小平尾", code: "29209012", total: 4600, households: 1950, aged65Share: 0.3 },
  { name: "壱分", code: "29209013", total: 6100, households: 2700, aged65Share: 0.29 },
  { name: "南生駒", code: "29209014", total: 5800, households: 2500, aged65Share: 0.33 },
  { name: "高山", code: "29209015", total: 3300, households: 1400, aged65Share: 0.41 },
  { name: "北田原", code: "29209016", total: 2100, households: 900, aged65Share: 0.37 },
] as const;

// Relative sizes of the bands under 65 (fewer in their twenties, who leave for the cities) and
// of the bands from 65 (most in their seventies); men's share of each (women live longer).
const youngerWeights = [3.4, 3.9, 4.3, 4.4, 3.3, 3.2, 3.7, 4.3, 5.0, 5.9, 5.8, 5.4, 5.6];
const olderWeights = [0.22, 0.27, 0.22, 0.15, 0.14];
const menShare = [0.51, 0.51, 0.51, 0.51, 0.5, 0.5, 0.49, 0.49, 0.49, 0.49, 0.48, 0.48, 0.48, 0.47, 0.46, 0.44, 0.4, 0.3];

/** Splits `total` over `weights`, rounding so the parts add up exactly. */
function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const parts = weights.map((w) => Math.floor((total * w) / sum));
  let left = total - parts.reduce((a, b) => a + b, 0);
  for (let i = 0; left > 0; i = (i + 1) % parts.length, left--) parts[i] = (parts[i] ?? 0) + 1;
  return parts;
}

/** A district's men and women by band (18 each): deterministic, adding up to its total. */
export function demoBands(total: number, aged65Share: number): { male: number[]; female: number[] } {
  const older = Math.round(total * aged65Share);
  const bands = [...apportion(total - older, youngerWeights), ...apportion(older, olderWeights)];
  const male = bands.map((n, i) => Math.round(n * (menShare[i] ?? 0.5)));
  return { male, female: bands.map((n, i) => n - (male[i] ?? 0)) };
}

/** The demo figures as the 推奨データセット's file: header and rows. */
export function demoPopulationTable(): { header: string[]; rows: string[][] } {
  const header = ["都道府県コード又は市区町村コード", "地域コード", "都道府県名", "市区町村名", "調査年月日", "地域名", "総人口", "男性", "女性", ...ageBands.flatMap((_, i) => [maleBandColumns[i] ?? "", femaleBandColumns[i] ?? ""]), "世帯数", "備考"];
  const rows = demoPopulation.map((d) => {
    const { male, female } = demoBands(d.total, d.aged65Share);
    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
    return [
      "292095",
      d.code,
      "奈良県",
      "生駒市",
      DEMO_POPULATION_AS_OF,
      d.name,
      String(d.total),
      String(sum(male)),
      String(sum(female)),
      ...ageBands.flatMap((_, i) => [String(male[i] ?? 0), String(female[i] ?? 0)]),
      String(d.households),
      "デモ用の架空の数値",
    ];
  });
  return { header, rows };
}

/** Loads the demo populations (and 地域コード) through the staff import, unless any district has a population. */
export async function seedDemoPopulation(db: Db): Promise<number> {
  const [loaded] = await db.select({ n: count() }).from(districtPopulations);
  if ((loaded?.n ?? 0) > 0) return 0;
  const staff = (await findUserByEmail(db, "staff@example.jp")) ?? (await findUserByEmail(db, "admin@example.jp"));
  if (!staff) return 0;
  const { header, rows } = demoPopulationTable();
  const table: ImportTable = { header, rows: rows.map((cells, i) => ({ line: i + 2, cells })) };
  const actor = { userId: staff.id };
  const preview = await previewPopulationImport(db, actor, { table, options: { asOf: null } });
  const result = await confirmPopulationImport(db, actor, { payload: preview.payload, digest: preview.digest, options: { asOf: null } });
  if (!result.ok) throw new Error(`demo population not loaded: ${JSON.stringify(result.preview.fileErrors.concat(result.preview.rows.flatMap((r) => r.errors)))}`);
  return result.counts.new + result.counts.update;
}
