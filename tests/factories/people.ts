import { randomUUID } from "node:crypto";
import { users } from "#db/schema";
import type { Db } from "~/lib/db.server";

let sequence = 0;

/** An account row with no usable password (tests that need to log in use the auth factories). */
export async function createPerson(db: Db, overrides: Partial<typeof users.$inferInsert> = {}) {
  const n = ++sequence;
  const [row] = await db
    .insert(users)
    .values({ id: randomUUID(), email: `person${n}-${randomUUID().slice(0, 8)}@example.jp`, displayName: `ボランティア${n}`, passwordHash: "!", ...overrides })
    .returning();
  if (!row) throw new Error("user not created");
  return row;
}
