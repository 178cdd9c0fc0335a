/** Applies every pending migration to DATABASE_URL, creating the database if needed. */
import { loadConfig } from '../server/config/config';
import { createDatabase, ensureDatabaseExists, migrateToLatest } from '../server/db/database';

const config = loadConfig(process.env, () => 'unused-by-migrations-unused-by-migrations');
await ensureDatabaseExists(config.DATABASE_URL);
const db = createDatabase(config.DATABASE_URL, 1);
try {
  const { results = [] } = await migrateToLatest(db);
  const applied = results
    .filter((result) => result.status === 'Success')
    .map((result) => result.migrationName);
  console.log(applied.length > 0 ? `migrated: ${applied.join(', ')}` : 'database is up to date');
} finally {
  await db.destroy();
}
