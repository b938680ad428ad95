// db/ is the bottom layer: schema and migrations, imported by app/ and never importing it
// (issue 13, part 5). The lint says the same for static imports; this also catches import().
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";

const root = path.resolve(__dirname, "../..");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx|js|mjs)$/.test(entry.name) ? [full] : [];
  });
}

test("nothing under db/ imports from app/", () => {
  const files = sourceFiles(path.join(root, "db"));
  expect(files.map((f) => path.relative(root, f))).toContain("db/schema.ts");
  const offending: string[] = [];
  for (const file of files) {
    const source = readFileSync(file, "utf8");
    for (const [, specifier = ""] of source.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)["']([^"']+)["']/g)) {
      const resolved = specifier.startsWith(".") ? path.relative(root, path.resolve(path.dirname(file), specifier)) : specifier;
      if (specifier.startsWith("~/") || resolved.startsWith("app/") || resolved === "app") offending.push(`${path.relative(root, file)} → ${specifier}`);
    }
  }
  expect(offending).toEqual([]);
});
