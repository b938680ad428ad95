import type { Db } from "~/lib/db.server";
import { customPeriod, fiscalYearPeriod, type Period } from "~/lib/metrics/periods";
import type { ShownFigure } from "~/lib/metrics/suppression";
import { hubMonthTable, hubThisMonth, indicatorTable, stageMoveTable, type MetricFilters } from "~/services/metrics.server";
import { hubMonthCsv, indicatorCsv } from "~/services/metrics-export.server";

/**
 * Every figure the product publishes about a small city, as an attacker collects them: the
 * staff dashboard's indicator table and per-hub table for every filter value and every pair of
 * filters, for the 年度, each month and each run of months, both CSVs, and the public hub page
 * for each hub and month. Each view records which cells (hub × category × month) it adds up, so a
 * solver can use it as an equation.
 */
export interface CityShape {
  fiscalYear: number;
  /** First days of the months with data, YYYY-MM-01, in order. */
  months: string[];
  hubs: { id: number; districtId: number; kindId: number; associationIds: number[] }[];
  categoryIds: number[];
}

export interface View {
  key: string;
  /** The cells it adds up: `${hubId}|${categoryId}|${month}`. */
  cells: string[];
  figure: ShownFigure;
}

export interface Published {
  /** Everything, in one text: two cities that publish the same text are indistinguishable. */
  text: string;
  /** The participant figures that are sums of cells. */
  views: View[];
}

function filterSets(city: CityShape): MetricFilters[] {
  const districts = [...new Set(city.hubs.map((h) => h.districtId))];
  const kinds = [...new Set(city.hubs.map((h) => h.kindId))];
  const associations = [...new Set(city.hubs.flatMap((h) => h.associationIds))];
  const single: MetricFilters[] = [
    ...districts.map((districtId) => ({ districtId })),
    ...kinds.map((kindId) => ({ kindId })),
    ...associations.map((associationId) => ({ associationId })),
    ...city.categoryIds.map((categoryId) => ({ categoryId })),
  ];
  const pairs: MetricFilters[] = [];
  for (let i = 0; i < single.length; i++) {
    for (let j = i + 1; j < single.length; j++) {
      const merged = { ...single[i], ...single[j] };
      if (Object.keys(merged).length === 2) pairs.push(merged);
    }
  }
  return [{}, ...single, ...pairs];
}

/** The 年度, each month, and runs of months: all months, and each two adjacent months. */
function periods(city: CityShape): Period[] {
  const lastDay = (month: string) => {
    const [y, m] = month.split("-").map(Number);
    return new Date(Date.UTC(y ?? 0, m ?? 0, 0)).toISOString().slice(0, 10);
  };
  const runs: [number, number][] = city.months.map((_, i) => [i, i]);
  for (let i = 0; i + 1 < city.months.length; i++) runs.push([i, i + 1]);
  runs.push([0, city.months.length - 1]);
  const list = runs.map(([i, j]) => customPeriod(city.months[i] ?? "", lastDay(city.months[j] ?? "")));
  return [fiscalYearPeriod(city.fiscalYear), ...list.filter((p): p is Period => p !== null)];
}

function monthsOf(period: Period, city: CityShape): string[] {
  return city.months.filter((m) => m >= period.from && m < period.to);
}

function cellsOf(city: CityShape, filters: MetricFilters, months: string[], hubIds?: number[]): string[] {
  const hubs = city.hubs.filter(
    (h) =>
      (hubIds === undefined || hubIds.includes(h.id)) &&
      (filters.districtId === undefined || h.districtId === filters.districtId) &&
      (filters.kindId === undefined || h.kindId === filters.kindId) &&
      (filters.associationId === undefined || h.associationIds.includes(filters.associationId)),
  );
  const categories = filters.categoryId === undefined ? city.categoryIds : [filters.categoryId];
  return hubs.flatMap((h) => categories.flatMap((c) => months.map((m) => `${h.id}|${c}|${m}`)));
}

