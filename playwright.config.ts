import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import { CONDITION_MS, HANG_MS, START_DEADLINE_MS } from "./tests/support/deadlines";

const port = Number(process.env.E2E_PORT ?? 3101);
const dataDir = `tests/.tmp/e2e-pglite-${port}`;

/** Debian's chromium (Playwright cannot download its own browsers here), or CHROMIUM_PATH. */
function findChromium(): string {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];
  const found = candidates.find((path): path is string => Boolean(path && existsSync(path)));
  if (!found) {
    throw new Error(
      "No Chromium found for the end-to-end tests. Install Debian's: `sudo apt-get install -y chromium` " +
        "(or set CHROMIUM_PATH to a Chromium or Chrome binary).",
    );
  }
  return found;
}

/** The printed month is read back from a PDF: without a Japanese font its text would be tofu. */
function requireJapaneseFont(): void {
  let fonts = "";
  try {
    fonts = execFileSync("fc-list", [":lang=ja"], { encoding: "utf8" });
  } catch {
    // fc-list missing: fontconfig comes with chromium, so the browser check speaks first.
  }
  if (!fonts.trim()) {
    throw new Error(
      "No Japanese font found for the end-to-end tests (they render pages and a PDF in Japanese). " +
        "Install one: `sudo apt-get install -y fonts-ipafont-gothic`.",
    );
  }
}
requireJapaneseFont();

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: process.env.CI ? [["list"]] : [["list"]],
  // Waits are for conditions (a URL, a role, a text); these only end a wait that never ends, and
  // leave a loaded machine room (tests/support/deadlines.ts).
  timeout: HANG_MS,
  expect: { timeout: CONDITION_MS },
  use: {
    baseURL: `http://localhost:${port}`,
    locale: "ja-JP",
    timezoneId: "Asia/Tokyo",
    trace: { mode: "retain-on-failure", screenshots: false },
    launchOptions: {
      executablePath: findChromium(),
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  projects: [
    { name: "desktop", use: { ...devices["Desktop Chrome"] }, testIgnore: /mobile\.spec\.ts/ },
    { name: "phone", use: { ...devices["Pixel 7"] }, testMatch: /mobile\.spec\.ts/ },
  ],
  // A fresh embedded database with the demo data, served by the production build.
  webServer: {
    command: `rm -rf ${dataDir} && tsx app/commands/seed.ts && node build/index.js`,
    url: `http://localhost:${port}/healthz`,
    // A fixed key for the throw-away e2e database only ("e2e-only-key-not-secret-32-bytes").
    env: { PORT: String(port), PGLITE_DATA_DIR: dataDir, DATABASE_URL: "", NODE_ENV: "production", SUPPORT_DATA_KEY: "ZTJlLW9ubHkta2V5LW5vdC1zZWNyZXQtMzItYnl0ZXM=" },
    reuseExistingServer: false,
    timeout: START_DEADLINE_MS,
    stdout: "ignore",
    stderr: "pipe",
  },
});
