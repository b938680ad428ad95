import { readCookie } from "./cookies.server";
import "./i18n/public-english.server";
import { defaultLocale, isLocale, type Locale } from "./i18n";

export const LOCALE_COOKIE = "lang";

/** The person's choice (cookie) first, then the browser's languages; Japanese otherwise. */
export function getLocale(request: Request): Locale {
  const chosen = readCookie(request, LOCALE_COOKIE);
  if (isLocale(chosen)) return chosen;
  const accepted = (request.headers.get("Accept-Language") ?? "")
    .split(",")
    .map((entry) => {
      const [tag = "", ...params] = entry.trim().split(";");
      const q = params.find((p) => p.trim().startsWith("q="));
      return { lang: tag.toLowerCase().split("-")[0], q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((entry) => entry.lang && !Number.isNaN(entry.q))
    .sort((a, b) => b.q - a.q);
  const first = accepted.find((entry) => isLocale(entry.lang));
  return isLocale(first?.lang) ? first.lang : defaultLocale;
}

export function localeCookie(locale: Locale, secure: boolean): string {
  const attributes = [`${LOCALE_COOKIE}=${locale}`, "Path=/", "Max-Age=31536000", "SameSite=Lax"];
  if (secure) attributes.push("Secure");
  return attributes.join("; ");
}
