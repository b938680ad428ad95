// In the browser only the public message groups ship with every page; a route needing another
// group declares it in its `handle` (`export const handle = { messages: [metrics] } satisfies
// MessagesHandle`), and `useT` reads the handles of the matched routes (app/lib/i18n/index.ts,
// decision 019). A group left out shows raw keys on the page, so this reads the source: every key
// a route can render — in its own module, its components, and the .server code whose keys its
// loader or action returns — must come from a public group or a group in the handle of the route
// or of a parent layout (which always matches with it).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { auditActions } from "~/lib/audit-actions";
import { accounts } from "~/lib/i18n/messages/accounts";
import { activities } from "~/lib/i18n/messages/activities";
import { admin } from "~/lib/i18n/messages/admin";
import { common } from "~/lib/i18n/messages/common";
import { councils } from "~/lib/i18n/messages/councils";
import { details } from "~/lib/i18n/messages/details";
import { hubs } from "~/lib/i18n/messages/hubs";
import { imports } from "~/lib/i18n/messages/imports";
import { indicators } from "~/lib/i18n/messages/indicators";
import { kayoi } from "~/lib/i18n/messages/kayoi";
import { metrics } from "~/lib/i18n/messages/metrics";
import { notifications } from "~/lib/i18n/messages/notifications";
import { opendata } from "~/lib/i18n/messages/opendata";
import { organise } from "~/lib/i18n/messages/organise";
import { support } from "~/lib/i18n/messages/support";
import { volunteers } from "~/lib/i18n/messages/volunteers";

const app = path.resolve("app");
const routesDir = path.join(app, "routes");
const publicGroups = { activities, common, hubs };
const otherGroups = { accounts, admin, councils, details, imports, indicators, kayoi, metrics, notifications, opendata, organise, support, volunteers };

/** Which non-public group each key belongs to (a key may sit in several). */
const groupsOfKey = new Map<string, string[]>();
for (const [name, group] of Object.entries(otherGroups)) {
  for (const key of Object.keys(group.ja)) groupsOfKey.set(key, [...(groupsOfKey.get(key) ?? []), name]);
}
const publicKeys = new Set(Object.values(publicGroups).flatMap((g) => Object.keys(g.ja)));
// Audit action codes ("support.stage.changed") are written to the log, not shown: their texts
// are the keys "audit.action.<code>", found where the audit view builds them.
const notKeys = new Set<string>(auditActions);

