import type { Db } from "./db.server";

/**
 * A query built once per database and reused: drizzle's `.prepare(name)` keeps the SQL text
 * (no query building per request: ≈10 % of a page's CPU before, docs/performance.md), and on
 * PostgreSQL it is a named prepared statement, so the server skips parsing and planning too.
 * For the hot paths of public pages only; `build` receives the database to prepare on.
 */
export function preparedQuery<Q>(build: (db: Db) => Q): (db: Db) => Q {
  const byDb = new WeakMap<Db, Q>();
  return (db) => {
    let query = byDb.get(db);
    if (!query) {
      query = build(db);
      byDb.set(db, query);
    }
    return query;
  };
}
