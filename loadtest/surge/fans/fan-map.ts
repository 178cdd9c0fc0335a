import type { SeatDelta, SeatDeltas, ShowSnapshot } from '../../../shared/protocol/views';
import { parseDeferred } from '../wire/fan-socket';
import type { ShowInfo } from './behaviour';

/**
 * One fan's live map of one show, kept as the web app keeps it (docs/holds-spec.md D3, D4): a
 * snapshot per section, then deltas applied when `base <= version < delta.version`; a gap or another
 * epoch marks the map stale, and the fan subscribes again before its next pick. Frames of seat
 * changes are kept raw as they arrive and applied, in order, when the fan looks (`catchUp`).
 */
export class FanMap {
  readonly statuses: Uint8Array;
  private readonly versions = new Map<number, number>();
  private epoch = 0;
  stale = true;
  deltasApplied = 0;
  gaps = 0;

  constructor(readonly show: ShowInfo) {
    this.statuses = new Uint8Array(show.seatCount);
  }

  private readonly unread: Buffer[] = [];

  /** A seats:deltas frame, kept until the fan looks at its map. */
  keep(frame: Buffer): void {
    this.unread.push(frame);
  }

  /** Applies every frame kept so far, in the order they came. */
  catchUp(): void {
    for (const frame of this.unread.splice(0)) {
      const batch = parseDeferred<SeatDeltas>(frame);
      if (batch?.showId !== this.show.id) continue;
      for (const delta of batch.deltas) this.applyDelta({ showId: batch.showId, ...delta });
    }
  }

  applySnapshot(snapshot: ShowSnapshot): void {
    // Frames kept before this snapshot was read may be older than it: D3 skips what it covers.
    this.epoch = snapshot.epoch;
    for (const section of snapshot.sections) {
      const geometry = this.show.venue.sectionsById.get(section.sectionId);
      if (!geometry) continue;
      for (let offset = 0; offset < section.statuses.length; offset++) {
        this.statuses[geometry.firstSeat + offset] = section.statuses.charCodeAt(offset) - 48;
      }
      this.versions.set(section.sectionId, section.version);
    }
    this.stale = false;
  }

  applyDelta(delta: SeatDelta): void {
    if (this.stale) return;
    const version = this.versions.get(delta.sectionId);
    if (delta.epoch !== this.epoch || version === undefined || version < delta.base) {
      this.stale = true;
      this.gaps++;
      return;
    }
    if (version >= delta.version) return;
    const { changes } = delta;
    for (let i = 0; i + 1 < changes.length; i += 2)
      this.statuses[changes[i] as number] = changes[i + 1] as number;
    this.versions.set(delta.sectionId, delta.version);
    this.deltasApplied++;
  }

  /** Free seats on the map (the count a fan sees on the overview). */
  freeSeats(): number {
    let free = 0;
    for (const status of this.statuses) if (status === 0) free++;
    return free;
  }
}
