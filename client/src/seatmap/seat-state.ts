import { SEAT_FLAG, SEAT_STATUS } from '../../../shared/venue';
import type { VenueModel } from '../venue/venue-model';

/**
 * Status of a seat whose section is not trusted (no snapshot yet, offline, updates paused:
 * docs/holds-spec.md D6): shown as unavailable, never as free.
 */
export const SEAT_STATUS_UNKNOWN = 255;

/** How a seat looks to this fan, in legend and list terms. */
export type SeatState = 'free' | 'taken' | 'unknown' | 'selected' | 'mine' | 'notForSale';

export interface SeatContext {
  model: VenueModel;
  statuses: Uint8Array;
  selected: ReadonlySet<number>;
  mine: ReadonlySet<number>;
  tierColours: readonly (string | undefined)[];
}

export function seatStateOf(seat: number, context: SeatContext): SeatState {
  if (context.mine.has(seat)) return 'mine';
  if (context.selected.has(seat)) return 'selected';
  if (!context.tierColours[context.model.seatTier[seat] ?? -1]) return 'notForSale';
  const status = context.statuses[seat];
  return status === SEAT_STATUS.FREE ? 'free' : status === SEAT_STATUS_UNKNOWN ? 'unknown' : 'taken';
}

export type SeatFlagName = 'accessible' | 'companion' | 'restrictedView';

export function seatFlagNames(model: VenueModel, seat: number): SeatFlagName[] {
  const flags = model.seatFlags[seat] ?? 0;
  const names: SeatFlagName[] = [];
  if (flags & SEAT_FLAG.ACCESSIBLE) names.push('accessible');
  if (flags & SEAT_FLAG.COMPANION) names.push('companion');
  if (flags & SEAT_FLAG.RESTRICTED_VIEW) names.push('restrictedView');
  return names;
}