export async function collectPublished(db: Db, city: CityShape): Promise<Published> {
  const lines: string[] = [];
  const views: View[] = [];
  const add = (key: string, figure: ShownFigure | null, cells: string[] | null) => {
    lines.push(`${key} = ${figure ? `${figure.text} (${figure.csv})` : "未集計"}`);
    if (figure && cells) views.push({ key, cells, figure });
  };
  for (const filters of filterSets(city)) {
    const name = JSON.stringify(filters);
    for (const period of periods(city)) {
      const months = monthsOf(period, city);
      const at = `${name} ${period.from}…${period.to}`;
      const rows = await indicatorTable(db, period, filters);
      for (const row of rows) add(`indicator ${row.code} ${at}`, row.figure, row.code === "participants" ? cellsOf(city, filters, months) : null);
      const stages = await stageMoveTable(db, period, filters, rows);
      lines.push(indicatorCsv(rows, period, "ja", stages));
      const table = await hubMonthTable(db, period, filters, { pageSize: null });
      lines.push(`hub order ${at}: ${table.hubs.map((h) => h.hubId).join(",")} of ${table.totalHubs}`);
      for (const hub of table.hubs) {
        hub.participants.forEach((figure, j) => add(`cell ${hub.hubId} ${table.months[j]} ${at}`, figure, cellsOf(city, filters, [table.months[j] ?? ""], [hub.hubId])));
        add(`row ${hub.hubId} ${at}`, hub.participantsTotal, cellsOf(city, filters, months, [hub.hubId]));
      }
      const listed = table.hubs.map((h) => h.hubId);
      table.participantsColumnTotals.forEach((figure, j) => add(`column ${table.months[j]} ${at}`, figure, cellsOf(city, filters, [table.months[j] ?? ""], listed)));
      add(`grand ${at}`, table.participantsGrandTotal, cellsOf(city, filters, months, listed));
      lines.push(hubMonthCsv(table, period));
    }
  }
  // The public hub page, for each hub in each month.
  for (const hub of city.hubs) {
    for (const month of city.months) {
      const shown = await hubThisMonth(db, hub.id, new Date(`${month}T12:00:00+09:00`));
      add(`public ${hub.id} ${month}`, shown?.participants ?? null, cellsOf(city, {}, [month], [hub.id]));
    }
  }
  return { text: lines.join("\n"), views };
}

/**
 * A differencing attacker: takes every published number as the exact sum of its cells and solves
 * the whole system by exact (rational) elimination. Returns each cell whose value the equations
 * pin down to a single number.
 */
export async function solveCells(views: View[]): Promise<Map<string, number>> {
  const cells = [...new Set(views.flatMap((v) => v.cells))].sort();
  const column = new Map(cells.map((c, i) => [c, i]));
  const rows: bigint[][] = [];
  const seen = new Set<string>();
  for (const view of views) {
    if (view.figure.value === null || !Number.isInteger(view.figure.value)) continue;
    const equation = `${[...view.cells].sort().join(",")}=${view.figure.value}`;
    if (seen.has(equation)) continue;
    seen.add(equation);
    const row = Array.from({ length: cells.length + 1 }, () => 0n);
    for (const cell of view.cells) {
      const i = column.get(cell);
      if (i !== undefined) row[i] = (row[i] ?? 0n) + 1n;
    }
    row[cells.length] = BigInt(view.figure.value);
    rows.push(row);
  }
  // Fraction-free Gauss–Jordan elimination.
  const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? (a < 0n ? -a : a) : gcd(b, a % b));
  const pivots: { row: number; col: number }[] = [];
  let r = 0;
  for (let c = 0; c < cells.length && r < rows.length; c++) {
    // Let the test worker answer its runner between columns (a long busy loop times its RPC out).
    await new Promise((resolve) => setImmediate(resolve));
    const p = rows.findIndex((row, i) => i >= r && row[c] !== 0n);
    if (p < 0) continue;
    [rows[r], rows[p]] = [rows[p] as bigint[], rows[r] as bigint[]];
    const pivotRow = rows[r] as bigint[];
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] as bigint[];
      if (i === r || row[c] === 0n) continue;
      const f = row[c] as bigint;
      const q = pivotRow[c] as bigint;
      let g = 0n;
      for (let k = 0; k <= cells.length; k++) {
        row[k] = (row[k] as bigint) * q - (pivotRow[k] as bigint) * f;
        g = gcd(g, row[k] as bigint);
      }
      if (g > 1n) for (let k = 0; k <= cells.length; k++) row[k] = (row[k] as bigint) / g;
    }
    pivots.push({ row: r, col: c });
    r++;
  }
  const solved = new Map<string, number>();
  for (const { row, col } of pivots) {
    const values = rows[row] as bigint[];
    const alone = values.every((v, k) => k === col || k === cells.length || v === 0n);
    if (alone) solved.set(cells[col] ?? "", Number(values[cells.length]) / Number(values[col]));
  }
  return solved;
}
