import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SEAT_PULSE_INTERVAL_MS,
  type SeatDelta,
  type SeatDeltas,
  type SeatPulse,
} from '../../shared/protocol/views';
import { SEAT_STATUS } from '../../shared/venue';
import type { Config } from '../config/config';
import type { RunningNode } from '../node';
import {
  command,
  createTestWorld,
  seedShow,
  TestNodes,
  waitFor,
  type ClientSocket,
  type TestShow,
  type TestWorld,
} from './support/harness';

let world: TestWorld;
let show: TestShow;
const testNodes = new TestNodes(() => world);
const { nodes } = testNodes;
const node = (overrides: Partial<Config> = {}) => testNodes.start(overrides);

async function client(target: RunningNode, signedIn = true): Promise<ClientSocket> {
  return (await testNodes.connect(target, { signedIn })).socket;
}

/** A watcher that keeps one section's statuses up to date from snapshot + deltas (rule D3). */
async function watch(socket: ClientSocket, sectionId: number) {
  const deltas: SeatDelta[] = [];
  socket.on('seats:delta', (delta) => deltas.push(delta));
  const reply = await command(socket, 'show:subscribe', {
    showId: show.showId,
    sections: [sectionId],
  });
  if (!reply.ok) throw new Error(reply.error.code);
  const snapshot = reply.data.sections[0]!;
  const firstSeat = nodes[0]!.components.catalogue.layout(show.showId)!.venue.section(sectionId)!.firstSeat;
  const state = { version: snapshot.version, statuses: snapshot.statuses.split('').map(Number), gaps: 0 };
  const apply = () => {
    for (const delta of deltas.splice(0)) {
      if (delta.version <= state.version) continue;
      if (delta.base > state.version) {
        state.gaps++;
        continue;
      }
      for (let i = 0; i < delta.changes.length; i += 2)
        state.statuses[delta.changes[i]! - firstSeat] = delta.changes[i + 1]!;
      state.version = delta.version;
    }
    return state;
  };
  return { deltas, apply, received: () => deltas.length };
}

function sectionOf(seat: number): number {
  return nodes[0]!.components.catalogue.layout(show.showId)!.venue.sectionOf(seat);
}

beforeAll(async () => {
  world = await createTestWorld();
  show = await seedShow(world.db, { seatCount: 500 });
  await node();
  await node();
});

afterAll(async () => {
  await testNodes.stopAll();
  await world.dispose();
});

