import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import en from '../client/src/i18n/locales/en';
import { DeltaPublisher } from '../server/inventory/delta-publisher';
import { fanOnMap, holdSeats, seatState } from './support/seat-list';
import { openShop, screenshot, seedShow, type Shop } from './support/shop';

const SHOW_ID = 'paused-updates';

let shop: Shop;
let resumed: ReturnType<typeof setInterval> | undefined;

beforeAll(async () => {
  shop = await openShop({
    seed: (world) => seedShow(world.db, { showId: SHOW_ID, seatCount: 400, seatLimitPerAccount: 4 }),
  });
});

afterAll(async () => {
  clearInterval(resumed);
  await shop?.stop();
});

describe('a connected map whose updates stop (docs/holds-spec.md D5, D6)', () => {
  it(
    'shows no seat as free while the pulses are missing, and re-reads a lost delta after',
    { timeout: 90_000 },
    async () => {
      const { page: alice } = await fanOnMap(shop, SHOW_ID);
      const { page: bob } = await fanOnMap(shop, SHOW_ID);

      // The delta publisher stops (a stuck leader): holds still happen, nothing reaches the maps.
      await shop.node.leader('delta-publisher').stop();
      await holdSeats(bob, [3]);
      await alice.getByText(en.seatmap.paused).waitFor({ timeout: 10_000 });
      expect(await seatState(alice, 3)).toBe('unknown');
      expect(await seatState(alice, 4)).toBe('unknown');
      await screenshot(alice, 'paused-updates');

      // Bob's hold is lost on the way: the stream is skipped past it, so no delta will carry it.
      const { components } = shop.node;
      const showKeys = components.keys.show(SHOW_ID);
      const [last] = await shop.world.redis.xrevrange(showKeys.changes, '+', '-', 'COUNT', 1);
      await shop.world.redis.set(showKeys.publishedUpTo, last![0]);

      // A new publisher takes over. Its pulses bring Alice's map back, and tell it that seat 3's
      // section is behind: she re-reads it and sees the seat taken.
      const publisher = new DeltaPublisher(
        components.redis,
        components.keys,
        components.catalogue,
        shop.node.application.io,
        shop.node.features.inventory.mapRelay,
      );
      resumed = setInterval(() => void publisher.tick(), shop.world.config.DELTA_INTERVAL_MS);
      await alice.getByText(en.seatmap.paused).waitFor({ state: 'detached', timeout: 10_000 });
      await expect.poll(() => seatState(alice, 4)).toBe('free');
      await expect.poll(() => seatState(alice, 3), { timeout: 10_000 }).toBe('taken');
      const counters = await alice.evaluate(
        () => (globalThis as { __seatmapFeed?: { resyncRequests: number } }).__seatmapFeed,
      );
      expect(counters?.resyncRequests).toBeGreaterThan(0);
      await alice.context().close();
      await bob.context().close();
    },
  );
});
