import type { TestProject } from 'vitest/node';
import { createDatabase, migrateToLatest } from '../../db/database';
import { databaseUrl, newTemplateDatabaseName, withAdmin } from './databases';

/**
 * Once per test run: a template database at the latest migration, from which every test file
 * copies its own database in a few milliseconds; dropped when the run ends.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const template = newTemplateDatabaseName();
  await admin(`CREATE DATABASE "${template}"`);
  const db = createDatabase(databaseUrl(template), 1);
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
  project.provide('templateDatabase', template);
  return () => admin(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
}

async function admin(statement: string): Promise<void> {
  await withAdmin((client) => client.query(statement));
}