describe('live seat updates across nodes', () => {
  it('[D2][D4] a hold made through one node reaches a watcher on another', async () => {
    const seat = 5;
    const watcher = await watch(await client(nodes[1]!, false), sectionOf(seat));
    const holder = await client(nodes[0]!);
    const hold = await command(holder, 'seats:hold', { showId: show.showId, seats: [seat] });
    expect(hold.ok).toBe(true);
    const offset =
      seat - nodes[0]!.components.catalogue.layout(show.showId)!.venue.section(sectionOf(seat))!.firstSeat;
    const state = await waitFor(
      () => {
        const current = watcher.apply();
        return current.statuses[offset] === SEAT_STATUS.HELD && current;
      },
      5_000,
      'the delta on the other node',
    );
    expect(state.gaps).toBe(0);
  });

  it('[D2] deltas are coalesced to at most one per section per tick, and rebuild the exact state', async () => {
    const sectionId = sectionOf(100);
    const section = nodes[0]!.components.catalogue.layout(show.showId)!.venue.section(sectionId)!;
    const watcher = await watch(await client(nodes[1]!, false), sectionId);
    const holders = await Promise.all(Array.from({ length: 30 }, () => client(nodes[0]!)));
    // The publisher's ticks, counted on whichever node leads it.
    const ticks = () => nodes.reduce((sum, n) => sum + n.leader('delta-publisher').completedSteps, 0);
    const ticksBefore = ticks();
    const results = await Promise.all(
      holders.map((socket, i) =>
        command(socket, 'seats:hold', { showId: show.showId, seats: [section.firstSeat + 40 + i] }),
      ),
    );
    expect(results.every((result) => result.ok)).toBe(true);
    const { sections } = await nodes[0]!.components.inventory.snapshot(show.showId, [sectionId]);
    await waitFor(
      () => (watcher.deltas.at(-1)?.version ?? 0) >= sections[0]!.version,
      10_000,
      'every hold to reach the watcher',
    );
    // At most one delta a tick (the one in progress as the count was read included).
    expect(watcher.received()).toBeLessThanOrEqual(ticks() - ticksBefore + 1);
    expect(watcher.received()).toBeLessThan(30);

    const state = watcher.apply();
    const fresh = await command(holders[0]!, 'show:subscribe', {
      showId: show.showId,
      sections: [sectionId],
    });
    expect(fresh.ok && fresh.data.sections[0]!.version).toBe(state.version);
    expect(fresh.ok && fresh.data.sections[0]!.statuses).toBe(state.statuses.join(''));
  });

  it('[D2] a map watching every section gets one message a tick for all of them, and no availability', async () => {
    // The last seat of four sections no other test uses.
    const venue = nodes[0]!.components.catalogue.layout(show.showId)!.venue;
    const seats = venue
      .sectionIds()
      .slice(-4)
      .map((id) => venue.section(id)!.firstSeat + venue.section(id)!.seatCount - 2);
    const socket = await client(nodes[1]!, false);
    const batches: SeatDeltas[] = [];
    const single: SeatDelta[] = [];
    const availability: number[][] = [];
    socket.on('seats:deltas', (batch) => batches.push(batch));
    socket.on('seats:delta', (delta) => single.push(delta));
    socket.on('show:availability', (message) => availability.push(message.sections));
    const reply = await command(socket, 'show:subscribe', {
      showId: show.showId,
      sections: 'all',
    });
    expect(reply.ok).toBe(true);
    const holders = await Promise.all(seats.map(() => client(nodes[0]!)));
    const holds = await Promise.all(
      holders.map((holder, i) => command(holder, 'seats:hold', { showId: show.showId, seats: [seats[i]!] })),
    );
    expect(holds.every((hold) => hold.ok)).toBe(true);
    const heard = () => new Set(batches.flatMap((batch) => batch.deltas.map((delta) => delta.sectionId)));
    await waitFor(
      () => seats.every((seat) => heard().has(sectionOf(seat))),
      5_000,
      'every section in the batches',
    );
    // Four sections changed at once reach the map in fewer messages than sections, each a whole tick.
    expect(batches.length).toBeLessThan(seats.length);
    for (const batch of batches) {
      expect(batch.showId).toBe(show.showId);
      expect(new Set(batch.deltas.map((delta) => delta.sectionId)).size).toBe(batch.deltas.length);
    }
    const changes = batches.flatMap((batch) => batch.deltas.flatMap((delta) => delta.changes));
    for (const seat of seats) expect(changes.some((value, i) => i % 2 === 0 && value === seat)).toBe(true);
    // Free counts travel in the batch; neither per-section deltas nor availability come as well.
    expect(single).toEqual([]);
    expect(availability).toEqual([]);
    // Re-reading a few sections after a gap keeps the single message a tick (no section rooms joined).
    const reread = await command(socket, 'show:subscribe', {
      showId: show.showId,
      sections: [sectionOf(seats[0]!)],
    });
    expect(reread.ok).toBe(true);
    await command(holders[0]!, 'seats:hold', { showId: show.showId, seats: [seats[0]! + 1] });
    await waitFor(
      () =>
        batches.some((batch) =>
          batch.deltas.some((delta) =>
            delta.changes.some((value, i) => i % 2 === 0 && value === seats[0]! + 1),
          ),
        ),
      5_000,
      'the next change, batched',
    );
    expect(single).toEqual([]);
  });

  it('[D2] a node with more maps than its budget merges the ticks it holds back into one message', async () => {
    // One map a second: a map here hears at most every MAX_HOLD_BACK_MS.
    const busy = await node({ MAP_DELTA_FANS_PER_S: 1 });
    const socket = await client(busy, false);
    const batches: SeatDeltas[] = [];
    socket.on('seats:deltas', (batch) => batches.push(batch));
    const reply = await command(socket, 'show:subscribe', {
      showId: show.showId,
      sections: 'all',
    });
    expect(reply.ok).toBe(true);
    // Synthetic ticks far above the show's versions, straight into this node's relay.
    const tick = (base: number, changes: number[], epoch = 1): SeatDeltas => ({
      showId: show.showId,
      deltas: [{ epoch, sectionId: 9_001, base, version: base + 1, changes, free: 100 - base }],
    });
    busy.features.inventory.mapRelay.receive(tick(1_000, [1, 1]));
    busy.features.inventory.mapRelay.receive(tick(1_001, [1, 2, 2, 1]));
    busy.features.inventory.mapRelay.receive(tick(1_002, [3, 1]));
    busy.features.inventory.mapRelay.receive(tick(1, [1, 0], 2));
    await waitFor(() => batches.length >= 2, 5_000, 'the held-back ticks');
    const ours = batches.map((batch) => batch.deltas.filter((delta) => delta.sectionId === 9_001));
    // The first tick goes at once; the next two carry on from each other and travel as one delta
    // with each seat's last status; a new epoch cannot be merged and follows in order.
    expect(ours[0]).toEqual([
      { epoch: 1, sectionId: 9_001, base: 1_000, version: 1_001, changes: [1, 1], free: -900 },
    ]);
    expect(ours[1]).toEqual([
      { epoch: 1, sectionId: 9_001, base: 1_001, version: 1_003, changes: [1, 2, 2, 1, 3, 1], free: -902 },
      { epoch: 2, sectionId: 9_001, base: 1, version: 2, changes: [1, 0], free: 99 },
    ]);
  });

  it('[H5] holds expire after their TTL and watchers see the seats free again', async () => {
    const shortHolds = await node({ HOLD_TTL_MS: 300 });
    const seat = 200;
    const watcher = await watch(await client(nodes[1]!, false), sectionOf(seat));
    const holder = await client(shortHolds);
    const hold = await command(holder, 'seats:hold', { showId: show.showId, seats: [seat] });
    expect(hold.ok).toBe(true);
    const offset =
      seat - nodes[0]!.components.catalogue.layout(show.showId)!.venue.section(sectionOf(seat))!.firstSeat;
    await waitFor(() => watcher.apply().statuses[offset] === SEAT_STATUS.HELD, 5_000, 'held');
    const heldAt = Date.now();
    await waitFor(() => watcher.apply().statuses[offset] === SEAT_STATUS.FREE, 5_000, 'freed');
    expect(Date.now() - heldAt).toBeLessThan(3_000);
    const keys = nodes[0]!.components.keys.show(show.showId);
    expect(await world.redis.hget(keys.holds, hold.ok ? hold.data.holdId : '')).toBeNull();
  });

  it('show watchers get per-section availability without seat deltas', async () => {
    const socket = await client(nodes[1]!, false);
    const availability: number[][] = [];
    const deltas: SeatDelta[] = [];
    socket.on('show:availability', (message) => availability.push(message.sections));
    socket.on('seats:delta', (delta) => deltas.push(delta));
    const reply = await command(socket, 'show:subscribe', { showId: show.showId });
    expect(reply.ok && reply.data.sections).toEqual([]);
    const holder = await client(nodes[0]!);
    await command(holder, 'seats:hold', { showId: show.showId, seats: [300] });
    const message = await waitFor(
      () => availability.find((sections) => sections.includes(sectionOf(300))),
      5_000,
      'availability',
    );
    expect(message.length % 2).toBe(0);
    expect(deltas).toEqual([]);
  });

  it('[D5] the show room hears a pulse every interval with the versions of the deltas sent', async () => {
    const seat = 400;
    const sectionId = sectionOf(seat);
    const socket = await client(nodes[1]!, false);
    const pulses: { at: number; pulse: SeatPulse }[] = [];
    const deltas: SeatDelta[] = [];
    socket.on('seats:pulse', (pulse) => pulses.push({ at: Date.now(), pulse }));
    socket.on('seats:delta', (delta) => deltas.push(delta));
    const reply = await command(socket, 'show:subscribe', {
      showId: show.showId,
      sections: [sectionId],
    });
    expect(reply.ok).toBe(true);
    const holder = await client(nodes[0]!);
    expect((await command(holder, 'seats:hold', { showId: show.showId, seats: [seat] })).ok).toBe(true);
    const delta = await waitFor(() => deltas.find((d) => d.sectionId === sectionId), 5_000, 'the delta');

    const versionIn = (pulse: SeatPulse) => {
      const at = pulse.versions.findIndex((value, i) => i % 2 === 0 && value === sectionId);
      return at < 0 ? undefined : pulse.versions[at + 1];
    };
    const covering = await waitFor(
      () => pulses.find(({ pulse }) => (versionIn(pulse) ?? -1) >= delta.version),
      5_000,
      'a pulse with the version of the delta',
    );
    expect(covering.pulse.showId).toBe(show.showId);
    expect(covering.pulse.epoch).toBe(delta.epoch);
    // No pulse claims a version the watcher was never sent.
    const sentUpTo = Math.max(...deltas.filter((d) => d.sectionId === sectionId).map((d) => d.version));
    for (const { pulse } of pulses) expect(versionIn(pulse) ?? 0).toBeLessThanOrEqual(sentUpTo);

    await waitFor(() => pulses.length >= 4, 6_000, 'four pulses');
    const gaps = pulses.slice(1).map(({ at }, i) => at - pulses[i]!.at);
    for (const gap of gaps) {
      expect(gap).toBeGreaterThan(SEAT_PULSE_INTERVAL_MS * 0.5);
      expect(gap).toBeLessThan(SEAT_PULSE_INTERVAL_MS * 2);
    }
  });
});
