import { createCookie, redirect } from "@remix-run/node";
import { z } from "zod";
import { getEnv } from "~/lib/env.server";
import type { Flash, ShownFlash } from "~/lib/flash";
import type { Locale } from "~/lib/i18n";
import { hasMessage, serverTranslate } from "~/lib/i18n/all-messages.server";

// The flash cookie lives for one redirect: set by an action, read and cleared by the next page's
// root loader (docs/decisions/018-flash-in-a-cookie.md). It holds a dictionary key, never text,
// so a forged cookie can at most show another of our own messages.
const stored = z.object({
  key: z.string().max(100),
  params: z.record(z.union([z.string().max(200), z.number()])).optional(),
  tone: z.enum(["success", "notice"]).optional(),
});

function flashCookie() {
  const secure = getEnv().COOKIE_SECURE;
  return createCookie(secure ? "__Host-machinaeki_flash" : "machinaeki_flash", {
    httpOnly: true,
    sameSite: "lax",
    secure,
    path: "/",
    maxAge: 60,
  });
}

/** A redirect that shows `flash` once on the page it leads to. */
export async function redirectWithFlash(url: string, flash: Flash, init?: { headers?: HeadersInit }): Promise<Response> {
  const headers = new Headers(init?.headers);
  headers.append("Set-Cookie", await flashCookie().serialize(flash));
  return redirect(url, { headers });
}

/** The flash this request carries, if it is one of ours; `undefined` when there is no flash cookie. */
export async function readFlash(request: Request): Promise<Flash | null | undefined> {
  const cookie = flashCookie();
  const header = request.headers.get("Cookie");
  if (!header?.includes(`${cookie.name}=`)) return undefined;
  const parsed = stored.safeParse(await cookie.parse(header));
  if (!parsed.success || !hasMessage(parsed.data.key)) return null;
  return { ...parsed.data, key: parsed.data.key };
}

/** The flash waiting for this request, translated, and the Set-Cookie that clears it. */
export async function takeFlash(request: Request, locale: Locale): Promise<{ flash: ShownFlash | null; setCookie: string | null }> {
  const flash = await readFlash(request);
  if (flash === undefined) return { flash: null, setCookie: null };
  const setCookie = await flashCookie().serialize("", { maxAge: 0 });
  if (!flash) return { flash: null, setCookie };
  return { flash: { text: serverTranslate(locale, flash.key, flash.params), tone: flash.tone ?? "success" }, setCookie };
}
