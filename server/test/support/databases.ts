import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

/** PostgreSQL server the tests use; the machine's own by default. */
const SERVER_URL = process.env.TEST_DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432';
/**
 * A test run's template database: a name of its own, so that two runs on one machine (a session's
 * and CI's) never copy each other's, migrated to another commit's schema.
 */
export const newTemplateDatabaseName = () => `seatrush_template_${randomBytes(5).toString('hex')}`;

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's template database (global-setup.ts), which every test file copies. */
    templateDatabase: string;
  }
}

export const databaseUrl = (name: string) => `${SERVER_URL}/${name}`;
export const adminUrl = () => databaseUrl('postgres');

export async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh, migrated database for one test file; drop() removes it. */
export async function createTestDatabase(): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `seatrush_t_${randomBytes(5).toString('hex')}`;
  const template = inject('templateDatabase');
  await withAdmin((client) => client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  return {
    url: databaseUrl(name),
    name,
    drop: () =>
      withAdmin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(
        () => undefined,
      ),
  };
}
