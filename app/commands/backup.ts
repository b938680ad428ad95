// npm run db:backup [-- file]: backs up DATABASE_URL (pg_dump) or the embedded database (tarball).
import { backupDatabase, defaultBackupFile, targetFromEnv } from "./backup-lib";

const target = targetFromEnv();
const file = process.argv[2] ?? defaultBackupFile(target);
await backupDatabase(target, file).catch((error: unknown) => {
  console.error(`Backup failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
