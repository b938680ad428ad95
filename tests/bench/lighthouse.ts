// `npm run lighthouse`: Lighthouse's mobile preset (a mid-range phone on a slow 4G link,
// simulated) on `/` and a hub page of the BUILT server (`npm run build` first), with the demo
// data on a fresh embedded database. Prints performance and accessibility per page and exits 1
// when performance < 90 or accessibility < 100 on any of them. On a phone the map mounts only
// when scrolled to, so each page also gets one desktop-preset accessibility run, with the map
// and its markers on screen, which must be 100 too. Not part of `npm test`: ~2 min.
//   npm run lighthouse [-- --runs=3 --port=4320 --report=dir]
// Chromium: CHROME_PATH, else /usr/bin/chromium. Map tiles come from MAP_TILE_URL (by default
// tile.openstreetmap.org); their host is blocked so scores never depend on a tile server (on a
// closed network the requests would fail anyway).
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import * as chromeLauncher from "chrome-launcher";
import lighthouse, { desktopConfig, generateReport } from "lighthouse";
import { startServerOnTemporaryDatabase } from "../server/built-server";

const THRESHOLDS = { performance: 90, accessibility: 100 } as const;

function option(name: string, fallback: string): string {
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? fallback;
}

const runs = Number(option("runs", "3"));
const port = Number(option("port", "4320"));
const reportDir = option("report", "");
const chromePath = process.env.CHROME_PATH ?? "/usr/bin/chromium";
// The tile server's host, as the app would ask it for tiles (default in app/lib/env.server.ts).
const tileUrl = process.env.MAP_TILE_URL ?? "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
const tileHost = new URL(tileUrl.replace(/\{[^}]+\}/g, "0")).host;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)] ?? 0;

console.log("Starting the built server on a fresh embedded database with the demo data…");
const server = await startServerOnTemporaryDatabase({ demo: true, port });
const chrome = await chromeLauncher.launch({
  chromePath,
  chromeFlags: [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
  ],
});

const pages = [
  { name: "/", path: "/" },
  { name: "/hubs/1", path: "/hubs/1" },
];
const failures: string[] = [];
const lines: string[] = [];
try {
  for (const page of pages) {
    const scores: { performance: number; accessibility: number; metrics: Record<string, string> }[] = [];
    for (let run = 1; run <= runs; run++) {
      const result = await lighthouse(`${server.url}${page.path}`, {
        port: chrome.port,
        output: "json",
        logLevel: "error",
        onlyCategories: ["performance", "accessibility"],
        blockedUrlPatterns: [`*${tileHost}*`],
      });
      if (!result) throw new Error(`Lighthouse returned nothing for ${page.path}`);
      const { lhr } = result;
      if (lhr.runtimeError) throw new Error(`${page.path}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
      const score = (id: string) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
      const metric = (id: string) => lhr.audits[id]?.displayValue ?? "";
      scores.push({
        performance: score("performance"),
        accessibility: score("accessibility"),
        metrics: {
          FCP: metric("first-contentful-paint"),
          LCP: metric("largest-contentful-paint"),
          TBT: metric("total-blocking-time"),
          CLS: metric("cumulative-layout-shift"),
          SI: metric("speed-index"),
        },
      });
      console.log(`  ${page.name} run ${run}: performance ${score("performance")}, accessibility ${score("accessibility")}`);
      // What keeps a score down, so the cause can be fixed rather than guessed.
      for (const [id, audit] of Object.entries(lhr.audits)) {
        const inAccessibility = lhr.categories.accessibility?.auditRefs.some((ref) => ref.id === id && ref.weight > 0);
        if (inAccessibility && audit.score !== null && audit.score < 1) console.log(`    accessibility: ${id}: ${audit.title}`);
      }
      if (run === runs && reportDir) {
        await mkdir(reportDir, { recursive: true });
        const file = path.join(reportDir, `lighthouse${page.path.replace(/\W+/g, "-")}.html`);
        await writeFile(file, generateReport(lhr, "html"));
        console.log(`    report: ${file}`);
      }
    }
    // The desktop preset: the map is in view, so its markers are audited too.
    const desktop = await lighthouse(
      `${server.url}${page.path}`,
      // network-requests says whether the map's chunk loaded, i.e. whether the markers were audited.
      { port: chrome.port, output: "json", logLevel: "error", onlyCategories: ["accessibility"], onlyAudits: ["network-requests"], blockedUrlPatterns: [`*${tileHost}*`] },
      desktopConfig,
    );
    const desktopLhr = desktop?.lhr;
    const mapShown = JSON.stringify(desktopLhr?.audits["network-requests"]?.details ?? {}).includes("hub-map.client");
    const desktopAccessibility = Math.round((desktopLhr?.categories.accessibility?.score ?? 0) * 100);
    console.log(`  ${page.name} desktop: accessibility ${desktopAccessibility}${mapShown ? " (with the map)" : " (the map did not load)"}`);
    for (const [id, audit] of Object.entries(desktopLhr?.audits ?? {})) {
      const inAccessibility = desktopLhr?.categories.accessibility?.auditRefs.some((ref) => ref.id === id && ref.weight > 0);
      if (inAccessibility && audit.score !== null && audit.score < 1) console.log(`    accessibility (desktop): ${id}: ${audit.title}`);
    }
    if (desktopAccessibility < THRESHOLDS.accessibility) {
      failures.push(`${page.name}: accessibility on the desktop preset ${desktopAccessibility} < ${THRESHOLDS.accessibility}`);
    }
    if (!mapShown) failures.push(`${page.name}: the map did not load on the desktop preset, so its accessibility was not audited`);

    const performance = median(scores.map((s) => s.performance));
    const accessibility = median(scores.map((s) => s.accessibility));
    const typical = scores.find((s) => s.performance === performance) ?? scores[0];
    const metrics = Object.entries(typical?.metrics ?? {}).map(([k, v]) => `${k} ${v}`).join(", ");
    lines.push(
      `| ${page.name.padEnd(8)} | ${String(performance).padStart(11)} | ${String(accessibility).padStart(13)} | ${String(desktopAccessibility).padStart(21)} | ${metrics} |`,
    );
    if (performance < THRESHOLDS.performance) failures.push(`${page.name}: performance ${performance} < ${THRESHOLDS.performance}`);
    if (accessibility < THRESHOLDS.accessibility) failures.push(`${page.name}: accessibility ${accessibility} < ${THRESHOLDS.accessibility}`);
  }
} finally {
  chrome.kill();
  await server.stop();
}

console.log(`\nLighthouse ${runs > 1 ? `(median of ${runs} runs) ` : ""}mobile preset, tiles from ${tileHost} blocked:\n`);
console.log("| page     | performance | accessibility | accessibility desktop | metrics (the median run) |");
console.log("|----------|-------------|---------------|-----------------------|--------------------------|");
for (const line of lines) console.log(line);
if (failures.length > 0) {
  console.error(`\nBelow the thresholds:\n  ${failures.join("\n  ")}`);
  process.exitCode = 1;
}
