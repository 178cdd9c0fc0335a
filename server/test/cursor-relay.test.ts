import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rooms } from '../../shared/protocol/events';
import type { QueueCursor } from '../../shared/protocol/views';
import { CursorRelay } from '../queue/cursor-relay';
import { createTestWorld, TestNodes, waitFor, type ClientSocket, type TestWorld } from './support/harness';

let world: TestWorld;
const testNodes = new TestNodes(() => world);
const SALE = 'relay-sale';

beforeAll(async () => {
  world = await createTestWorld();
});

afterAll(async () => {
  await testNodes.stopAll();
  await world.dispose();
});

const cursor = (nowServing: number): QueueCursor => ({
  saleId: SALE,
  phase: 'live',
  nowServing,
  admitRatePerSecond: 10,
  paused: false,
  soldOut: false,
  allSold: false,
  joined: 100,
  startsAt: 0,
  shuffle: null,
  at: Date.now(),
});

/** Five waiting fans on a node, and the cursors each one hears. */
async function waitingFans(node: Awaited<ReturnType<TestNodes['start']>>) {
  const heard = new Map<ClientSocket, number[]>();
  for (let i = 0; i < 5; i++) {
    const { socket } = await testNodes.connect(node, { signedIn: false });
    heard.set(socket, []);
    socket.on('queue:cursor', (received) => heard.get(socket)!.push(received.nowServing));
  }
  node.application.io.local.socketsJoin(rooms.queue(SALE));
  return heard;
}

describe('[Q8] the cursor relay', () => {
  it('writes a slice a turn, and a newer cursor replaces one still going out', async () => {
    const node = await testNodes.start();
    const heard = await waitingFans(node);
    const relay = new CursorRelay(node.application.io, 2);
    const first = relay.deliver(cursor(10));
    // The first slice is out; the node's event loop turns before the next, and a newer cursor comes.
    const second = relay.deliver(cursor(20));
    await Promise.all([first, second]);
    await waitFor(() => [...heard.values()].every((values) => values.includes(20)), 5_000, 'cursor 20');
    const gotFirst = [...heard.values()].filter((values) => values.includes(10));
    expect(gotFirst).toHaveLength(2);
    for (const values of gotFirst) expect(values).toEqual([10, 20]);
  });

  it('reaches the waiting fans of every node from the pacer on one', async () => {
    const pacerNode = await testNodes.start();
    const otherNode = await testNodes.start();
    const heard = await waitingFans(otherNode);
    new CursorRelay(pacerNode.application.io).publish(cursor(30));
    await waitFor(() => [...heard.values()].every((values) => values.includes(30)), 5_000, 'cursor 30');
  });
});
