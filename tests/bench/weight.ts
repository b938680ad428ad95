// Page weight: the JavaScript and CSS a resident's first visit of `/` downloads, read from the
// HTML the built server renders (modulepreload, script and stylesheet links, the inline module
// script's imports) and gzipped at level 9 the way bundlers report sizes. The map's own chunk
// (Leaflet) is imported only when the map mounts: it is listed apart and outside the budget.
// Budgets and why: docs/performance.md ("Page weight"). Checked by tests/server/page-weight.test.ts.
import { gzipSync } from "node:zlib";

/** Gzipped kB (1 kB = 1,000 bytes) before the map loads; see docs/performance.md. */
export const PAGE_WEIGHT_BUDGET = { jsKb: 100, cssKb: 8 } as const;

export interface Asset {
  url: string;
  kind: "js" | "css";
  /** "initial": in the HTML, needed before the page is interactive; "map": when the map mounts. */
  phase: "initial" | "map";
  bytes: number;
  gzipBytes: number;
}

export interface PageWeight {
  path: string;
  htmlBytes: number;
  htmlGzipBytes: number;
  assets: Asset[];
  initial: { jsGzip: number; cssGzip: number };
  map: { jsGzip: number; cssGzip: number };
}

function attributes(tag: string): Record<string, string> {
  return Object.fromEntries([...tag.matchAll(/([\w-]+)="([^"]*)"/g)].map((m) => [m[1] ?? "", m[2] ?? ""]));
}

/** The JS and CSS URLs the document itself asks for. */
export function assetsInHtml(html: string): { js: string[]; css: string[] } {
  const js = new Set<string>();
  const css = new Set<string>();
  for (const [tag] of html.matchAll(/<link\b[^>]*>/g)) {
    const { rel, href } = attributes(tag);
    if (!href) continue;
    if (rel === "modulepreload") js.add(href);
    if (rel === "stylesheet") css.add(href);
  }
  for (const [tag] of html.matchAll(/<script\b[^>]*>/g)) {
    const { src } = attributes(tag);
    if (src) js.add(src);
  }
  // Remix's inline module script imports the route modules and the entry.
  for (const [, body = ""] of html.matchAll(/<script\b[^>]*type="module"[^>]*>([\s\S]*?)<\/script>/g)) {
    for (const m of body.matchAll(/(?:from\s*|import\s*\(?\s*)"([^"]+\.js)"/g)) if (m[1]) js.add(m[1]);
  }
  return { js: [...js], css: [...css] };
}

const staticImports = (code: string) => [...code.matchAll(/(?:from|import)\s*"(\/build\/[^"]+\.js)"/g)].map((m) => m[1] ?? "");
const dynamicImports = (code: string) => [...code.matchAll(/import\("(\/build\/[^"]+\.js)"\)/g)].map((m) => m[1] ?? "");

async function download(baseUrl: string, url: string): Promise<string> {
  // Identity encoding: the size is measured here, whatever the server would compress with.
  const response = await fetch(new URL(url, baseUrl), { headers: { "Accept-Encoding": "identity" } });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.text();
}

const gzipSize = (text: string) => gzipSync(Buffer.from(text), { level: 9 }).length;

/**
 * What a first visit of `path` downloads: the document's JS (with every module it imports
 * statically) and CSS, then the chunks its dynamic imports fetch when the map mounts.
 */
export async function measurePageWeight(baseUrl: string, path = "/"): Promise<PageWeight> {
  const response = await fetch(new URL(path, baseUrl));
  if (response.status !== 200) throw new Error(`${path}: HTTP ${response.status}`);
  const html = await response.text();
  const assets: Asset[] = [];
  const seen = new Set<string>();
  const code = new Map<string, string>();

  async function addJs(urls: string[], phase: Asset["phase"]): Promise<void> {
    const queue = [...urls];
    while (queue.length > 0) {
      const url = queue.shift() ?? "";
      if (seen.has(url)) continue;
      seen.add(url);
      const text = await download(baseUrl, url);
      code.set(url, text);
      assets.push({ url, kind: "js", phase, bytes: Buffer.byteLength(text), gzipBytes: gzipSize(text) });
      queue.push(...staticImports(text));
    }
  }

  const { js, css } = assetsInHtml(html);
  await addJs(js, "initial");
  for (const url of css) {
    const text = await download(baseUrl, url);
    seen.add(url);
    assets.push({ url, kind: "css", phase: "initial", bytes: Buffer.byteLength(text), gzipBytes: gzipSize(text) });
  }
  // Chunks behind import(): Remix's own route loader is `import(e.module)`, not a literal, so
  // what is left is the app's lazy components, on `/` the map.
  const lazy = [...code.values()].flatMap(dynamicImports);
  await addJs(lazy, "map");
  // Stylesheets named in the code but not linked by the document are added by a script later:
  // Leaflet's, when the map mounts (app/components/leaflet-css.ts).
  for (const text of [...code.values()]) {
    for (const [, href = ""] of text.matchAll(/"(\/build\/_assets\/[^"]+\.css)"/g)) {
      if (seen.has(href)) continue;
      seen.add(href);
      const css = await download(baseUrl, href);
      assets.push({ url: href, kind: "css", phase: "map", bytes: Buffer.byteLength(css), gzipBytes: gzipSize(css) });
    }
  }

  const sum = (phase: Asset["phase"], kind: Asset["kind"]) =>
    assets.filter((a) => a.phase === phase && a.kind === kind).reduce((total, a) => total + a.gzipBytes, 0);
  return {
    path,
    htmlBytes: Buffer.byteLength(html),
    htmlGzipBytes: gzipSize(html),
    assets,
    initial: { jsGzip: sum("initial", "js"), cssGzip: sum("initial", "css") },
    map: { jsGzip: sum("map", "js"), cssGzip: sum("map", "css") },
  };
}

const kb = (bytes: number) => (bytes / 1000).toFixed(1);

/** Lines saying what is over the budget; empty when within it. */
export function overBudget(weight: PageWeight, budget = PAGE_WEIGHT_BUDGET): string[] {
  const problems: string[] = [];
  if (weight.initial.jsGzip > budget.jsKb * 1000) {
    problems.push(`JavaScript before the map: ${kb(weight.initial.jsGzip)} kB gzipped, budget ${budget.jsKb} kB`);
  }
  if (weight.initial.cssGzip > budget.cssKb * 1000) {
    problems.push(`CSS before the map: ${kb(weight.initial.cssGzip)} kB gzipped, budget ${budget.cssKb} kB`);
  }
  return problems;
}

/** The per-file table and the totals against the budget. */
export function printPageWeight(weight: PageWeight, budget = PAGE_WEIGHT_BUDGET): void {
  const rows = [...weight.assets].sort((a, b) => (a.phase === b.phase ? b.gzipBytes - a.gzipBytes : a.phase === "initial" ? -1 : 1));
  const width = Math.max(...rows.map((r) => r.url.length), 20);
  console.log(`| ${"file".padEnd(width)} | when    | kB     | kB gz  |`);
  console.log(`|${"-".repeat(width + 2)}|---------|--------|--------|`);
  for (const r of rows) {
    const when = r.phase === "initial" ? "first" : "map";
    console.log(`| ${r.url.padEnd(width)} | ${when.padEnd(7)} | ${kb(r.bytes).padStart(6)} | ${kb(r.gzipBytes).padStart(6)} |`);
  }
  console.log(
    `\nFirst visit of ${weight.path}, gzipped (level 9): JavaScript ${kb(weight.initial.jsGzip)} kB (budget ${budget.jsKb}),` +
      ` CSS ${kb(weight.initial.cssGzip)} kB (budget ${budget.cssKb}), the HTML itself ${kb(weight.htmlGzipBytes)} kB.` +
      `\nWhen the map mounts: JavaScript ${kb(weight.map.jsGzip)} kB, CSS ${kb(weight.map.cssGzip)} kB more.`,
  );
}
