// `npm run metrics:rebuild`: rebuilds every dashboard summary from the per-hub month rollups
// (docs/indicators.md, "Summaries kept on write"). Writes keep them current, edits of a hub's kind
// or 自治会 included: this is a repair, for figures suspected wrong.
import { closeDatabase, getDatabase } from "~/lib/db.server";
import { rebuildSummaries } from "~/services/metric-rollups.server";

const handle = await getDatabase();
const started = performance.now();
await handle.db.transaction(async (tx) => rebuildSummaries(tx));
console.log(`Dashboard summaries rebuilt in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
await closeDatabase();
