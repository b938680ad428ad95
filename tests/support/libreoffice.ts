import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { parseCsv } from "~/lib/metrics/csv";

const run = promisify(execFile);

/**
 * What LibreOffice shows of a file: converted headless to UTF-8 CSV, then parsed. A CSV is read
 * with LibreOffice's default import unless `csvAsUtf8` (a person choosing UTF-8 in its import
 * dialog): headless, the default reads our UTF-8 as Latin-1 even with the BOM. `sheet` picks a
 * worksheet of a workbook (1 = the first). Each call uses its own profile, so tests may call it
 * side by side. Needs `soffice` (Debian's libreoffice-calc-nogui; .ci/run installs it).
 */
export async function readWithLibreOffice(
  data: Buffer | string,
  extension: "xlsx" | "csv",
  { sheet = 1, csvAsUtf8 = false }: { sheet?: number; csvAsUtf8?: boolean } = {},
): Promise<string[][]> {
  const dir = await mkdtemp(join(tmpdir(), "lo-"));
  try {
    const input = join(dir, `input.${extension}`);
    await writeFile(input, data);
    await run(
      "soffice",
      [
        `-env:UserInstallation=file://${join(dir, "profile")}`,
        "--headless",
        ...(csvAsUtf8 ? ["--infilter=CSV:44,34,76"] : []),
        "--convert-to",
        // 44 = comma, 34 = double quote, 76 = UTF-8; the last number is the sheet to write.
        `csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,${sheet}`,
        "--outdir",
        join(dir, "out"),
        input,
      ],
      { timeout: 120_000 },
    );
    // One file, named after the input (and the sheet, when one is chosen).
    const [output] = await readdir(join(dir, "out"));
    if (!output) throw new Error(`LibreOffice wrote nothing for ${input}`);
    return parseCsv(await readFile(join(dir, "out", output), "utf8"));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
