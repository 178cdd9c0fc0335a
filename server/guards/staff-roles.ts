import type { SocketIdentity, StaffRole } from '../../shared/protocol/events';
import { AppError } from '../errors/app-error';

/** Who works the box office: reads the queue and the seat maps, blocks seats. Not the gate. */
export const BOX_OFFICE: readonly StaffRole[] = ['agent', 'manager', 'admin'];

/** Who may change how a sale runs (pause, cap, rate): not the counter's agents. */
export const SALE_MANAGERS: readonly StaffRole[] = ['manager', 'admin'];

/**
 * Refuses (FORBIDDEN) an identity that is not staff of one of `roles`, as its session token says:
 * the same check for an HTTP route and a socket command, and no database read.
 */
export function requireRole(identity: SocketIdentity, roles: readonly StaffRole[]): void {
  if (identity.kind !== 'staff' || !identity.role || !roles.includes(identity.role)) {
    throw new AppError('FORBIDDEN');
  }
}
