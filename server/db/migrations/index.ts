import type { Migration } from 'kysely';
import * as foundation from './0001_foundation';
import * as salesAndQueue from './0002_sales_and_queue';
import * as waitlist from './0003_waitlist';
import * as notifications from './0004_notifications';
import * as ticketsByOrder from './0005_tickets_by_order';
import * as waitlistJoin from './0006_waitlist_join';
import * as staffRolesAndAudit from './0007_staff_roles_and_audit';
import * as waitlistJoinBatch from './0008_waitlist_join_batch';

/** Every migration, by name; names sort in the order they run. Add new ones at the end. */
export const MIGRATIONS: Record<string, Migration> = {
  '0001_foundation': foundation,
  '0002_sales_and_queue': salesAndQueue,
  '0003_waitlist': waitlist,
  '0004_notifications': notifications,
  '0005_tickets_by_order': ticketsByOrder,
  '0006_waitlist_join': waitlistJoin,
  '0007_staff_roles_and_audit': staffRolesAndAudit,
  '0008_waitlist_join_batch': waitlistJoinBatch,
};
