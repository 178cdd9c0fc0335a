import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createComponents, type Components } from '../compose';
import { InventoryRebuilder } from '../inventory/inventory-rebuilder';
import { LeaderLoop } from '../jobs/leader-loop';
import {
  createFans,
  createTestWorld,
  deleteKeys,
  seedShow,
  silentLogger,
  type TestWorld,
} from './support/harness';

let world: TestWorld;
let components: Components;
const showId = 'rebuild-show';

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

beforeAll(async () => {
  world = await createTestWorld({ SIMULATED_PAYMENT_LATENCY_MS: '0' });
  await seedShow(world.db, { showId, seatCount: 200 });
  components = await createComponents(world.config, { logger: silentLogger });
  await components.inventory.initialise(showId, { sold: [], blocked: [] });
});

afterAll(async () => {
  await components.close();
  await world.dispose();
});

describe('rebuilding Redis from PostgreSQL', () => {
  it('[H11][C10] an order paid while the rebuild reads PostgreSQL still ends sold in Redis', async () => {
    const { orders, inventory, checkout, keys, catalogue, blocks, redis } = components;
    const [fan] = await createFans(world, 1);
    const hold = await inventory.hold(fan!.id, showId, [7]);

    // The fan's payment succeeded and the hold is pinned; the PostgreSQL commit is on its way.
    const commit = gate();
    const reachedCommit = gate();
    const markPaid = orders.markPaid.bind(orders);
    orders.markPaid = async (...args) => {
      reachedCommit.open();
      await commit.opened;
      return markPaid(...args);
    };
    const paying = checkout.checkout(fan!.id, {
      showId,
      holdId: hold.holdId,
      paymentMethod: 'card',
      idempotencyKey: randomUUID(),
    });
    await reachedCommit.opened;

    // Redis restarts empty; a rebuild reads PostgreSQL (nothing sold yet) and is held there...
    await deleteKeys(world.redis, `${world.config.REDIS_KEY_PREFIX}*`);
    const readDone = gate();
    const writeRedis = gate();
    const soldSeats = orders.soldSeats.bind(orders);
    let reads = 0;
    orders.soldSeats = async (id) => {
      const rows = await soldSeats(id);
      if (reads++ === 0) {
        readDone.open();
        await writeRedis.opened;
      }
      return rows;
    };
    const redlock = LeaderLoop.createRedlock(redis, 5_000);
    const rebuilding = new InventoryRebuilder(
      redlock,
      keys,
      catalogue,
      inventory,
      orders,
      blocks,
      silentLogger,
    ).rebuild(showId);
    await readDone.opened;

    // ...while the order commits: its inline confirm is refused, since the show is not ready...
    commit.open();
    expect((await paying).status).toBe('paid');
    const section = catalogue.layout(showId)!.venue.sectionOf(7);
    expect(await world.redis.hget(keys.show(showId).section(section), '7')).toBeNull();

    // ...and the rebuild, done, confirms the orders paid since its read.
    writeRedis.open();
    expect(await rebuilding).toBe(true);
    const order = await world.db.selectFrom('orders').select('id').executeTakeFirstOrThrow();
    expect(await world.redis.hget(keys.show(showId).section(section), '7')).toBe(`S|${order.id}`);
    orders.markPaid = markPaid;
    orders.soldSeats = soldSeats;
  });

  it('[H11] only one node rebuilds a show at a time', async () => {
    await deleteKeys(world.redis, `${world.config.REDIS_KEY_PREFIX}*`);
    const { orders, inventory, keys, catalogue, blocks, redis } = components;
    const rebuilders = [1, 2, 3].map(
      () =>
        new InventoryRebuilder(
          LeaderLoop.createRedlock(redis, 5_000),
          keys,
          catalogue,
          inventory,
          orders,
          blocks,
          silentLogger,
        ),
    );
    const results = await Promise.all(rebuilders.map((rebuilder) => rebuilder.rebuild(showId)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await inventory.isReady(showId)).toBe(true);
  });
});
