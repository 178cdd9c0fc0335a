import type { Db } from '../db/database';

/** What staff do that is kept in `staff_audit`. */
export type StaffAction = 'queue.settings' | 'seats.block' | 'seats.unblock';

/**
 * Keeps one staff action: who, what, to which sale or show (`sale:ID`, `show:ID`), with what. Given
 * a transaction, it is kept only if the action commits.
 */
export async function recordStaffAction(
  db: Db,
  staffId: string,
  action: StaffAction,
  subject: string,
  details: Record<string, unknown>,
): Promise<void> {
  await db
    .insertInto('staff_audit')
    .values({ staff_id: staffId, action, subject, details: JSON.stringify(details) })
    .execute();
}
