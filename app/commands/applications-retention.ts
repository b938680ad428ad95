// `npm run applications:retention`: deletes the names, phones, e-mails and notes of residents'
// applications whose last session ended more than APPLICATION_RETENTION_DAYS ago. The server also
// runs it on start and hourly; run this from cron where the server is not always up.
import { closeDatabase, getDatabase } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { purgeExpiredApplicants } from "~/services/applications.server";

const days = getEnv().APPLICATION_RETENTION_DAYS;
const handle = await getDatabase();
const count = await purgeExpiredApplicants(handle.db, { days });
console.log(`Retention (${days} days): deleted the contact data of ${count} application(s).`);
await closeDatabase();
