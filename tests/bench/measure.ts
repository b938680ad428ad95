import { performance } from "node:perf_hooks";

export interface Measurement {
  name: string;
  runs: number;
  p50ms: number;
  p95ms: number;
  maxms: number;
  note?: string;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? 0;
}

/** Runs `fn` `warmup` times unmeasured, then `runs` times, and reports percentiles. */
export async function measure(name: string, runs: number, fn: (i: number) => Promise<unknown>, warmup = 5): Promise<Measurement> {
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
  const header = ["case", "runs", "p50 ms", "p95 ms", "max ms", "note"];
  const body = rows.map((r) => [r.name, String(r.runs), r.p50ms.toFixed(2), r.p95ms.toFixed(2), r.maxms.toFixed(2), r.note ?? ""]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => (row[i] ?? "").length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const row of body) console.log(line(row));
}
