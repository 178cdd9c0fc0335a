import { SEAT_FLAG, SEAT_STATUS } from '../../../shared/venue';
import type { VenueModel } from '../venue/venue-model';

/** How a seat looks to this fan, in legend and list terms. */
export type SeatState = 'free' | 'taken' | 'selected' | 'mine' | 'notForSale';

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
  return context.statuses[seat] === SEAT_STATUS.FREE ? 'free' : 'taken';
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
