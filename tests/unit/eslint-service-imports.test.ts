import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, test } from "vitest";

// The repository's own eslint.config.js, on code that is never written to disk: services and the
// domain-error module may not reach for HTTP, Remix or React (docs/decisions/016-domain-errors.md).
const eslint = new ESLint({ cwd: path.resolve(__dirname, "../..") });

async function restricted(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  // Each import once, however many patterns refuse it.
  return [...new Set((result?.messages ?? []).filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message.split("'")[1] ?? ""))];
}

const forbidden = `import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { renderToString } from "react-dom/server";
import { NotFound } from "~/lib/http.server";
import { toResponse } from "../lib/http.server";
export const used = [json, useLoaderData, useState, renderToString, NotFound, toResponse];
`;

describe("services import no HTTP, Remix or React", () => {
  test.each(["app/services/probe.server.ts", "app/services/nested/probe.server.ts", "app/lib/domain-errors.ts"])("%s: each forbidden import is reported", async (file) => {
    expect(await restricted(forbidden, file)).toEqual(["@remix-run/node", "@remix-run/react", "react", "react-dom/server", "~/lib/http.server", "../lib/http.server"]);
  }, 60_000);

  test("a service that throws domain errors passes", async () => {
    const code = `import { and, eq } from "drizzle-orm";
import { users } from "#db/schema";
import { Conflict, NotFound } from "~/lib/domain-errors";
import type { MessageKey } from "~/lib/i18n";
import { take } from "./capacity.server";
export const used = [and, eq, users, Conflict, NotFound, take] as const;
export type Key = MessageKey;
`;
    expect(await restricted(code, "app/services/probe.server.ts")).toEqual([]);
  }, 60_000);

  test("routes still answer HTTP through ~/lib/http.server", async () => {
    expect(await restricted(`import { json } from "@remix-run/node";\nimport { orHttpError } from "~/lib/http.server";\nexport const used = [json, orHttpError];\n`, "app/routes/probe.tsx")).toEqual([]);
  }, 60_000);
});
