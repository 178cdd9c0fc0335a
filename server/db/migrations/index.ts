import type { Migration } from 'kysely';
import * as foundation from './0001_foundation';

/** Every migration, by name; names sort in the order they run. Add new ones at the end. */
export const MIGRATIONS: Record<string, Migration> = {
  '0001_foundation': foundation,
};
