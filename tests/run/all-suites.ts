import { spawn } from "node:child_process";

/**
 * `npm test`'s last step: vitest and Playwright side by side. Playwright mostly waits on its
 * browser and server (a third of its wall time is CPU), vitest mostly computes, so on CI's two
 * cores the pair takes little more than the longer of the two instead of their sum. Each line
 * is prefixed with its suite; the run fails when either does, after both have finished.
 * Playwright (its server and browser too) runs at a lower priority: it waits on deadlines of a
 * minute, while a database test on the embedded PGlite computes synchronously in its worker, and
 * a worker kept off the CPU for a minute loses its line to the runner ("Timeout calling
 * onTaskUpdate").
 */
const suites = [
  { name: "vitest", command: "npx", args: ["vitest", "run"] },
  { name: "e2e", command: "nice", args: ["-n", "10", "npx", "playwright", "test"] },
];

function run(suite: (typeof suites)[number]): Promise<{ name: string; code: number; seconds: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(suite.command, suite.args, { stdio: ["ignore", "pipe", "pipe"], env: process.env });
    for (const stream of [child.stdout, child.stderr]) {
      let pending = "";
      stream.on("data", (chunk: Buffer) => {
        const lines = (pending + chunk.toString("utf8")).split("\n");
        pending = lines.pop() ?? "";
        for (const line of lines) process.stdout.write(`[${suite.name}] ${line}\n`);
      });
      stream.on("end", () => pending && process.stdout.write(`[${suite.name}] ${pending}\n`));
    }
    child.on("close", (code) => resolve({ name: suite.name, code: code ?? 1, seconds: Math.round((Date.now() - started) / 1000) }));
  });
}

void Promise.all(suites.map(run)).then((results) => {
  for (const r of results) console.log(`== ${r.name}: ${r.code === 0 ? "passed" : `FAILED (exit ${r.code})`} in ${r.seconds} s`);
  process.exit(results.some((r) => r.code !== 0) ? 1 : 0);
});