function resolveImport(from: string, specifier: string): string | undefined {
  const base = specifier.startsWith("~/")
    ? path.join(app, specifier.slice(2))
    : specifier.startsWith(".")
      ? path.resolve(path.dirname(from), specifier)
      : undefined;
  if (!base) return undefined;
  return [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts")].find((file) => /\.tsx?$/.test(file) && existsSync(file));
}

/** The app modules `file` imports for their values (type-only imports vanish from bundles). */
function importsOf(file: string): string[] {
  const source = readFileSync(file, "utf8");
  const specifiers = [
    ...[...source.matchAll(/^(?:import|export)\s+(?!type\s)(?:[^"';]*?\sfrom\s+)?["']([^"']+)["']/gm)].map((m) => m[1]),
    ...[...source.matchAll(/import\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]),
  ];
  return specifiers.flatMap((s) => (s ? (resolveImport(file, s) ?? []) : []));
}

/** Non-public groups whose keys `file` names, as literals or as a `prefix.${…}` template. */
function groupsUsedIn(file: string): Map<string, string> {
  const source = readFileSync(file, "utf8");
  const used = new Map<string, string>();
  for (const [, key = ""] of source.matchAll(/["'`]([a-zA-Z]\w*(?:\.[\w]+)+)["'`]/g)) {
    if (notKeys.has(key) && !publicKeys.has(key)) continue;
    for (const group of groupsOfKey.get(key) ?? []) used.set(group, key);
  }
  for (const [, prefix = ""] of source.matchAll(/`([a-zA-Z][\w.]*\.)\$\{/g)) {
    for (const [key, groups] of groupsOfKey) if (key.startsWith(prefix)) for (const group of groups) used.set(group, `${prefix}…`);
  }
  return used;
}

/** Every app module reachable from `file`, the i18n modules left out. */
function closureOf(file: string): string[] {
  const seen = new Set<string>();
  const queue = [file];
  while (queue.length > 0) {
    const next = queue.pop() ?? "";
    if (seen.has(next) || next.includes(`${path.sep}i18n${path.sep}`)) continue;
    seen.add(next);
    queue.push(...importsOf(next));
  }
  return [...seen];
}

/** The groups a route module lists in `export const handle = { messages: [...] }`, by the module each name is imported from. */
function groupsDeclaredBy(file: string): Set<string> {
  const source = readFileSync(file, "utf8");
  const handle = /^export const handle = \{([^;]*?)\}(?: satisfies MessagesHandle)?;$/ms.exec(source)?.[1] ?? "";
  const names = /messages:\s*\[([^\]]*)\]/.exec(handle)?.[1]?.split(",").map((n) => n.trim()).filter(Boolean) ?? [];
  const groupOfName = new Map<string, string>();
  for (const [, list = "", group = ""] of source.matchAll(/^import \{([^}]*)\} from "~\/lib\/i18n\/messages\/([\w-]+)";$/gm)) {
    for (const part of list.split(",")) {
      const local = part.trim().split(/\s+as\s+/).pop()?.trim();
      if (local) groupOfName.set(local, group);
    }
  }
  return new Set(names.map((name) => groupOfName.get(name) ?? `unknown name ${name}`));
}

/**
 * The layout routes that always render around `file` (flat routes: `admin.tsx` around
 * `admin.audit.tsx`; `organise_.upcoming.tsx` opts out of `organise.tsx` by its trailing `_`).
 */
function parentsOf(file: string): string[] {
  const segments = path.basename(file).replace(/\.tsx?$/, "").split(/\.(?![^[]*\])/);
  const parents: string[] = [];
  for (let n = 1; n < segments.length; n++) {
    const prefix = segments.slice(0, n).join(".");
    const parent = [`${prefix}.tsx`, `${prefix}.ts`].map((name) => path.join(routesDir, name)).find((f) => existsSync(f));
    if (parent) parents.push(parent);
  }
  return parents;
}

// Resource routes (CSV, iCalendar, JSON) render nothing in the browser: the server has every group.
const routes = readdirSync(routesDir)
  .map((name) => path.join(routesDir, name))
  .filter((file) => /^export default function/m.test(readFileSync(file, "utf8")));

function neededBy(file: string): Map<string, string> {
  const needed = new Map<string, string>();
  for (const module of closureOf(file)) {
    for (const [group, key] of groupsUsedIn(module)) needed.set(group, `${key} (${path.relative(app, module)})`);
  }
  return needed;
}

describe("each route declares the message groups its page needs", () => {
  test.each(routes.map((file) => [path.relative(app, file), file]))("%s", (_name, file) => {
    const declared = new Set([file, ...parentsOf(file)].flatMap((f) => [...groupsDeclaredBy(f)]));
    const missing = [...neededBy(file)].filter(([group]) => !declared.has(group)).map(([group, where]) => `${group}: ${where}`);
    expect(missing, `add the group to \`export const handle = { messages: [...] }\` in ${path.relative(app, file)}`).toEqual([]);
  });

  test("the root layout (on every page) needs only the public groups", () => {
    const needed = closureOf(path.join(app, "root.tsx")).flatMap((module) =>
      [...groupsUsedIn(module)].map(([group, key]) => `${group}: ${key} (${path.relative(app, module)})`),
    );
    expect(needed).toEqual([]);
  });

  test("no module registers a group by being imported: groups are values a handle lists", () => {
    const files = (function walk(dir: string): string[] {
      return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory() ? walk(path.join(dir, entry.name)) : /\.tsx?$/.test(entry.name) ? [path.join(dir, entry.name)] : [],
      );
    })(app);
    const sideEffectImports = files.filter((file) => /^import\s+["'][^"']*i18n\/messages\/[^"']+["'];?$|^import\s+["']\.\/messages\/[^"']+["'];?$/m.test(readFileSync(file, "utf8")));
    expect(sideEffectImports.map((file) => path.relative(app, file))).toEqual([]);
  });
});
