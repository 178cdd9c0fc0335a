import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { createComponents, type Components } from '../../compose';
import { createTestWorld, deleteKeys, seedSale, seedShow, silentLogger, type TestWorld } from './harness';

/**
 * The waiting-room tests' world: one sale over two 500-seat shows, its queue reset before each test
 * (T0 an hour away, no cap, a rate no test reaches), and the steps they share.
 */

export const SALE = 'test-sale';

export const fan = (i: number) => `fan-${String(i).padStart(6, '0')}`;

export interface SaleSettings {
  activeCap?: number;
  admitRatePerSecond?: number;
}

export function queueSaleWorld() {
  let world: TestWorld;
  let components: Components;

  /** Moves the sale's start (T0) and lets the queue see it. */
  async function startSaleAt(startsAt: Date, settings: SaleSettings = {}) {
    await world.db
      .updateTable('sales')
      .set({
        starts_at: startsAt,
        prequeue_opens_at: new Date(Math.min(Date.now() - 60_000, startsAt.getTime())),
        ...(settings.activeCap !== undefined && { active_cap: settings.activeCap }),
        ...(settings.admitRatePerSecond !== undefined && {
          admit_rate_per_second: settings.admitRatePerSecond,
        }),
      })
      .where('id', '=', SALE)
      .execute();
    await components.catalogue.refresh();
    await components.queue.ensure(components.catalogue.sale(SALE)!);
    await components.queue.changeSettings(SALE, settings);
  }

  /** The shuffle, once T0 has passed. */
  async function shuffle(): Promise<void> {
    expect(
      await components.queue.freezeIfDue(components.catalogue.sale(SALE)!, () =>
        components.salesRepository.seed(SALE),
      ),
    ).toBe(true);
  }

  /** A sale that started a second ago, shuffled. */
  async function freeze(settings: SaleSettings = {}): Promise<void> {
    await startSaleAt(new Date(Date.now() - 1000), settings);
    await shuffle();
  }

  /** An empty admission bucket last filled `msAgo`: the next step admits what the rate allows since. */
  async function bucketEmptiedAgo(msAgo: number): Promise<void> {
    await components.redis.hset(components.keys.sale(SALE).meta, {
      allowance: 0,
      allowanceAt: Date.now() - msAgo,
    });
  }

  beforeAll(async () => {
    world = await createTestWorld();
    await seedShow(world.db, { showId: 'night-1', seatCount: 500 });
    await seedShow(world.db, { showId: 'night-2', seatCount: 500 });
    await seedSale(world.db, {
      id: SALE,
      showIds: ['night-1', 'night-2'],
      activeCap: 1_000_000,
      admitRatePerSecond: 100_000,
    });
    components = await createComponents(world.config, { logger: silentLogger });
    for (const showId of ['night-1', 'night-2'])
      await components.inventory.initialise(showId, { sold: [], blocked: [] });
  }, 60_000);

  beforeEach(async () => {
    await deleteKeys(world.redis, `${world.config.REDIS_KEY_PREFIX}{sale:*`);
    await world.db
      .updateTable('sales')
      .set({ active_cap: 1_000_000, admit_rate_per_second: 100_000 })
      .execute();
    await startSaleAt(new Date(Date.now() + 3600_000));
  });

  afterAll(async () => {
    await components.close();
    await world.dispose();
  });

  return {
    get world() {
      return world;
    },
    get components() {
      return components;
    },
    startSaleAt,
    shuffle,
    freeze,
    bucketEmptiedAgo,
  };
}
