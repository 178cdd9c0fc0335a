import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import en from '../client/src/i18n/locales/en';
import {
  newFanPage,
  openShop,
  screenshot,
  seedSale,
  seedShow,
  signUp,
  startSale,
  type Shop,
} from './support/shop';

const SHOW_ID = 'queue-reconnect';
const SALE_ID = 'sale-queue-reconnect';

let shop: Shop;

beforeAll(async () => {
  shop = await openShop();
});

afterAll(async () => {
  await shop?.stop();
});

/**
 * A fan in the waiting room whose live connection can be cut: while `cut.on`, every Socket.IO
 * request (WebSocket and long-polling) of the page fails, and the HTTP API still answers.
 */
async function waitingFan(): Promise<{ page: Page; email: string; cut: { on: boolean } }> {
  const { page } = await newFanPage(shop, 'en');
  const cut = { on: false };
  await page.routeWebSocket(/\/socket\.io\//, (ws) => (cut.on ? ws.close() : ws.connectToServer()));
  await page.route(/\/socket\.io\//, (route) => (cut.on ? route.abort() : route.continue()));
  const email = await signUp(page, shop, `/sales/${SALE_ID}/queue`, en);
  await expect.poll(() => page.locator('#queue-standing').textContent()).toBe(en.queue.standing.prequeue);
  return { page, email, cut };
}

const placeOf = async (page: Page) =>
  Number((await page.locator('.queue-figures dd').first().textContent())?.replace(/\D/g, ''));
const connectionOf = (page: Page) => page.locator('.queue-connection').textContent();

describe('a waiting fan whose connection drops', () => {
  it(
    'keeps the place, follows the queue by polling, and is admitted once back',
    { timeout: 120_000 },
    async () => {
      await seedShow(shop.world.db, { showId: SHOW_ID, seatCount: 200, seatLimitPerAccount: 4 });
      // T0 an hour away: two fans sign up and join before the draw, which the test then brings on.
      await seedSale(shop.world.db, { id: SALE_ID, showIds: [SHOW_ID] });
      const [alice, bob] = await Promise.all([waitingFan(), waitingFan()]);
      // Admission stays paused through the draw: both fans wait with a place.
      await shop.node.components.queue.changeSettings(SALE_ID, { paused: true });
      await startSale(shop, SALE_ID);
      await alice.page.getByText(en.queue.etaPaused).waitFor({ timeout: 30_000 });
      await bob.page.getByText(en.queue.etaPaused).waitFor();
      const place = await placeOf(alice.page);
      expect([1, 2]).toContain(place);
      expect(await placeOf(bob.page)).toBe(3 - place);

      // Alice's live connection goes: the server closes her sockets and no new one gets through.
      alice.cut.on = true;
      const account = await shop.world.db
        .selectFrom('accounts')
        .select('id')
        .where('email', '=', alice.email)
        .executeTakeFirstOrThrow();
      for (const socket of await shop.node.application.io.fetchSockets()) {
        if (socket.data.identity?.accountId === account.id) socket.disconnect(true);
      }
      await expect.poll(() => connectionOf(alice.page)).toContain(en.queue.connection.reconnecting);
      // After a few seconds without a socket she polls the status endpoint, still in her place.
      await expect
        .poll(() => connectionOf(alice.page), { timeout: 20_000 })
        .toContain(en.queue.connection.polling);
      expect(await placeOf(alice.page)).toBe(place);
      await screenshot(alice.page, 'queue-reconnect-polling');

      // The connection is back: live again, same place, and the queue still holds two fans.
      alice.cut.on = false;
      await expect
        .poll(() => connectionOf(alice.page), { timeout: 30_000 })
        .toContain(en.queue.connection.connected);
      expect(await placeOf(alice.page)).toBe(place);
      const entry = await shop.node.components.queue.entry(account.id, SALE_ID);
      expect(entry.place).toBe(place);
      expect((await shop.node.components.queue.stats(SALE_ID)).joined).toBe(2);

      // Admission resumes: she goes on to the seats.
      await shop.node.components.queue.changeSettings(SALE_ID, { paused: false });
      await alice.page.waitForURL((url) => url.hash === `#/shows/${SHOW_ID}`, { timeout: 30_000 });
      await alice.page.context().close();
      await bob.page.context().close();
    },
  );
});
