import type { Db } from "~/lib/db.server";
import { seedActivities } from "./activities";
import { seedDemoApplications } from "./applications";
import { seedDemoAccounts } from "./accounts";
import { seedDemoCouncils } from "./councils";
import { seedDemoIndicators } from "./indicators";
import { seedDemoMetrics } from "./metrics";
import { seedPlaces } from "./places";
import { seedDemoPopulation } from "./population";
import { seedDemoSupport } from "./support";

/**
 * Loads each part of the demo data that is not there yet. Every part checks for itself, so
 * running the demo twice never duplicates anything.
 */
export async function loadDemoData(db: Db, log: (line: string) => void = () => {}): Promise<void> {
  log((await seedPlaces(db)) ? "  demo hubs, districts and 自治会 loaded" : "  demo hubs already present");
  log((await seedActivities(db)) ? "  demo activities, schedules and roles loaded" : "  demo activities already present");
  const accounts = await seedDemoAccounts(db);
  log(accounts > 0 ? `  ${accounts} demo accounts created (password: demo-password; demo only)` : "  demo accounts already present");
  // Through the staff import, as the demo staff account: after the accounts.
  const districtsLoaded = await seedDemoPopulation(db);
  log(districtsLoaded > 0 ? `  地域・年齢別人口 of ${districtsLoaded} demo districts (fictional figures)` : "  demo district populations already present");
  const supported = await seedDemoSupport(db);
  log(supported > 0 ? `  ${supported} demo supported persons for coordinator@example.jp (fictional)` : "  demo supported persons already present");
  const applied = await seedDemoApplications(db);
  log(applied > 0 ? `  ${applied} demo applications from residents (fictional)` : "  demo applications already present");
  const councils = await seedDemoCouncils(db);
  log(councils > 0 ? `  ${councils} demo 協議体 with meetings and 支えあいの仕組み (fictional)` : "  demo 協議体 already present");
  const metrics = await seedDemoMetrics(db);
  log(metrics.sessions > 0 ? `  ${metrics.sessions} demo sessions with attendance, ${metrics.targets} targets` : "  demo attendance already present");
  // After the applications above: that part loads only into a database without applicants.
  const entered = await seedDemoIndicators(db);
  log(
    entered.trained + entered.figures + entered.surveys > 0
      ? `  demo あいサポーター養成講座 (${entered.trained} trained), starting figure and ${entered.surveys} survey results`
      : "  demo indicator figures already present",
  );
}
