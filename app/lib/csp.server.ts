import { randomBytes } from "node:crypto";

/** 128 random bits, fresh for every response (CSP 3 asks for at least 128). */
export function createNonce(): string {
  return randomBytes(16).toString("base64");
}

/**
 * The origin map tiles come from, as a CSP source: `https://{s}.tile.example.org/{z}/{x}/{y}.png`
 * gives `https://*.tile.example.org`. A relative or unparsable template adds nothing ('self' covers it).
 */
export function tileSource(tileUrl: string): string | undefined {
  const withWildcards = tileUrl.replace(/\{s\}/g, "tile-subdomain-placeholder").replace(/\{[^}]*\}/g, "0");
  try {
    const url = new URL(withWildcards);
    if (url.protocol !== "https:" && url.protocol !== "http:") return undefined;
    return `${url.protocol}//${url.host.replace("tile-subdomain-placeholder", "*")}`;
  } catch {
    return undefined;
  }
}

/**
 * The enforced Content-Security-Policy (docs/decisions/010-content-security-policy.md).
 * Scripts run only with this response's nonce, and what they load ('strict-dynamic': Remix's
 * route modules, the lazily loaded map). Style attributes stay allowed (React and Leaflet set
 * them; they cannot run script), style elements and sheets only from our own origin.
 */
export function contentSecurityPolicy({ nonce, tileUrl }: { nonce: string; tileUrl: string }): string {
  const tiles = tileSource(tileUrl);
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    "script-src": [`'nonce-${nonce}'`, "'strict-dynamic'", "'self'"],
    "style-src": ["'self'"],
    "style-src-attr": ["'unsafe-inline'"],
    "img-src": ["'self'", "data:", ...(tiles ? [tiles] : [])],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(" ")}`)
    .join("; ");
}
