import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { safeRedirectPath } from "~/lib/auth.server";
import { readForm } from "~/lib/http.server";
import { isLocale } from "~/lib/i18n";
import { localeCookie } from "~/lib/locale.server";

/** Remembers the chosen language in a cookie and goes back to the page the person was on. */
export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const lang = form.get("lang");
  // Only paths on this site, never "//evil.example".
  const target = safeRedirectPath(form.get("redirectTo"));
  if (!isLocale(lang)) return redirect(target);
  const secure = new URL(request.url).protocol === "https:";
  return redirect(target, { headers: { "Set-Cookie": localeCookie(lang, secure) } });
}

export function loader() {
  return redirect("/");
}
