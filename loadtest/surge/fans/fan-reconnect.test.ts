import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rooms } from '../../../shared/protocol/events';
import type { QueueEntryView } from '../../../shared/protocol/views';
import {
  createFans,
  createTestWorld,
  seedSale,
  seedShow,
  TestNodes,
  waitFor,
  type TestWorld,
} from '../../../server/test/support/harness';
import type { RunningNode } from '../../../server/node';
import { waitOnSocket } from './fan-waiting';
import { RunStop } from './run-stop';
import { testFan } from './test-fan';

/**
 * A surge fan whose socket drops while it waits does what the web app does (socket.io-client
 * reconnects by itself, the page asks for its entry): it comes back to the queue room, which keeps
 * its place (Q10), instead of being passed later as a no-show.
 */

let world: TestWorld;
const nodes = new TestNodes(() => world);
let node: RunningNode;
let saleId: string;

beforeAll(async () => {
  world = await createTestWorld();
  const { showId } = await seedShow(world.db, { seatCount: 200 });
  saleId = (await seedSale(world.db, { showIds: [showId] })).id;
  node = await nodes.start();
});

afterAll(async () => {
  await nodes.stopAll();
  await world.dispose();
});

/** The ids of this node's sockets in the sale's queue room. */
function queueRoomSockets(): string[] {
  return [...(node.application.io.of('/').adapter.rooms.get(rooms.queue(saleId)) ?? [])];
}

describe('a surge fan whose socket drops while it waits', () => {
  it('reconnects as socket.io-client does, asks for its entry (back in the queue room) and counts the close code', async () => {
    const [account] = await createFans(world, 1);
    const stop = new RunStop();
    const fan = testFan(node, saleId, account!.token, stop);
    await fan.openSocket();
    const waiting = waitOnSocket(fan);
    const [firstSocketId] = await waitFor(() => queueRoomSockets().length === 1 && queueRoomSockets());

    // The server ends the transport, as Engine.IO does on a missed heartbeat.
    node.application.io.of('/').sockets.get(firstSocketId!)?.conn.close();

    const [secondSocketId] = await waitFor(
      () => queueRoomSockets().length === 1 && queueRoomSockets()[0] !== firstSocketId && queueRoomSockets(),
      10_000,
      'the fan back in the queue room',
    );
    const second = node.application.io.of('/').sockets.get(secondSocketId!);
    expect(second?.data.identity?.accountId).toBe(account!.id);
    const { counters } = fan.env.metrics;
    expect(counters).toMatchObject({ dropped: 1, reconnected: 1, connected: 1 });
    expect(counters.errorsByCode).toEqual({ SOCKET_LOST_1005: 1 });
    // The place is the one it joined with: the entry it asked for again is the same.
    const entry = await fan.command<QueueEntryView>('queue:status', { saleId });
    expect(entry.ok && entry.data.standing).toBe('prequeue');

    stop.stop();
    await expect(waiting).rejects.toThrow('STOPPED');
    fan.closeTab();
  });
});
