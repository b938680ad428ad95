import { createCookie, redirect, type Cookie } from "@remix-run/node";
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

const cookies = new Map<boolean, Cookie>();

/** The flash cookie for this deployment's COOKIE_SECURE, made once (the root loader asks on every request). */
function flashCookie(): Cookie {
  const secure = getEnv().COOKIE_SECURE;
  let cookie = cookies.get(secure);
  if (!cookie) {
    cookie = createCookie(secure ? "__Host-machinaeki_flash" : "machinaeki_flash", { httpOnly: true, sameSite: "lax", secure, path: "/", maxAge: 60 });
    cookies.set(secure, cookie);
  }
  return cookie;
}

/** A redirect that shows `flash` once on the page it leads to. */
export async function redirectWithFlash(url: string, flash: Flash, init?: { headers?: HeadersInit }): Promise<Response> {
  const headers = new Headers(init?.headers);
  headers.append("Set-Cookie", await flashCookie().serialize(flash));
  return redirect(url, { headers });
}

/** The flash waiting for this request, translated, and the Set-Cookie that clears it (a forged or broken one too). */
export async function takeFlash(request: Request, locale: Locale): Promise<{ flash: ShownFlash | null; setCookie: string | null }> {
  const cookie = flashCookie();
  const header = request.headers.get("Cookie");
  if (!header?.includes(`${cookie.name}=`)) return { flash: null, setCookie: null };
  const setCookie = await cookie.serialize("", { maxAge: 0 });
  const parsed = stored.safeParse(await cookie.parse(header));
  if (!parsed.success || !hasMessage(parsed.data.key)) return { flash: null, setCookie };
  const { key, params, tone = "success" } = parsed.data;
  return { flash: { text: serverTranslate(locale, key, params), tone }, setCookie };
}
