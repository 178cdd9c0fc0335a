import { rooms } from '../../shared/protocol/events';
import type { SeatDeltas, SectionDelta } from '../../shared/protocol/views';
import type { SeatRushServer } from '../realtime/typed-socket';

/**
 * Longest a node holds a map's deltas back. Below the pulse interval, so that a delta held back
 * still arrives before the pulse after the one that named its version (D5).
 */
export const MAX_HOLD_BACK_MS = 500;

interface PendingSection {
  sectionId: number;
  epoch: number;
  base: number;
  version: number;
  free: number;
  /** seat -> latest status */
  statuses: Map<number, number>;
}

interface PendingShow {
  /** In order of arrival; a section appears again only after a gap or a new epoch. */
  sections: PendingSection[];
  bySection: Map<number, PendingSection>;
  timer?: NodeJS.Timeout;
}

/**
 * Each node's last leg of the deltas to the maps that watch every section (D2). The publisher hands
 * every node each tick's SeatDeltas; the node passes them on to its own such maps at most every
 * `maps here / MAP_DELTA_FANS_PER_S` seconds (from every tick up to MAX_HOLD_BACK_MS), the ticks
 * in between merged into one message. A broadcast costs each socket a write whatever its size: in
 * an on-sale thousands of maps are open, and ten messages a second to each would take the CPU the
 * holds and checkouts need; a map a few hundred milliseconds behind loses nothing, as a hold on a
 * seat taken meanwhile is refused and the map is corrected by the same message.
 */
export class MapDeltaRelay {
  private readonly pending = new Map<string, PendingShow>();
  private readonly lastSentAt = new Map<string, number>();

  constructor(
    private readonly io: SeatRushServer,
    private readonly mapsPerSecond: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The publisher's tick, to every node (this one included). */
  publish(tick: SeatDeltas): void {
    this.io.serverSideEmit('seats:tick', tick);
    this.receive(tick);
  }

  /** One publisher tick's deltas of a show. */
  receive({ showId, deltas }: SeatDeltas): void {
    const maps = this.localMaps(showId);
    if (maps === 0) {
      // Nobody here to tell; a map that subscribes from now on reads a snapshot that has these.
      this.discard(showId);
      return;
    }
    const show: PendingShow = this.pending.get(showId) ?? { sections: [], bySection: new Map() };
    this.pending.set(showId, show);
    for (const delta of deltas) merge(show, delta);
    const dueAt = (this.lastSentAt.get(showId) ?? 0) + this.holdBackMs(maps);
    if (this.now() >= dueAt) this.flush(showId);
    else show.timer ??= setTimeout(() => this.flush(showId), dueAt - this.now());
  }

  /** Sends what is held back now (tests, and a node that stops). */
  flushAll(): void {
    for (const showId of [...this.pending.keys()]) this.flush(showId);
  }

  private holdBackMs(maps: number): number {
    return Math.min(MAX_HOLD_BACK_MS, (maps / this.mapsPerSecond) * 1000);
  }

  private localMaps(showId: string): number {
    return this.io.of('/').adapter.rooms.get(rooms.showSeats(showId))?.size ?? 0;
  }

  private flush(showId: string): void {
    const show = this.pending.get(showId);
    if (!show) return;
    this.discard(showId);
    this.lastSentAt.set(showId, this.now());
    const deltas = show.sections.map((section): SectionDelta => ({
      epoch: section.epoch,
      sectionId: section.sectionId,
      base: section.base,
      version: section.version,
      changes: [...section.statuses].flat(),
      free: section.free,
    }));
    this.io.local.to(rooms.showSeats(showId)).emit('seats:deltas', { showId, deltas });
  }

  private discard(showId: string): void {
    const show = this.pending.get(showId);
    if (show?.timer) clearTimeout(show.timer);
    this.pending.delete(showId);
  }
}

/** Folds a delta into the section's pending one when it carries on from it (D3), else queues it. */
function merge(show: PendingShow, delta: SectionDelta): void {
  let held = show.bySection.get(delta.sectionId);
  if (!held || held.epoch !== delta.epoch || delta.base > held.version) {
    const { sectionId, epoch, base, version, free } = delta;
    held = { sectionId, epoch, base, version, free, statuses: new Map() };
    show.sections.push(held);
    show.bySection.set(delta.sectionId, held);
  }
  held.version = Math.max(held.version, delta.version);
  held.free = delta.free;
  for (let i = 0; i + 1 < delta.changes.length; i += 2)
    held.statuses.set(delta.changes[i] as number, delta.changes[i + 1] as number);
}
