// Loads the demo data into DATABASE_URL or the embedded database. Safe to run twice.
import { closeDatabase, getDatabase } from "~/lib/db.server";
import { loadDemoData } from "./demo";

const handle = await getDatabase();
await loadDemoData(handle.db, console.log);
await closeDatabase();
