import { count, eq } from "drizzle-orm";
import { expect, test } from "vitest";
import { hubs, users } from "#db/schema";
import { loadDemoData } from "~/commands/demo";
import { demoAccounts } from "~/commands/demo/accounts";
import { attemptLogin } from "~/services/login.server";
import { listEditableHubIds } from "~/services/permissions.server";
import { getOptionalUser, startSession } from "~/lib/auth.server";
import { useTestDatabase } from "../setup/database";
import { get } from "../setup/requests";

const database = useTestDatabase({ asAppDatabase: true });

test("migrations alone create no account; the demo data adds one per role, once", async () => {
  const db = database.db;
  const [before] = await db.select({ n: count() }).from(users);
  expect(before?.n).toBe(0);
  await loadDemoData(db);
  await loadDemoData(db);
  const rows = await db.select({ email: users.email }).from(users);
  expect(rows.map((r) => r.email).sort()).toEqual(demoAccounts.map((a) => a.email).sort());

  for (const account of demoAccounts) {
    const result = await attemptLogin(db, { email: account.email, password: "demo-password", ip: "192.0.2.1" });
    expect(result.ok, account.email).toBe(true);
    if (!result.ok) continue;
    const cookie = (await startSession(result.userId)).split(";")[0] ?? "";
    expect((await getOptionalUser(get("/", cookie)))?.roles).toEqual(account.roles);
  }

  // The demo organiser may edit the first demo hub (萩の台まちなえき) and nothing else.
  const [organiser] = await db.select({ id: users.id }).from(users).where(eq(users.email, "organiser@example.jp"));
  const [first] = await db.select({ id: hubs.id }).from(hubs).where(eq(hubs.name, "萩の台まちなえき"));
  expect(await listEditableHubIds(db, { userId: organiser?.id ?? "" })).toEqual([first?.id]);
});
