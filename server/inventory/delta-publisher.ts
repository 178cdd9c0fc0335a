import type { Redis } from 'ioredis';
import { rooms } from '../../shared/protocol/events';
import {
  SEAT_PULSE_INTERVAL_MS,
  type SeatDelta,
  type SeatPulse,
  type SectionDelta,
} from '../../shared/protocol/views';
import type { ShowLookup } from '../catalogue/catalogue';
import type { RedisKeys, ShowKeys } from '../redis/keys';
import type { SeatRushServer } from '../realtime/typed-socket';
import type { MapDeltaRelay } from './map-delta-relay';

/** Stream entries read per show per tick; more wait for the next tick. */
const MAX_ENTRIES_PER_TICK = 20_000;

interface SectionBatch {
  epoch: number;
  base: number;
  version: number;
  free: number;
  /** seat -> last status in this batch */
  statuses: Map<number, number>;
}

/**
 * Turns each show's change stream into coalesced seat deltas: every tick (DELTA_INTERVAL_MS), at
 * most one message per section, carrying each changed seat's latest status, sent to the section's
 * room through the Redis adapter, and all of them to every node's MapDeltaRelay for the maps that
 * watch every section. Every
 * SEAT_PULSE_INTERVAL_MS it also sends the show's room a pulse with the versions sent so far
 * (docs/holds-spec.md D5), read in the same atomic step as the stream.
 *
 * Runs on one node at a time (a leader job): one reader keeps versions in order. Where it has read
 * up to is kept in Redis, so a node that takes over carries on from there; a client that still
 * misses a version sees the gap and re-reads its snapshot.
 */
