import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import en from '../client/src/i18n/locales/en';
import { messagePattern } from './support/messages';
import { newFanPage, openShop, screenshot, seedSale, seedShow, signUp, type Shop } from './support/shop';

const SHOW_ID = 'queue-sold-out';
const SALE_ID = 'sale-queue-sold-out';
const SEATS = 100;
const LAST_SEATS = [0, 1];

let shop: Shop;

beforeAll(async () => {
  shop = await openShop({
    seed: async (world) => {
      await seedShow(world.db, { showId: SHOW_ID, seatCount: SEATS });
      // Live since a minute ago: a fan who joins now gets a place after the draw's.
      await seedSale(world.db, { id: SALE_ID, showIds: [SHOW_ID], startsAt: new Date(Date.now() - 60_000) });
    },
  });
  // Admission paused: the fan stays in line with a place. Every seat but the last two is blocked.
  await shop.node.components.queue.changeSettings(SALE_ID, { paused: true });
  const blocked = Array.from({ length: SEATS - LAST_SEATS.length }, (_, i) => i + LAST_SEATS.length);
  await shop.node.components.inventory.block(SHOW_ID, blocked, 'production');
});

afterAll(async () => {
  await shop?.stop();
});

describe('a sale that sells out while a fan waits in line', () => {
  it(
    'tells the fan, keeps the place, offers the waitlist on a phone, and clears when seats come back',
    { timeout: 90_000 },
    async () => {
      const { page } = await newFanPage(shop, 'en');
      await page.setViewportSize({ width: 390, height: 844 });
      await signUp(page, shop, `/sales/${SALE_ID}/queue`, en);
      await expect.poll(() => page.locator('#queue-standing').textContent()).toBe(en.queue.standing.waiting);
      await page.getByText(en.queue.advice).waitFor();

      // Another fan holds the last two seats: the waiting room says so by itself (the cursor).
      const hold = await shop.node.components.inventory.hold(randomUUID(), SHOW_ID, LAST_SEATS);
      await page.getByText(en.queue.soldOut).waitFor({ timeout: 20_000 });
      expect(await page.locator('#queue-standing').textContent()).toBe(en.queue.standing.waiting);
      const join = page.getByRole('button', { name: en.waitlist.join });
      await join.scrollIntoViewIfNeeded();
      const box = await join.boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
      await screenshot(page, 'queue-sold-out-phone');

      await join.click();
      await page.getByText(messagePattern(en.waitlist.joined)).waitFor();
      const entries = await shop.world.db.selectFrom('waitlist_entries').select('show_id').execute();
      expect(entries).toEqual([{ show_id: SHOW_ID }]);

      // The hold is released: seats are free again, the notice goes and the fan is still in line.
      await shop.node.components.inventory.release(null, SHOW_ID, hold.holdId, true);
      await page.getByText(en.queue.advice).waitFor({ timeout: 20_000 });
      expect(await page.getByText(en.queue.soldOut).count()).toBe(0);
      expect(await page.locator('#queue-standing').textContent()).toBe(en.queue.standing.waiting);
      await page.context().close();
    },
  );
});
