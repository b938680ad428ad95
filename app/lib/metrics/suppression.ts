/**
 * Small-count rules of INDICATORS.md. Applied on the server before any figure leaves it, so a
 * hidden number never reaches the browser or a CSV.
 *
 * - "support": figures derived from 参加支援 records; 1–9 is shown as 「10未満」 / `<10`.
 * - "people": other counts of people in a cell; 1–2 is shown as 「3未満」 / `<3`.
 * - "none": counts of hubs, sessions, hours; never hidden.
 * Zero is always shown as 0. A cell hidden only to protect another (complementary suppression)
 * is shown as 「秘匿」 / `x`, so nobody reads it as a small count.
 */
export type Sensitivity = "support" | "people" | "none";

export const THRESHOLDS: Record<Exclude<Sensitivity, "none">, number> = { support: 10, people: 3 };

export type Hidden = false | "small" | "complementary";

export interface ShownFigure {
  /** The number, or null when it is hidden. */
  value: number | null;
  hidden: Hidden;
  /** What the page shows. */
  text: string;
  /** What the CSV holds. */
  csv: string;
}

export function isSmall(value: number, sensitivity: Sensitivity): boolean {
  if (sensitivity === "none") return false;
  return value >= 1 && value < THRESHOLDS[sensitivity];
}

function format(value: number): string {
  return Number.isInteger(value) ? value.toLocaleString("ja-JP") : value.toLocaleString("ja-JP", { maximumFractionDigits: 1 });
}

export function show(value: number, sensitivity: Sensitivity, hidden: Hidden = isSmall(value, sensitivity) ? "small" : false): ShownFigure {
  if (hidden === "complementary") return { value: null, hidden, text: "秘匿", csv: "x" };
  if (hidden === "small") {
    const limit = sensitivity === "support" ? 10 : 3;
    return { value: null, hidden, text: `${limit}未満`, csv: `<${limit}` };
  }
  return { value, hidden: false, text: format(value), csv: String(Number.isInteger(value) ? value : Math.round(value * 10) / 10) };
}

/**
 * A table whose rows and columns each show a total. Returns which cells and totals to hide so
 * that no row or column equation (cells sum to the total) has exactly one unknown: a single
 * small cell takes the next smallest cell of its row or column with it, repeated until stable.
 */
export function suppressTable(
  cells: number[][],
  sensitivity: Sensitivity,
): { cells: Hidden[][]; rowTotals: Hidden[]; columnTotals: Hidden[]; grandTotal: Hidden } {
  const rows = cells.length;
  const cols = rows === 0 ? 0 : (cells[0]?.length ?? 0);
  const rowTotal = cells.map((r) => r.reduce((a, b) => a + b, 0));
  const colTotal = Array.from({ length: cols }, (_, j) => cells.reduce((a, r) => a + (r[j] ?? 0), 0));
  const grand = rowTotal.reduce((a, b) => a + b, 0);
  const small = (v: number): Hidden => (isSmall(v, sensitivity) ? "small" : false);
  const hidden: Hidden[][] = cells.map((r) => r.map(small));
  const rowHidden: Hidden[] = rowTotal.map(small);
  const colHidden: Hidden[] = colTotal.map(small);
  let grandHidden: Hidden = small(grand);

  // Each equation: a list of [get, set, value] items whose values sum to zero (cells − total).
  type Item = { value: number; isHidden: () => boolean; hide: () => void; isTotal: boolean };
  const cellItem = (i: number, j: number): Item => ({
    value: cells[i]?.[j] ?? 0,
    isHidden: () => hidden[i]?.[j] !== false,
    hide: () => {
      const row = hidden[i];
      if (row) row[j] = "complementary";
    },
    isTotal: false,
  });
  const equations: Item[][] = [];
  for (let i = 0; i < rows; i++) {
    equations.push([
      ...Array.from({ length: cols }, (_, j) => cellItem(i, j)),
      { value: rowTotal[i] ?? 0, isHidden: () => rowHidden[i] !== false, hide: () => (rowHidden[i] = "complementary"), isTotal: true },
    ]);
  }
  for (let j = 0; j < cols; j++) {
    equations.push([
      ...Array.from({ length: rows }, (_, i) => cellItem(i, j)),
      { value: colTotal[j] ?? 0, isHidden: () => colHidden[j] !== false, hide: () => (colHidden[j] = "complementary"), isTotal: true },
    ]);
  }
  const grandItem: Item = {
    value: grand,
    isHidden: () => grandHidden !== false,
    hide: () => (grandHidden = "complementary"),
    isTotal: true,
  };
  equations.push([
    ...Array.from({ length: rows }, (_, i) => equations[i]?.[cols] as Item),
    grandItem,
  ]);
  equations.push([
    ...Array.from({ length: cols }, (_, j) => equations[rows + j]?.[rows] as Item),
    grandItem,
  ]);

  let changed = true;
  while (changed) {
    changed = false;
    for (const equation of equations) {
      const unknown = equation.filter((item) => item.isHidden());
      if (unknown.length !== 1) continue;
      // The next smallest cell goes with it; prefer a non-zero one, and a cell over a total.
      const candidates = equation
        .filter((item) => !item.isHidden())
        .sort((a, b) => Number(a.isTotal) - Number(b.isTotal) || Number(a.value === 0) - Number(b.value === 0) || a.value - b.value);
      const partner = candidates[0];
      if (partner) {
        partner.hide();
        changed = true;
      }
    }
  }
  return { cells: hidden, rowTotals: rowHidden, columnTotals: colHidden, grandTotal: grandHidden };
}

/**
 * Across filters: a filtered figure is hidden when it differs from a figure shown for a wider
 * selection (all hubs, or the filter with one condition dropped) by a small count, since
 * "all" minus "all but one hub" would otherwise reveal that hub's small figure.
 */
export function differsBySmallCount(filtered: number, references: readonly number[], sensitivity: Sensitivity): boolean {
  return references.some((reference) => isSmall(Math.abs(reference - filtered), sensitivity));
}
