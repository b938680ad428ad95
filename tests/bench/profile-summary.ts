// Summarises a V8 CPU profile (.cpuprofile, from `node --cpu-prof`): the functions and the
// packages with the most self time. `tsx tests/bench/profile-summary.ts FILE [--top=25]`
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const file = process.argv[2];
if (!file) throw new Error("usage: tsx tests/bench/profile-summary.ts FILE.cpuprofile [--top=25]");
const top = Number(process.argv.find((a) => a.startsWith("--top="))?.split("=")[1] ?? 25);
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map<number, number>();
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

/** Where a frame's code lives: a package, our bundle, Node itself, or V8 and native code (GC, socket writes). */
function placeOf(url: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1] ?? url;
  if (url.includes("/build/index.js")) return "app (build/index.js)";
  if (url.startsWith("node:")) return "node:" + (url.split(":")[1]?.split("/")[0] ?? "");
  return url === "" ? "(native)" : url;
}

const functions = new Map<string, number>();
const places = new Map<string, number>();
let total = 0;
let idle = 0;
for (const [id, micros] of self) {
  const node = byId.get(id);
  if (!node) continue;
  const { functionName, url, lineNumber } = node.callFrame;
  total += micros;
  if (functionName === "(idle)") {
    idle += micros;
    continue;
  }
  const name = `${functionName || "(anonymous)"}  ${placeOf(url)}${url && !url.startsWith("node:") ? `:${lineNumber + 1}` : ""}`;
  functions.set(name, (functions.get(name) ?? 0) + micros);
  places.set(placeOf(url), (places.get(placeOf(url)) ?? 0) + micros);
}
const busy = total - idle;
const pct = (micros: number) => `${((micros / busy) * 100).toFixed(1)} %`;
console.log(`${file}: ${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy (idle excluded from the shares)\n`);
console.log("| self time (share of busy) | function | where |\n|---|---|---|");
for (const [name, micros] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, top)) {
  const [fn, where] = name.split("  ");
  console.log(`| ${pct(micros)} | \`${fn}\` | ${where} |`);
}
console.log("\n| self time (share of busy) | package |\n|---|---|");
for (const [place, micros] of [...places].sort((a, b) => b[1] - a[1]).slice(0, 15)) {
  console.log(`| ${pct(micros)} | ${place} |`);
}
