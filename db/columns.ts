import { customType, integer, timestamp } from "drizzle-orm/pg-core";

/** Integer identity key: short, stable ids for URLs that are printed on flyers and QR codes. */
export const id = () => integer().primaryKey().generatedAlwaysAsIdentity();

export const createdAt = () => timestamp({ withTimezone: true }).notNull().defaultNow();

export const updatedAt = () =>
  timestamp({ withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date());

/**
 * A point on the unit sphere as a `cube` (PostgreSQL's cube extension). The Euclidean distance
 * between two such points grows with the great-circle distance, so a GiST index on it answers
 * "nearest first" (`<->`) exactly, without PostGIS. See docs/decisions/003.
 */
export const earthCube = customType<{ data: string; driverData: string }>({
  dataType: () => "cube",
});
