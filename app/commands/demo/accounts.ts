import { eq } from "drizzle-orm";
import { hashPassword } from "~/lib/auth.server";
import type { Db } from "~/lib/db.server";
import type { RoleName } from "~/lib/roles";
import { createAccount, findUserByEmail } from "~/services/accounts.server";
import { hubs, organiserScopes } from "#db/schema";
import { demoHubs } from "./places";

// DEMO ONLY. One account per role, all with the password below, documented in the README.
// They exist only where the demo data is loaded (`npm run demo` / `npm run db:seed`), never in
// a database set up with migrations alone.
export const DEMO_PASSWORD = "demo-password";

export const demoAccounts: { email: string; displayName: string; roles: RoleName[] }[] = [
  { email: "admin@example.jp", displayName: "管理者（デモ）", roles: ["admin"] },
  { email: "staff@example.jp", displayName: "市職員（デモ）", roles: ["staff"] },
  { email: "coordinator@example.jp", displayName: "相談支援員（デモ）", roles: ["coordinator"] },
  { email: "organiser@example.jp", displayName: "萩の台の運営者（デモ）", roles: ["organiser"] },
  { email: "volunteer@example.jp", displayName: "ボランティア（デモ）", roles: [] },
];

/** Creates the demo accounts that are missing; the organiser gets the first demo hub only. */
export async function seedDemoAccounts(db: Db): Promise<number> {
  let created = 0;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const account of demoAccounts) {
    if (await findUserByEmail(db, account.email)) continue;
    const { id } = await createAccount(db, { ...account, passwordHash });
    created += 1;
    if (account.roles.includes("organiser")) {
      const firstHubName = demoHubs[0]?.name ?? "";
      const [hub] = await db.select({ id: hubs.id }).from(hubs).where(eq(hubs.name, firstHubName));
      if (hub) await db.insert(organiserScopes).values({ userId: id, hubId: hub.id });
    }
  }
  return created;
}
