/**
 * The rows of a raw `db.execute(sql…)`: postgres.js gives an array, PGlite `{ rows }`. The one
 * place that knows the difference; anything else is a bug, so it throws rather than answer "no rows".
 * `T` is what the statement selects (snake_case columns, as PostgreSQL names them).
 */
export function rowsOf<T = Record<string, unknown>>(result: unknown): T[] {
  const rows: unknown = Array.isArray(result) ? result : result !== null && typeof result === "object" ? Reflect.get(result, "rows") : undefined;
  if (!Array.isArray(rows)) throw new Error("db.execute gave neither an array nor { rows }");
  return rows;
}
