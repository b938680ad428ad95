// postgres.js as patched by db/patches/postgres+3.4.9.patch (applied by `npm install`), on the real
// server: needs TEST_DATABASE_URL.
import postgres from "postgres";
import { afterEach, describe, expect, test } from "vitest";

const serverUrl = process.env.TEST_DATABASE_URL;
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe.skipIf(!serverUrl)("postgres.js when a transaction's connection dies (db/patches/postgres+3.4.9.patch)", () => {
  // Unpatched, the transaction's next write runs on a null socket from setImmediate: in the app
  // the process exits (porsager/postgres#1154); here vitest reports the uncaught TypeError.
  test("the transaction rejects with a connection error and the process lives on", async () => {
    const admin = postgres(serverUrl ?? "", { max: 1, onnotice: () => {} });
    cleanups.push(() => admin.end({ timeout: 1 }));
    for (const pause of [0, 0, 1, 5, 20]) {
      // A client per round: this is about the crash, not about reusing a pool after it.
      const client = postgres(serverUrl ?? "", { max: 1, onnotice: () => {} });
      cleanups.push(() => client.end({ timeout: 0 }));
      const outcome = await client
        .begin(async (tx) => {
          const [row] = await tx<{ pid: number }[]>`select pg_backend_pid() as pid`;
          await admin`select pg_terminate_backend(${row?.pid ?? 0})`;
          if (pause) await new Promise((r) => setTimeout(r, pause));
          await tx`select 1`;
          await tx`select 2`;
        })
        .then(
          () => "committed",
          (error: unknown) => (error instanceof Error && "code" in error ? String(error.code) : String(error)),
        );
      expect(["CONNECTION_CLOSED", "57P01"]).toContain(outcome);
    }
  });
});
