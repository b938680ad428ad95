// `npm run demo`: prepares the database with demo data, builds the app and serves it.
// Without DATABASE_URL everything runs on the embedded database in PGLITE_DATA_DIR.
import { spawn, spawnSync } from "node:child_process";
import { closeDatabase, getDatabase } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { DEMO_SUPPORT_DATA_KEY } from "~/lib/support-crypto.server";
import { loadDemoData } from "./demo";
import { demoServerEnv } from "./demo-server-env";

// DEMO ONLY: the demo server runs in production mode, which insists on a key; give it the public
// demo key unless a real one is set, and say so loudly.
if (!process.env.SUPPORT_DATA_KEY) {
  process.env.SUPPORT_DATA_KEY = DEMO_SUPPORT_DATA_KEY;
  console.warn("SUPPORT_DATA_KEY is not set: the demo uses the PUBLIC demo key. Never use it for real records.");
}
const env = getEnv();
const where = env.DATABASE_URL ? "PostgreSQL (DATABASE_URL)" : `the embedded database in ${env.PGLITE_DATA_DIR}`;

console.log(`[1/3] Opening ${where} and applying migrations (the first start takes several seconds)…`);
const started = Date.now();
const handle = await getDatabase();
console.log(`      ready in ${((Date.now() - started) / 1000).toFixed(1)} s; loading demo data if missing…`);
await loadDemoData(handle.db, console.log);
await closeDatabase();

console.log("[2/3] Building the app…");
const build = spawnSync(process.execPath, ["node_modules/@remix-run/dev/dist/cli.js", "build"], { stdio: "inherit" });
if (build.status !== 0) process.exit(build.status ?? 1);

console.log(`[3/3] Starting the server on port ${env.PORT}…`);
const server = spawn(process.execPath, ["build/index.js"], {
  stdio: "inherit",
  env: { ...process.env, ...demoServerEnv(process.env), NODE_ENV: process.env.NODE_ENV ?? "production" },
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
