import type { Db } from "~/lib/db.server";
import { seedDemoAccounts } from "./accounts";
import { seedDemoMetrics } from "./metrics";
import { seedPlaces } from "./places";

/**
 * Loads each part of the demo data that is not there yet. Every part checks for itself, so
 * running the demo twice never duplicates anything.
 */
export async function loadDemoData(db: Db, log: (line: string) => void = () => {}): Promise<void> {
  log((await seedPlaces(db)) ? "  demo hubs, districts and 自治会 loaded" : "  demo hubs already present");
  const accounts = await seedDemoAccounts(db);
  log(accounts > 0 ? `  ${accounts} demo accounts created (password: demo-password; demo only)` : "  demo accounts already present");
  const metrics = await seedDemoMetrics(db);
  log(metrics.sessions > 0 ? `  ${metrics.sessions} demo sessions with attendance, ${metrics.targets} targets` : "  demo attendance already present");
}
