import path from "node:path";

export const TMP_DIR = path.resolve("tests/.tmp");
export const PGLITE_TEMPLATE = path.join(TMP_DIR, "pglite-template.tar.gz");

/** The database name in a postgres URL. */
export function databaseName(url: string): string {
  return new URL(url).pathname.replace(/^\//, "") || "postgres";
}

/** The same server's maintenance database, for CREATE/DROP DATABASE. */
export function adminUrl(url: string): string {
  const u = new URL(url);
  u.pathname = "/postgres";
  return u.toString();
}

export function postgresTemplateName(url: string): string {
  return `${databaseName(url)}_template`;
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
