import type { Browser, Page, Response, TestInfo } from "@playwright/test";
import { expect, test } from "./fixtures";
import { axeViolations, findLeakedText, settle, takeProblems } from "./page-health";
import { matchPattern, roleCrawls, shapeOf, type Role, type RoleCrawl } from "./role-pages";

/**
 * Each role, logged in through the real form, follows every same-site link from its home page
 * (breadth first) and must reach every page it is meant to use (role-pages.ts). Every answer is
 * 2xx/3xx or an intended 4xx, no answer carries a NUL byte, and every page passes axe and the
 * checks a person would notice (page-health.ts). A summary line per role is printed and attached.
 *
 * Bounded by pages, not by a clock: one page of each shape (path with ids, query names), at most
 * MAX_PAGES per role; the test deadline is the suite's (tests/support/deadlines.ts).
 */
const MAX_PAGES = 50;
/**
 * Page shapes axe has checked in this run, with JavaScript on and off. A page every role reaches
 * (a hub, an activity, /account) differs between roles only in the header, which axe checks on
 * each role's own pages: it is checked once, by the first role that reaches it.
 */
const axeChecked = new Set<string>();
const PER_SHAPE = 1;
/** Links never followed: they end the session or change state on GET-looking URLs. */
const skipped = [/^\/logout\b/, /^\/language\b/];
const downloadPath = /\.(ics|csv|xlsx|geojson|pdf)$/;
const binaryDownload = /\.xlsx$/;

interface Report {
  role: Role;
  javaScript: boolean;
  home: string;
  pages: string[];
  downloads: string[];
  statuses: Map<number, number>;
  badStatuses: string[];
  nulBytes: string[];
  consoleErrors: string[];
  axe: string[];
  /** Pages axe checked (the others' shape was checked earlier in the run). */
  axeRuns: number;
  leaked: string[];
}

/**
 * axe needs scripts, which a page with JavaScript off cannot run: it checks the same HTML in a
 * page with JavaScript on, served as it came (scripts removed, so it stays the no-script page).
 */
async function axeOnHtmlWithoutScripts(axePage: Page, url: string, html: string): Promise<string[]> {
  const body = html.replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, "").replace(/<link\b[^>]*rel="modulepreload"[^>]*>/gi, "");
  await axePage.route(url, (route) => route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body }), { times: 1 });
  await axePage.goto(url);
  return axeViolations(axePage);
}

async function crawl(page: Page, role: Role, config: RoleCrawl, javaScript: boolean, origin: string, axePage?: Page): Promise<Report> {
  const report: Report = {
    role,
    javaScript,
    home: "",
    pages: [],
    downloads: [],
    statuses: new Map(),
    badStatuses: [],
    nulBytes: [],
    consoleErrors: [],
    axe: [],
    axeRuns: 0,
    leaked: [],
  };
  const count = (status: number) => report.statuses.set(status, (report.statuses.get(status) ?? 0) + 1);
  const judgeStatus = (url: string, status: number) => {
    count(status);
    if (status < 400) return;
    const pathname = new URL(url.replace(/^POST /, ""), origin).pathname;
    const intended = Object.entries(config.intendedClientErrors ?? {}).find(([pattern]) => matchPattern(pathname, [pattern]));
    if (!intended || intended[1] !== status) report.badStatuses.push(`${status} ${url}`);
  };
  const inspectPage = async (label: string) => {
    await settle(page, javaScript);
    const shape = `${javaScript}:${shapeOf(new URL(page.url()))}`;
    if (!axeChecked.has(shape)) {
      axeChecked.add(shape);
      report.axeRuns++;
      const violations = axePage ? await axeOnHtmlWithoutScripts(axePage, page.url(), await page.content()) : await axeViolations(page);
      report.axe.push(...violations.map((v) => `${label}: ${v}`));
    }
    report.leaked.push(...(await findLeakedText(page)).map((v) => `${label}: ${v}`));
    report.consoleErrors.push(...takeProblems(page));
  };
  const checkBody = async (url: string, response: Response | { body(): Promise<Buffer> }) => {
    const body = await response.body().catch(() => null);
    // A workbook is a zip, full of NUL bytes: it must at least be one.
    if (new URL(url, origin).pathname.endsWith(".xlsx")) {
      if (body?.subarray(0, 4).toString("latin1") !== "PK\x03\x04") report.nulBytes.push(`${url} (not a zip)`);
    } else if (body?.includes(0)) report.nulBytes.push(`${url} (${body.filter((byte) => byte === 0).length} NUL)`);
  };

  // Log in through the real form, as a person does.
  if (config.email) {
    const response = await page.goto("/login");
    if (response) {
      judgeStatus("/login", response.status());
      await checkBody("/login", response);
    }
    await inspectPage("/login");
    await page.getByLabel("メールアドレス").fill(config.email);
    await page.getByLabel("パスワード").fill("demo-password");
    const answer = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/login");
    await page.getByRole("button", { name: "ログインする" }).click();
    const loginAnswer = await answer;
    judgeStatus("POST /login", loginAnswer.status());
    await page.waitForURL((url) => url.pathname !== "/login");
    report.home = new URL(page.url()).pathname;
  } else {
    report.home = "/";
  }

  const queue: string[] = [report.home];
  const seen = new Set(queue);
  const perShape = new Map<string, number>();
  const enqueue = (href: string, download: boolean) => {
    const url = new URL(href);
    if (url.origin !== origin) return;
    url.hash = "";
    const path = url.pathname + url.search;
    if (seen.has(path) || skipped.some((pattern) => pattern.test(url.pathname))) return;
    const shape = (download || downloadPath.test(url.pathname) ? "download:" : "") + shapeOf(url);
    const taken = perShape.get(shape) ?? 0;
    if (taken >= PER_SHAPE) return;
    perShape.set(shape, taken + 1);
    seen.add(path);
    queue.push(download || downloadPath.test(url.pathname) ? `download:${path}` : path);
  };

  while (queue.length > 0 && report.pages.length < MAX_PAGES) {
    const next = queue.shift() ?? "";
    if (next.startsWith("download:")) {
      // Fetched with the session, status and bytes checked, never rendered.
      const path = next.slice("download:".length);
      const response = await page.request.get(path, { maxRedirects: 0 });
      judgeStatus(path, response.status());
      // A workbook is a zip, whose bytes hold NULs by nature; text downloads must not.
      if (!binaryDownload.test(new URL(path, origin).pathname)) await checkBody(path, response);
      report.downloads.push(path);
      continue;
    }
    const response = await page.goto(next);
    if (!response) continue;
    const redirects: Response[] = [];
    for (let request = response.request().redirectedFrom(); request; request = request.redirectedFrom()) {
      const earlier = await request.response();
      if (earlier) redirects.push(earlier);
    }
    for (const earlier of redirects) judgeStatus(earlier.url(), earlier.status());
    judgeStatus(next, response.status());
    await checkBody(next, response);
    const landed = new URL(page.url());
    report.pages.push(landed.pathname + landed.search);
    await inspectPage(next);
    const links = await page.locator("a[href]").evaluateAll((anchors) =>
      anchors.map((a) => ({ href: (a as HTMLAnchorElement).href, download: a.hasAttribute("download") })),
    );
    for (const link of links) enqueue(link.href, link.download);
  }
  return report;
}

