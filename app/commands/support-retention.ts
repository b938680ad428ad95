// `npm run support:retention`: removes the identifying data of supported persons whose support
// ended more than SUPPORT_RETENTION_DAYS ago. The server also runs it on start; run this daily
// (cron) where the server stays up for long.
import { closeDatabase, getDatabase } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { applyRetention } from "~/services/support-privacy.server";

const days = getEnv().SUPPORT_RETENTION_DAYS;
const handle = await getDatabase();
const count = await applyRetention(handle.db, { days });
console.log(`Retention (${days} days): anonymised ${count} supported person record(s).`);
await closeDatabase();
