// Applies the committed migrations to DATABASE_URL, or to the embedded database.
import { closeDatabase, getDatabase } from "~/lib/db.server";

const handle = await getDatabase();
console.log(`Migrations applied (${handle.kind}).`);
await closeDatabase();