function summarise(report: Report): string {
  const statuses = [...report.statuses.entries()]
    .sort(([a], [b]) => a - b)
    .map(([status, n]) => `${status}×${n}`)
    .join(" ");
  return (
    `crawl ${report.role} (JavaScript ${report.javaScript ? "on" : "off"}, home ${report.home}): ` +
    `${report.pages.length} pages reached, ${report.downloads.length} downloads, answers ${statuses}, ` +
    `${report.badStatuses.length} unexpected statuses, ${report.nulBytes.length} with NUL bytes, ` +
    `${report.consoleErrors.length} console/script errors, ${report.axe.length} axe violations (${report.axeRuns} pages checked by axe), ${report.leaked.length} leaked texts`
  );
}

async function crawlAndAssert(page: Page, role: Role, javaScript: boolean, baseURL: string | undefined, testInfo: TestInfo, browser: Browser) {
  const config = roleCrawls[role];
  const origin = new URL(baseURL ?? "http://localhost").origin;
  const axeContext = javaScript ? null : await browser.newContext({ baseURL, javaScriptEnabled: true });
  const axePage = await axeContext?.newPage();
  await axePage?.route("**/*", (route) => (route.request().url().startsWith(origin) ? route.continue() : route.abort()));
  const report = await crawl(page, role, config, javaScript, origin, axePage).finally(() => axeContext?.close());
  const summary = summarise(report);
  console.log(summary);
  await testInfo.attach(`crawl-${role}-${javaScript ? "js" : "nojs"}.txt`, {
    body: [summary, "", "pages:", ...report.pages, "", "downloads:", ...report.downloads].join("\n"),
    contentType: "text/plain",
  });
  const reached = new Set([...report.pages, ...report.downloads].map((path) => new URL(path, origin).pathname));
  const missing = [...config.pages, ...config.downloads].filter((pattern) => ![...reached].some((path) => matchPattern(path, [pattern])));
  expect.soft(report.home, "where the role lands after logging in").toBe(config.home);
  expect.soft(missing, `pages ${role} is meant to use but no link reaches`).toEqual([]);
  expect.soft(report.badStatuses, "answers that are neither 2xx/3xx nor an intended 4xx").toEqual([]);
  expect.soft(report.nulBytes, "answers with NUL bytes").toEqual([]);
  expect.soft(report.consoleErrors, "script errors, console errors, hydration warnings").toEqual([]);
  expect.soft(report.axe, "axe violations").toEqual([]);
  expect.soft(report.leaked, "undefined / NaN / [object Object] / Invalid Date / U+FFFD shown").toEqual([]);
}

const roles = Object.keys(roleCrawls) as Role[];

test.describe("crawl with JavaScript", () => {
  for (const role of roles) {
    test(`${role} reaches every page they use by links, and every page is sound`, async ({ page, baseURL, browser }, testInfo) => {
      await crawlAndAssert(page, role, true, baseURL, testInfo, browser);
    });
  }
});

test.describe("crawl without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("anonymous reaches every public page by links, and every page is sound", async ({ page, baseURL, browser }, testInfo) => {
    await crawlAndAssert(page, "anonymous", false, baseURL, testInfo, browser);
  });
});
