// npm run db:restore -- file: restores a backup into DATABASE_URL or the embedded database.
// Stop the app first (the embedded database accepts one process; on PostgreSQL a restore
// replaces every table under the running app).
import { restoreDatabase, targetFromEnv } from "./backup-lib";

const file = process.argv[2];
if (!file) {
  console.error("Usage: npm run db:restore -- <backup file>   (.dump for PostgreSQL, .tar.gz for the embedded database)");
  process.exit(2);
}
await restoreDatabase(targetFromEnv(), file).catch((error: unknown) => {
  console.error(`Restore failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
