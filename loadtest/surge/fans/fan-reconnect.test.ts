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
import { FanHttp } from '../wire/fan-http';
import type { CrowdSettings, FanPlan } from './behaviour';
import { ConnectGate } from './connect-gate';
import { Fan, type FanEnvironment } from './fan';
import { waitOnSocket } from './fan-waiting';
import { FanMetrics } from './fan-metrics';
import { humanFan } from './human-fan';
import { Random } from './random';
import { RunStop } from './run-stop';

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

const crowd: CrowdSettings = {
  prequeueSeconds: 60,
  earlySeconds: 0,
  tailSeconds: 60,
  prequeueShare: 1,
  spikeShare: 0,
  connectBeforeT0: true,
  pollingShare: 0,
  bothShowsShare: 0,
  bestAvailableShare: 0,
  abandonShare: 0,
  thinkScale: 0,
  lingerSeconds: 0,
};

function fanOf(token: string, stop: RunStop): Fan {
  const url = node.url as string;
  const env: FanEnvironment = {
    sale: { saleId, t0: Date.now() + 3_600_000, shows: [] },
    crowd,
    socketUrl: url.replace(/^http/, 'ws'),
    http: new FanHttp({ baseUrl: url, maxSockets: 2, timeoutMs: 10_000 }),
    metrics: new FanMetrics(),
    connectGate: new ConnectGate(100, 10),
    stop,
    clockOffsetMs: { value: 0 },
  };
  const plan: FanPlan = {
    behaviour: humanFan.name,
    wave: 'prequeue',
    connectAtMs: -60_000,
    joinAtMs: -60_000,
    waitsByPolling: false,
    showIds: [],
    groupSize: 1,
    tierCode: '',
    bestAvailable: true,
    paymentMethod: 'card',
    staysWhenSoldOut: false,
    patience: 1,
  };
  return new Fan(0, plan, humanFan, { token }, env, Random.forFan(1, 0));
}

/** The ids of this node's sockets in the sale's queue room. */
function queueRoomSockets(): string[] {
  return [...(node.application.io.of('/').adapter.rooms.get(rooms.queue(saleId)) ?? [])];
}

describe('a surge fan whose socket drops while it waits', () => {
  it('reconnects as socket.io-client does, asks for its entry (back in the queue room) and counts the close code', async () => {
    const [account] = await createFans(world, 1);
    const stop = new RunStop();
    const fan = fanOf(account!.token, stop);
    fan.token = account!.token; // signed in, as Fan.run() does first
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
