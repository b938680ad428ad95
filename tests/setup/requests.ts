import { createCookie, type AppLoadContext } from "@remix-run/node";

export const ORIGIN = "http://localhost";
export const context: AppLoadContext = { clientIp: "192.0.2.10" };

/** A GET Request as the browser would send it, optionally with a session cookie. */
export function get(path: string, cookie?: string): Request {
  return new Request(`${ORIGIN}${path}`, { headers: cookie ? { Cookie: cookie } : {} });
}

/** A form POST from our own origin, optionally with a session cookie. */
export function post(path: string, fields: Record<string, string | string[]>, cookie?: string): Request {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
  }
  const headers: Record<string, string> = { "Content-Type": "application/x-www-form-urlencoded", Origin: ORIGIN };
  if (cookie) headers.Cookie = cookie;
  return new Request(`${ORIGIN}${path}`, { method: "POST", body, headers });
}

/** Runs a loader or action and gives back its Response, whether it returned or threw one. */
export async function run(fn: () => Promise<unknown> | unknown): Promise<Response> {
  try {
    const result = await fn();
    if (result instanceof Response) return result;
    return new Response(JSON.stringify(result), { status: 200 });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

/** The name=value part of a Set-Cookie header. */
export function cookieFrom(response: Response): string {
  return (response.headers.get("Set-Cookie") ?? "").split(";")[0] ?? "";
}

/** The flash a response sets (its message key and parameters), read as the browser would send it back. */
export async function flashOf(response: Response): Promise<{ key: string; params?: Record<string, string | number> } | null> {
  for (const setCookie of response.headers.getSetCookie()) {
    const pair = setCookie.split(";")[0] ?? "";
    const name = pair.slice(0, pair.indexOf("="));
    // Secure deployments (the built server in production mode) prefix it with __Host-.
    if (/^(__Host-)?machinaeki_flash$/.test(name)) return ((await createCookie(name).parse(pair)) as { key: string; params?: Record<string, string | number> } | null) ?? null;
  }
  return null;
}

/** Where a redirect leads and the flash it carries there. */
export async function redirectOf(response: Response): Promise<{ location: string | null; flash: string | null; params?: Record<string, string | number> }> {
  const flash = await flashOf(response);
  return { location: response.headers.get("Location"), flash: flash?.key ?? null, ...(flash?.params ? { params: flash.params } : {}) };
}
