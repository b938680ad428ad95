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
 * A count of people as published (ADR 023): the exact sum of a view's cells (hub × category ×
 * month), with each cell of 1–2 people counted as the 0 or 3 its identity chose (SQL
 * `published_count`). `smallCells` and `smallSum` are the view's cells of 1–2 and their exact
 * sum. A view made only of such cells shows 「(2k+1)未満」 (k cells of 1–2 hold fewer than 2k+1
 * people), which depends on how many there are, not on their values; otherwise the adjusted sum.
 */
export interface PeopleSum {
  exact: number;
  /** The sum of (published − exact) over the view's cells of 1–2 people. */
  adjustment: number;
  smallCells: number;
  smallSum: number;
}

export function showPeople(sum: PeopleSum): ShownFigure {
  if (sum.smallCells > 0 && sum.exact === sum.smallSum) {
    const limit = 2 * sum.smallCells + 1;
    return { value: null, hidden: "small", text: `${limit}未満`, csv: `<${limit}` };
  }
  return show(sum.exact + sum.adjustment, "none");
}

export const noPeople: PeopleSum = { exact: 0, adjustment: 0, smallCells: 0, smallSum: 0 };

export function addPeople(a: PeopleSum, b: PeopleSum): PeopleSum {
  return { exact: a.exact + b.exact, adjustment: a.adjustment + b.adjustment, smallCells: a.smallCells + b.smallCells, smallSum: a.smallSum + b.smallSum };
}

/**
 * Across filters: a filtered figure is hidden when it differs from a figure shown for a wider
 * selection (all hubs, or the filter with one condition dropped) by a small count, since
 * "all" minus "all but one hub" would otherwise reveal that hub's small figure.
 */
export function differsBySmallCount(filtered: number, references: readonly number[], sensitivity: Sensitivity): boolean {
  return references.some((reference) => isSmall(Math.abs(reference - filtered), sensitivity));
}

/**
 * A partition published with its total: the city and each district of it (ADR 023). Parts that
 * are never shown (`shown: false`, e.g. people without a district) are unknowns as much as hidden
 * ones. A part of 1 to threshold−1 is hidden; then, while the parts and the total leave exactly
 * one unknown, or what is known pins a hidden part to one value (a reader knows a 「10未満」 is
 * 1–9 and a 「秘匿」 is 0 or at least 10), the smallest part that frees it is hidden too.
 */
export function protectPartition(parts: { value: number; shown: boolean }[], total: number, sensitivity: Exclude<Sensitivity, "none">): { parts: Hidden[]; total: Hidden } {
  const t = THRESHOLDS[sensitivity];
  const hidden: Hidden[] = parts.map((p) => (p.shown && isSmall(p.value, sensitivity) ? "small" : false));
  let totalHidden: Hidden = isSmall(total, sensitivity) ? "small" : false;
  const unknown = (i: number) => hidden[i] !== false || !parts[i]?.shown;
  for (;;) {
    const unknowns = parts.filter((_, i) => unknown(i)).length + (totalHidden === false ? 0 : 1);
    if (unknowns === 0 || (unknowns > 1 && !pinned(parts, hidden, total, totalHidden, t))) break;
    // Prefer a part large enough that it cannot be told from the small one by its bounds.
    const candidates = parts
      .map((p, i) => ({ value: p.value, i }))
      .filter(({ i }) => !unknown(i))
      .sort((a, b) => Number(a.value < 2 * (t - 1)) - Number(b.value < 2 * (t - 1)) || Number(a.value === 0) - Number(b.value === 0) || a.value - b.value);
    const partner = candidates[0];
    if (partner) hidden[partner.i] = "complementary";
    else if (totalHidden === false) totalHidden = "complementary";
    else break;
  }
  return { parts: hidden, total: totalHidden };
}

/**
 * Whether a reader who knows the shown parts and total can pin a hidden part to one value: the
 * hidden and unshown parts add up to the total less the shown ones, each within what its mark
 * says (「○未満」 1..t−1, 「秘匿」 0 or ≥ t, never shown: ≥ 0). Enumerated: partitions are small.
 */
function pinned(parts: { value: number; shown: boolean }[], hidden: Hidden[], total: number, totalHidden: Hidden, t: number): boolean {
  if (totalHidden !== false) return false;
  const rest = total - parts.reduce((a, p, i) => a + (p.shown && hidden[i] === false ? p.value : 0), 0);
  const domains = parts
    .map((p, i) => ({ p, h: hidden[i] }))
    .filter(({ p, h }) => h !== false || !p.shown)
    .map(({ p, h }) => Array.from({ length: rest + 1 }, (_, v) => v).filter((v) => (!p.shown ? true : h === "small" ? v >= 1 && v < t : v === 0 || v >= t)));
  // reachable[k][s]: the first k unknowns can sum to s; then each value of each unknown is
  // possible when the others can make up the rest.
  const sums = (list: number[][]) => list.reduce<Set<number>>((acc, d) => new Set([...acc].flatMap((s) => d.map((v) => s + v)).filter((s) => s <= rest)), new Set([0]));
  return domains.some((domain, k) => {
    const others = sums(domains.filter((_, j) => j !== k));
    return domain.filter((v) => others.has(rest - v)).length === 1;
  });
}
