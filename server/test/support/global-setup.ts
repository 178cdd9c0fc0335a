import pg from 'pg';
import { createDatabase, migrateToLatest } from '../../db/database';
import { TEMPLATE_DATABASE, adminUrl, databaseUrl } from './databases';

/**
 * Once per test run: a template database at the latest migration, from which every test file
 * copies its own database in a few milliseconds.
 */
export default async function setup(): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${TEMPLATE_DATABASE}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${TEMPLATE_DATABASE}"`);
  } finally {
    await admin.end();
  }
  const db = createDatabase(databaseUrl(TEMPLATE_DATABASE), 1);
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
}
