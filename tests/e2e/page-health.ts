import AxeBuilder from "@axe-core/playwright";
import type { ConsoleMessage, Page } from "@playwright/test";

/**
 * What a person would notice on a page besides axe: script errors, console errors, React hydration
 * failures, and text that leaked from code (`undefined`, `NaN`, `[object Object]`, `Invalid Date`)
 * or from broken bytes (U+FFFD, which is what a browser shows for a NUL byte in the HTML).
 */

/** Words no page ever shows on purpose; checked in visible text and in accessible names. */
export const leakedText: { name: string; pattern: RegExp }[] = [
  { name: "undefined", pattern: /\bundefined\b/ },
  { name: "NaN", pattern: /\bNaN\b/ },
  { name: "[object Object]", pattern: /\[object Object\]/ },
  { name: "Invalid Date", pattern: /Invalid Date/ },
  { name: "U+FFFD", pattern: /\uFFFD/ },
];

/** React 18's hydration complaints, in development words and as minified production errors. */
const hydration = /Hydration failed|did not match|hydrat|Minified React error #(418|419|421|422|423|425)\b|react\.dev\/errors\/(418|419|421|422|423|425)\b|reactjs\.org\/docs\/error-decoder\.html\?invariant=(418|419|421|422|423|425)\b/i;

interface Problem {
  text: string;
  /** For Chromium's "Failed to load resource: … 4xx": the URL, judged once the answers are in. */
  clientErrorUrl?: string;
}

const problems = new WeakMap<Page, { found: Problem[]; shownClientErrors: Set<string> }>();

/**
 * Records the page's script errors, console errors and hydration warnings from now on. Console
 * errors let through:
 * - Chromium's "net::ERR_FAILED" for a request to another origin, which the tests abort on
 *   purpose (map tiles; nothing outside our server is reachable here);
 * - Chromium's "Failed to load resource: … status of 4xx" for a page the person opened or a form
 *   they submitted (a document, or a Remix `_data` request): that 4xx is the page they see (a 403,
 *   a 404, a form with field errors), which the test checks like any page. A 4xx on any other
 *   request (an API the page fetches by itself) and every 5xx still fail.
 */
export function watchPage(page: Page, origin: string): void {
  const found: Problem[] = [];
  const shownClientErrors = new Set<string>();
  problems.set(page, { found, shownClientErrors });
  page.on("response", (response) => {
    const request = response.request();
    const url = new URL(response.url());
    const status = response.status();
    if (url.origin === origin && status >= 400 && status < 500 && (request.resourceType() === "document" || url.searchParams.has("_data"))) {
      shownClientErrors.add(response.url());
    }
  });
  page.on("pageerror", (error) => found.push({ text: `page error on ${page.url()}: ${error.message}` }));
  page.on("console", (message: ConsoleMessage) => {
    const text = message.text();
    if (message.type() === "error") {
      if (isAbortedForeignRequest(message, origin)) return;
      const clientError = /^Failed to load resource: the server responded with a status of 4\d\d\b/.test(text);
      found.push({ text: `console error on ${page.url()}: ${text}${locationOf(message)}`, clientErrorUrl: clientError ? message.location().url : undefined });
    } else if (message.type() === "warning" && hydration.test(text)) {
      found.push({ text: `hydration warning on ${page.url()}: ${text}` });
    }
  });
}

function isAbortedForeignRequest(message: ConsoleMessage, origin: string): boolean {
  const url = message.location().url;
  return /net::ERR_FAILED/.test(message.text()) && Boolean(url) && !url.startsWith(`${origin}/`) && url !== origin;
}

function locationOf(message: ConsoleMessage): string {
  const { url, lineNumber } = message.location();
  return url ? ` (${url}${lineNumber ? `:${lineNumber}` : ""})` : "";
}

/** The problems recorded since the last call (each is reported once). */
export function takeProblems(page: Page): string[] {
  const watched = problems.get(page);
  if (!watched) return [];
  return watched.found
    .splice(0, watched.found.length)
    .filter((problem) => !(problem.clientErrorUrl && watched.shownClientErrors.has(problem.clientErrorUrl)))
    .map((problem) => problem.text);
}

/** Leaked words in the page's visible text, title and accessible names (aria-label, title, alt, placeholder). */
export async function findLeakedText(page: Page): Promise<string[]> {
  // Locator calls (not page.evaluate) so this works with JavaScript off too.
  const texts: { where: string; text: string }[] = [
    { where: "title", text: await page.title() },
    { where: "text", text: await page.locator("body").innerText() },
  ];
  const named = await page.locator("[aria-label], [title], [alt], [placeholder]").evaluateAll((elements) =>
    elements.flatMap((element) =>
      ["aria-label", "title", "alt", "placeholder"].flatMap((attribute) => {
        const value = element.getAttribute(attribute);
        return value ? [{ where: `${element.tagName.toLowerCase()}[${attribute}]`, text: value }] : [];
      }),
    ),
  );
  texts.push(...named);
  const found: string[] = [];
  for (const { where, text } of texts) {
    for (const { name, pattern } of leakedText) {
      const match = pattern.exec(text);
      if (match) found.push(`${name} in ${where}: …${text.slice(Math.max(0, match.index - 30), match.index + match[0].length + 30).replace(/\s+/g, " ")}…`);
    }
  }
  return found;
}

interface RemixWindow {
  __remixRouter?: { state: { navigation: { state: string }; fetchers: Map<string, { state: string }> } };
}

/**
 * Waits until the page is what a person sees: loaded; with JavaScript, hydrated (root.tsx marks
 * the document), no navigation or fetcher pending (a click's page has rendered), and on a page
 * with a map, the map's code and data arrived (network quiet). Cheaper than waiting for a quiet
 * network on every page: that costs half a second each, hundreds of times a run.
 */
export async function settle(page: Page, javaScript: boolean): Promise<void> {
  await page.waitForLoadState("load");
  if (!javaScript) return;
  await page.waitForFunction(() => {
    const router = (window as RemixWindow).__remixRouter;
    if (!document.documentElement.hasAttribute("data-hydrated") || !router) return false;
    return router.state.navigation.state === "idle" && [...router.state.fetchers.values()].every((fetcher) => fetcher.state === "idle");
  });
  if ((await page.locator(".map-placeholder, .leaflet-container").count()) > 0) await page.waitForLoadState("networkidle");
}

/** axe's violations on the page, one line each (rule, help, elements). */
export async function axeViolations(page: Page): Promise<string[]> {
  // WCAG 2.1 A/AA, plus one best practice a screen-reader user trips over: two landmarks of one name.
  const results = await new AxeBuilder({ page })
    .options({ runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] }, rules: { "landmark-unique": { enabled: true } } })
    .analyze();
  return results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}
