import { performance } from "node:perf_hooks";

export interface Measurement {
  name: string;
  runs?: number;
  p50ms?: number;
  p95ms: number;
  maxms?: number;
  /** Load cases (autocannon): requests per second, and ratios to the bare node:http server. */
  reqPerSec?: number;
  reqPerSecRatio?: number;
  p95Ratio?: number;
  note?: string;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? 0;
}

/** Runs `fn` `warmup` times unmeasured, then `runs` times, and reports percentiles. */
export async function measure(
  name: string,
  runs: number,
  fn: (i: number) => Promise<unknown>,
  warmup = 5,
): Promise<Required<Pick<Measurement, "name" | "runs" | "p50ms" | "p95ms" | "maxms">>> {
  for (let i = 0; i < warmup; i++) await fn(i);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn(i);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { name, runs, p50ms: percentile(times, 50), p95ms: percentile(times, 95), maxms: times[times.length - 1] ?? 0 };
}

/** A progress line that rewrites itself on a terminal and prints plainly in CI logs. */
export function progress(label: string) {
  const started = performance.now();
  const tty = process.stdout.isTTY;
  return {
    update(done: number, total: number) {
      const line = `  ${label}: ${done.toLocaleString("en")} / ${total.toLocaleString("en")} (${((performance.now() - started) / 1000).toFixed(1)} s)`;
      if (tty) process.stdout.write(`\r${line}`);
      else if (done === total || done % Math.max(1, Math.floor(total / 4)) === 0) console.log(line);
    },
    done() {
      const seconds = (performance.now() - started) / 1000;
      if (tty) process.stdout.write("\n");
      return seconds;
    },
  };
}

export function printTable(rows: Measurement[]) {
  const fixed = (n: number | undefined, digits = 2) => (n === undefined ? "" : n.toFixed(digits));
  const columns: { header: string; cell: (r: Measurement) => string; load?: boolean }[] = [
    { header: "case", cell: (r) => r.name },
    { header: "runs", cell: (r) => (r.runs === undefined ? "" : String(r.runs)) },
    { header: "req/s", cell: (r) => fixed(r.reqPerSec, 0), load: true },
    { header: "p50 ms", cell: (r) => fixed(r.p50ms) },
    { header: "p95 ms", cell: (r) => fixed(r.p95ms) },
    { header: "max ms", cell: (r) => fixed(r.maxms) },
    // Ratios to the bare node:http server measured in the same run: steadier than the figures.
    { header: "req/s ÷ bare", cell: (r) => fixed(r.reqPerSecRatio, 3), load: true },
    { header: "p95 ÷ bare", cell: (r) => fixed(r.p95Ratio, 1), load: true },
    { header: "note", cell: (r) => r.note ?? "" },
  ];
  // The load columns appear only when a row has them, so query-only runs print as before.
  const shown = columns.filter((c) => !c.load || rows.some((r) => c.cell(r) !== ""));
  const body = rows.map((r) => shown.map((c) => c.cell(r)));
  const widths = shown.map((c, i) => Math.max(c.header.length, ...body.map((row) => (row[i] ?? "").length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  console.log(line(shown.map((c) => c.header)));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const row of body) console.log(line(row));
}
