import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import en from '../client/src/i18n/locales/en';
import { messagePattern } from './support/messages';
import { newFanPage, openShop, screenshot, seedSale, seedShow, signUp, type Shop } from './support/shop';

const SHOW_IDS = ['sold-out-night-1', 'sold-out-night-2'];
const SALE_ID = 'sale-queue-sold-out';
const SEATS = 100;
const LAST_SEATS = [0, 1];

let shop: Shop;

beforeAll(async () => {
  shop = await openShop({
    seed: async (world) => {
      for (const showId of SHOW_IDS) await seedShow(world.db, { showId, seatCount: SEATS });
      // Live since a minute ago: a fan who joins now gets a place after the draw's.
      await seedSale(world.db, { id: SALE_ID, showIds: SHOW_IDS, startsAt: new Date(Date.now() - 60_000) });
    },
  });
  // Admission paused: the fan stays in line with a place. Every seat but the last two is blocked.
  await shop.node.components.queue.changeSettings(SALE_ID, { paused: true });
  const blocked = Array.from({ length: SEATS - LAST_SEATS.length }, (_, i) => i + LAST_SEATS.length);
  for (const showId of SHOW_IDS) await shop.node.components.inventory.block(showId, blocked, 'production');
});

afterAll(async () => {
  await shop?.stop();
});

describe('a sale that sells out while a fan waits in line', () => {
  it(
    "tells the fan, keeps the place, offers each show's waitlist on a phone, clears when seats come back, and says when every seat is sold",
    { timeout: 90_000 },
    async () => {
      const { page } = await newFanPage(shop, 'en');
      await page.setViewportSize({ width: 390, height: 844 });
      const waitlistReads: string[] = [];
      page.on('request', (request) => {
        if (/\/waitlist\/me$/.test(request.url())) waitlistReads.push(request.url());
      });
      await signUp(page, shop, `/sales/${SALE_ID}/queue`, en);
      await expect.poll(() => page.locator('#queue-standing').textContent()).toBe(en.queue.standing.waiting);
      await page.getByText(en.queue.advice).waitFor();

      // Other fans hold the last seats of both shows: the waiting room says so by itself (the cursor).
      const holds = [];
      for (const showId of SHOW_IDS)
        holds.push(await shop.node.components.inventory.hold(randomUUID(), showId, LAST_SEATS));
      await page.getByText(en.queue.soldOut).waitFor({ timeout: 20_000 });
      expect(await page.locator('#queue-standing').textContent()).toBe(en.queue.standing.waiting);
      const titles = page.getByRole('heading', { name: messagePattern(en.waitlist.titleFor) });
      expect(await titles.count()).toBe(2);
      expect(await titles.first().textContent()).toContain('Test night');
      // Every fan in line hears it at once: no box asks the server for the fan's entry by itself.
      expect(waitlistReads).toEqual([]);

      const join = page.getByRole('button', { name: en.waitlist.join }).first();
      await join.scrollIntoViewIfNeeded();
      const box = await join.boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
      await screenshot(page, 'queue-sold-out-phone');

      await join.click();
      await page.getByText(messagePattern(en.waitlist.joined)).waitFor();
      const entries = await shop.world.db.selectFrom('waitlist_entries').select('show_id').execute();
      expect(entries).toEqual([{ show_id: SHOW_IDS[0] }]);

      // A hold is released: a seat is free again, the notice goes and the fan is still in line.
      await shop.node.components.inventory.release(null, SHOW_IDS[0]!, holds[0]!.holdId, true);
      await page.getByText(en.queue.advice).waitFor({ timeout: 20_000 });
      expect(await page.getByText(en.queue.soldOut).count()).toBe(0);
      expect(await page.locator('#queue-standing').textContent()).toBe(en.queue.standing.waiting);

      // The last seats are sold (here: taken off sale once their baskets are gone): sold out for good.
      await shop.node.components.inventory.release(null, SHOW_IDS[1]!, holds[1]!.holdId, true);
      for (const showId of SHOW_IDS) await shop.node.components.inventory.block(showId, LAST_SEATS, 'sold');
      await page.getByText(en.queue.allSold).waitFor({ timeout: 20_000 });
      expect(await page.getByText(en.queue.soldOut).count()).toBe(0);
      expect(await titles.count()).toBe(2);
      // The waitlist joined before the notice went and came back is still shown as joined.
      expect(await page.getByText(messagePattern(en.waitlist.joined)).count()).toBe(1);
      expect(await page.getByRole('button', { name: en.waitlist.join }).count()).toBe(1);
      await screenshot(page, 'queue-all-sold-phone');
      await page.context().close();
    },
  );
});
