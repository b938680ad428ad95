// The bytes a person's browser receives: no page carries a NUL byte (React 18.3.1's streaming
// renderer padded a 2 KiB chunk with U+0000 when a multi-byte character did not fit at its end;
// db/patches/react-dom+18.3.1.patch, docs/decisions/012), and a form saved unchanged with
// JavaScript off stores exactly what it showed (a browser turns a NUL into U+FFFD).
import { chromium, type Browser } from "@playwright/test";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { logIn, startServerOnTemporaryDatabase } from "./built-server";

const ORGANISER = { email: "organiser@example.jp", password: "demo-password" };
/** More than the demo data's public pages; a runaway crawl stops here. */
const MAX_PAGES = 1000;

let server: Awaited<ReturnType<typeof startServerOnTemporaryDatabase>> | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  server = await startServerOnTemporaryDatabase({ demo: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

function running() {
  if (!server) throw new Error("the server did not start");
  return server;
}

/** Same-site paths linked from an HTML page (href only: what a person can follow). */
function linksIn(html: string): string[] {
  const paths: string[] = [];
  for (const match of html.matchAll(/href="([^"#]*)/g)) {
    const href = (match[1] ?? "").replaceAll("&amp;", "&");
    if (!href.startsWith("/") || href.startsWith("//") || href.startsWith("/build/")) continue;
    paths.push(href);
  }
  return paths;
}

async function rawBytes(path: string, cookie?: string): Promise<{ status: number; type: string; bytes: Buffer }> {
  const response = await fetch(`${running().url}${path}`, { redirect: "manual", headers: cookie ? { Cookie: cookie } : {} });
  return { status: response.status, type: response.headers.get("content-type") ?? "", bytes: Buffer.from(await response.arrayBuffer()) };
}

/** The hub this organiser edits in the demo data (from the links on their page). */
async function organiserHubId(cookie: string): Promise<string> {
  const page = await rawBytes("/organise", cookie);
  const id = /\/organise\/hubs\/(\d+)"/.exec(page.bytes.toString("utf8"))?.[1];
  if (!id) throw new Error("the demo organiser has no hub to edit");
  return id;
}

/** The stored description of `hubId`, as the GeoJSON feed (JSON, not rendered by React) serves it. */
async function storedDescription(hubId: string): Promise<string> {
  const feed = (await (await fetch(`${running().url}/api/hubs.geojson`)).json()) as { features: { id: number; properties: { description?: string } }[] };
  const hub = feed.features.find((feature) => String(feature.id) === hubId);
  if (hub?.properties.description === undefined) throw new Error(`hub ${hubId} has no description in the feed`);
  return hub.properties.description;
}

describe("the HTML as sent", () => {
  test("no public page of the demo data carries a NUL byte", async () => {
    // Each page once, with the first query string that links to it: the same page with other
    // filters is rendered by the same code, and every combination would be tens of thousands.
    const seen = new Set<string>(["/"]);
    const queue = ["/"];
    const withNul: string[] = [];
    const statuses: Record<number, number> = {};
    while (queue.length > 0 && seen.size <= MAX_PAGES) {
      const path = queue.shift() ?? "/";
      const { status, type, bytes } = await rawBytes(path);
      statuses[status] = (statuses[status] ?? 0) + 1;
      // A workbook (.xlsx) is a zip: NUL bytes are its nature. Every text answer is checked.
      const binary = type.startsWith("application/vnd.openxmlformats");
      if (!binary && bytes.includes(0)) withNul.push(`${path} (${bytes.filter((b) => b === 0).length} NUL)`);
      if (!type.startsWith("text/html")) continue;
      for (const link of linksIn(bytes.toString("utf8"))) {
        // /logout is a form action, not a page; the login page is visited once.
        const pathname = link.split("?")[0] ?? link;
        if (seen.has(pathname) || pathname === "/logout") continue;
        seen.add(pathname);
        queue.push(link);
      }
    }
    console.log(`public pages fetched: ${seen.size}; statuses ${JSON.stringify(statuses)}; with NUL: ${withNul.length}`);
    expect(seen.size).toBeGreaterThan(30);
    expect(seen.size).toBeLessThanOrEqual(MAX_PAGES);
    expect(withNul).toEqual([]);
  });

  test("pages with long Japanese text carry no NUL byte, wherever a character meets a 2 KiB boundary", async () => {
    const cookie = await logIn(running(), ORGANISER.email, ORGANISER.password);
    const hubId = await organiserHubId(cookie);
    const form = await rawBytes(`/organise/hubs/${hubId}`, cookie);
    expect(form.status).toBe(200);
    const withNul: string[] = [];
    // 3-byte characters after 0, 1 or 2 ASCII ones: one of the three alignments splits a
    // character at the edge of React's 2048-byte view, whatever comes before on the page.
    for (const [shift, length] of [0, 1, 2].flatMap((shift) => [150, 400, 650].map((length) => [shift, length] as const))) {
      const description = `${"a".repeat(shift)}${"地域の居場所で野菜を販売もしています。".repeat(Math.ceil(length / 19)).slice(0, length)}`;
      const fields = hubFormFields(form.bytes.toString("utf8"));
      fields.set("description", description);
      const saved = await fetch(`${running().url}/organise/hubs/${hubId}`, {
        method: "POST",
        redirect: "manual",
        headers: { Origin: running().url, Cookie: cookie },
        body: fields,
      });
      expect(saved.status, await saved.text()).toBe(302);
      for (const path of [`/hubs/${hubId}`, `/organise/hubs/${hubId}`, "/"]) {
        const { bytes } = await rawBytes(path, cookie);
        if (bytes.includes(0)) withNul.push(`${path} after a description of ${shift}+${length} characters`);
      }
    }
    expect(withNul).toEqual([]);
  });
});

/** The hub form's fields as the page renders them (inputs, checked boxes, selects, textareas). */
function hubFormFields(html: string): URLSearchParams {
  const decode = (text: string) =>
    text.replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&quot;", '"').replaceAll("&#x27;", "'").replaceAll("&amp;", "&");
  const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
  const fields = new URLSearchParams();
  const body = html.slice(html.indexOf("<form method=\"post\""));
  for (const [tag] of body.matchAll(/<input\b[^>]*>/g)) {
    const name = attr(tag, "name");
    const type = attr(tag, "type") ?? "text";
    if (!name || ((type === "checkbox" || type === "radio") && !/\schecked=""/.test(tag))) continue;
    fields.append(name, decode(attr(tag, "value") ?? ""));
  }
  for (const [, open, inner] of body.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
    const name = attr(open ?? "", "name");
    const selected = /<option\b[^>]*value="([^"]*)"[^>]*selected=""/.exec(inner ?? "")?.[1] ?? /<option\b[^>]*value="([^"]*)"/.exec(inner ?? "")?.[1];
    if (name && selected !== undefined) fields.append(name, decode(selected));
  }
  for (const [, open, inner] of body.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g)) {
    const name = attr(open ?? "", "name");
    if (name) fields.append(name, decode((inner ?? "").replace(/^\n/, "")));
  }
  return fields;
}

describe("a form saved unchanged with JavaScript off", () => {
  test("the organiser's hub form stores the description it showed, character for character", async () => {
    const cookie = await logIn(running(), ORGANISER.email, ORGANISER.password);
    const hubId = await organiserHubId(cookie);
    // Back to the demo text (the test above changed it), and every other field as it was.
    const original = "自治会館の前が資源回収ステーション。回収日にはカフェを開き、健康チェックや物々交換、地元野菜の販売もしています。";
    const fields = hubFormFields((await rawBytes(`/organise/hubs/${hubId}`, cookie)).bytes.toString("utf8"));
    fields.set("description", original.repeat(8));
    const reset = await fetch(`${running().url}/organise/hubs/${hubId}`, { method: "POST", redirect: "manual", headers: { Origin: running().url, Cookie: cookie }, body: fields });
    expect(reset.status).toBe(302);
    const before = await storedDescription(hubId);

    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    });
    const context = await browser.newContext({ javaScriptEnabled: false, locale: "ja-JP" });
    const page = await context.newPage();
    await page.goto(`${running().url}/login`);
    await page.getByLabel("メールアドレス").fill(ORGANISER.email);
    await page.getByLabel("パスワード").fill(ORGANISER.password);
    await page.getByRole("button", { name: "ログインする" }).click();
    await page.waitForURL((url) => url.pathname !== "/login");
    // Several times: where the page's 2 KiB boundaries fall depends on what comes before.
    for (let round = 0; round < 3; round++) {
      await page.goto(`${running().url}/organise/hubs/${hubId}`);
      expect(await page.getByLabel("説明", { exact: true }).inputValue()).toBe(before);
      await page.getByRole("button", { name: "保存する" }).click();
      await page.getByRole("status").filter({ hasText: "保存しました。" }).waitFor();
      expect(await storedDescription(hubId)).toBe(before);
    }
    await context.close();
  });
});
