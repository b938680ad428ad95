/**
 * One cookie's value from a request, or undefined. Tolerant of the rest of the header: a
 * malformed cookie beside ours (a bad %-escape, set by anything on the same host) must not make
 * every page a 500, which lucia's own parser did (it throws URIError on the whole header).
 */
export function readCookie(request: Request, name: string): string | undefined {
  const header = request.headers.get("Cookie") ?? "";
  for (const part of header.split(";")) {
    const at = part.indexOf("=");
    if (at < 0 || part.slice(0, at).trim() !== name) continue;
    const raw = part.slice(at + 1).trim();
    try {
      return decodeURIComponent(raw);
    } catch {
      return undefined;
    }
  }
  return undefined;
}
