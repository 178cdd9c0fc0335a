import type { Redis } from 'ioredis';
import { rooms } from '../../shared/protocol/events';
import type { SeatDelta } from '../../shared/protocol/views';
import type { ShowLookup } from '../catalogue/catalogue';
import type { RedisKeys } from '../redis/keys';
import type { SeatRushServer } from '../realtime/typed-socket';

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
 * room through the Redis adapter, plus one availability message to the show's room.
 *
 * Runs on one node at a time (a leader job): one reader keeps versions in order. Where it has read
 * up to is kept in Redis, so a node that takes over carries on from there; a client that still
 * misses a version sees the gap and re-reads its snapshot.
 */
export class DeltaPublisher {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly shows: ShowLookup,
    private readonly io: SeatRushServer,
  ) {}

  async tick(): Promise<number> {
    const published = await Promise.all(this.shows.showIds().map((showId) => this.publishShow(showId)));
    return published.reduce((sum, count) => sum + count, 0);
  }

  /** Publishes what the show's stream gained since the last tick; returns the deltas sent. */
  async publishShow(showId: string): Promise<number> {
    const showKeys = this.keys.show(showId);
    const cursor = (await this.redis.get(showKeys.publishedUpTo)) ?? '0-0';
    const entries = await this.redis.xrange(
      showKeys.changes,
      `(${cursor}`,
      '+',
      'COUNT',
      MAX_ENTRIES_PER_TICK,
    );
    const last = entries.at(-1);
    if (!last) return 0;

    const batches = coalesce(entries);
    const availability: number[] = [];
    let epoch = 0;
    for (const [sectionId, batch] of batches) {
      const delta: SeatDelta = {
        showId,
        epoch: batch.epoch,
        sectionId,
        base: batch.base,
        version: batch.version,
        changes: [...batch.statuses].flat(),
        free: batch.free,
      };
      this.io.to(rooms.section(showId, sectionId)).emit('seats:delta', delta);
      availability.push(sectionId, batch.free);
      epoch = Math.max(epoch, batch.epoch);
    }
    this.io.to(rooms.show(showId)).emit('show:availability', { showId, epoch, sections: availability });
    await this.redis.set(showKeys.publishedUpTo, last[0]);
    return batches.size;
  }
}

/** Folds stream entries into one batch per section; versions of one section are consecutive. */
function coalesce(entries: [id: string, fields: string[]][]): Map<number, SectionBatch> {
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