export class DeltaPublisher {
  /** When each show's next pulse is due (epoch ms); a new leader pulses at once. */
  private readonly nextPulseAt = new Map<string, number>();
  /** Free counts changed since each show's last availability message, by section, and their epoch. */
  private readonly unsentAvailability = new Map<string, { epoch: number; free: Map<number, number> }>();

  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly shows: ShowLookup,
    private readonly io: SeatRushServer,
    private readonly relay: MapDeltaRelay,
  ) {}

  async tick(): Promise<number> {
    const published = await Promise.all(this.shows.showIds().map((showId) => this.publishShow(showId)));
    return published.reduce((sum, count) => sum + count, 0);
  }

  /** Publishes what the show's stream gained since the last tick; returns the deltas sent. */
  async publishShow(showId: string, now = Date.now()): Promise<number> {
    const showKeys = this.keys.show(showId);
    const cursor = (await this.redis.get(showKeys.publishedUpTo)) ?? '0-0';
    const pulseDue = now >= (this.nextPulseAt.get(showId) ?? 0);
    const read = await this.readChanges(showKeys, cursor, pulseDue);
    const last = read.entries.at(-1);
    const sent = last ? this.sendDeltas(showId, read.entries) : 0;
    if (last) await this.redis.set(showKeys.publishedUpTo, last[0]);
    // Versions read with a stream cut short by MAX_ENTRIES_PER_TICK are ahead of what was sent.
    if (read.pulse && read.entries.length < MAX_ENTRIES_PER_TICK) {
      this.io.to(rooms.show(showId)).emit('seats:pulse', { showId, ...read.pulse });
      this.nextPulseAt.set(showId, now + SEAT_PULSE_INTERVAL_MS);
      this.sendAvailability(showId);
    }
    return sent;
  }

  /**
   * The stream's entries after `cursor` and, for a pulse, the show's epoch and section versions in
   * the same MULTI (one slot: the keys share the show's hash tag), so the versions are exactly those
   * of the stream's last entry. No pulse while the show is not ready (being rebuilt): the clients'
   * free seats then stop being trusted, as they should.
   */
  private async readChanges(
    showKeys: ShowKeys,
    cursor: string,
    withPulse: boolean,
  ): Promise<{ entries: StreamEntry[]; pulse?: Omit<SeatPulse, 'showId'> }> {
    const range = ['(' + cursor, '+', 'COUNT', MAX_ENTRIES_PER_TICK] as const;
    if (!withPulse)
      return { entries: (await this.redis.xrange(showKeys.changes, ...range)) as StreamEntry[] };
    const replies = await this.redis
      .multi()
      .xrange(showKeys.changes, ...range)
      .hmget(showKeys.meta, 'ready', 'epoch')
      .hgetall(showKeys.versions)
      .exec();
    const [entries, [ready, epoch], versions] = (replies ?? []).map(([error, value]) => {
      if (error) throw error;
      return value;
    }) as [StreamEntry[], (string | null)[], Record<string, string>];
    if (ready !== '1' || !epoch) return { entries };
    const flat = Object.entries(versions).flatMap(([sectionId, version]) => [
      Number(sectionId),
      Number(version),
    ]);
    return { entries, pulse: { epoch: Number(epoch), versions: flat } };
  }

  /**
   * One SeatDeltas to the maps watching every section and one SeatDelta per changed section to
   * those watching it by id, every tick; the free counts are kept for the show's room. [D2]
   */
  private sendDeltas(showId: string, entries: StreamEntry[]): number {
    const batches = coalesce(entries);
    const deltas: SectionDelta[] = [];
    let unsent = this.unsentAvailability.get(showId);
    for (const [sectionId, batch] of batches) {
      const delta: SectionDelta = {
        epoch: batch.epoch,
        sectionId,
        base: batch.base,
        version: batch.version,
        changes: [...batch.statuses].flat(),
        free: batch.free,
      };
      deltas.push(delta);
      this.io
        .to(rooms.section(showId, sectionId))
        .emit('seats:delta', { showId, ...delta } satisfies SeatDelta);
      if (!unsent || batch.epoch > unsent.epoch) unsent = { epoch: batch.epoch, free: new Map() };
      if (batch.epoch === unsent.epoch) unsent.free.set(sectionId, batch.free);
    }
    if (unsent) this.unsentAvailability.set(showId, unsent);
    // Every node's relay passes them on to its maps that watch every section, at its own pace.
    this.relay.publish({ showId, deltas });
    return batches.size;
  }

  /**
   * The free counts changed since the last one, with the pulse, to the show's room but the maps
   * watching every section (their deltas carry them): an overview (the event page, the box office)
   * hears of them every second, not every tick. [D2]
   */
  private sendAvailability(showId: string): void {
    const unsent = this.unsentAvailability.get(showId);
    if (!unsent || unsent.free.size === 0) return;
    this.unsentAvailability.delete(showId);
    this.io
      .to(rooms.show(showId))
      .except(rooms.showSeats(showId))
      .emit('show:availability', { showId, epoch: unsent.epoch, sections: [...unsent.free].flat() });
  }
}

type StreamEntry = [id: string, fields: string[]];

/** Folds stream entries into one batch per section; versions of one section are consecutive. */
function coalesce(entries: StreamEntry[]): Map<number, SectionBatch> {
  const batches = new Map<number, SectionBatch>();
  for (const [, fields] of entries) {
    const entry = fieldsOf(fields);
    const sectionId = Number(entry.s);
    const version = Number(entry.v);
    const epoch = Number(entry.e);
    let batch = batches.get(sectionId);
    if (!batch || batch.epoch !== epoch) {
      batch = { epoch, base: version - 1, version, free: 0, statuses: new Map() };
      batches.set(sectionId, batch);
    }
    batch.version = version;
    batch.free = Number(entry.f);
    for (const change of (entry.c ?? '').split(',')) {
      const [seat, status] = change.split(':');
      if (seat !== undefined && status !== undefined) batch.statuses.set(Number(seat), Number(status));
    }
  }
  return batches;
}

function fieldsOf(fields: string[]): Record<string, string> {
  const record: Record<string, string> = {};
  for (let i = 0; i + 1 < fields.length; i += 2) record[fields[i] as string] = fields[i + 1] as string;
  return record;
}
