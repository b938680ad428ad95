// In the browser only the public message groups ship with every page; a route needing another
// group imports it (app/lib/i18n/index.ts). A missing import would show raw keys after
// hydration, so this reads the source: every key a route can render — in its own modules, its
// components, and the .server code whose keys its loader or action returns — must come from a
// group the route file imports, or a public one.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { auditActions } from "~/lib/audit-actions";
import { accounts } from "~/lib/i18n/messages/accounts";
import { activities } from "~/lib/i18n/messages/activities";
import { admin } from "~/lib/i18n/messages/admin";
import { common } from "~/lib/i18n/messages/common";
import { details } from "~/lib/i18n/messages/details";
import { hubs } from "~/lib/i18n/messages/hubs";
import { metrics } from "~/lib/i18n/messages/metrics";
import { notifications } from "~/lib/i18n/messages/notifications";
import { organise } from "~/lib/i18n/messages/organise";
import { support } from "~/lib/i18n/messages/support";
import { volunteers } from "~/lib/i18n/messages/volunteers";

const app = path.resolve("app");
const publicGroups = { activities, common, hubs };
const otherGroups = { accounts, admin, details, metrics, notifications, organise, support, volunteers };

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

function groupsImportedBy(file: string): Set<string> {
  const source = readFileSync(file, "utf8");
  return new Set([...source.matchAll(/^import\s+["']~\/lib\/i18n\/messages\/([\w-]+)["'];?$/gm)].map((m) => m[1] ?? ""));
}

// Resource routes (CSV, iCalendar, JSON) render nothing in the browser: the server has every group.
const routes = readdirSync(path.join(app, "routes"))
  .map((name) => path.join(app, "routes", name))
  .filter((file) => /^export default function/m.test(readFileSync(file, "utf8")));

describe("each route brings the message groups its page needs", () => {
  test.each(routes.map((file) => [path.relative(app, file), file]))("%s", (_name, file) => {
    const needed = new Map<string, string>();
    for (const module of closureOf(file)) {
      for (const [group, key] of groupsUsedIn(module)) needed.set(group, `${key} (${path.relative(app, module)})`);
    }
    const imported = groupsImportedBy(file);
    const missing = [...needed].filter(([group]) => !imported.has(group)).map(([group, where]) => `${group}: ${where}`);
    expect(missing, `add import "~/lib/i18n/messages/<group>" to ${path.relative(app, file)}`).toEqual([]);
  });

  test("the root layout (on every page) needs only the public groups", () => {
    const needed = closureOf(path.join(app, "root.tsx")).flatMap((module) =>
      [...groupsUsedIn(module)].map(([group, key]) => `${group}: ${key} (${path.relative(app, module)})`),
    );
    expect(needed).toEqual([]);
  });
});
