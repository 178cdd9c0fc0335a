import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillMessage, messagePattern, messagesOf } from './support/messages';
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

let shop: Shop;

/** A slow mobile link (about "fast 3G"): 400 ms round trips, 200 KB/s down, 80 KB/s up. */
async function slowNetwork(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 400,
    downloadThroughput: 200 * 1024,
    uploadThroughput: 80 * 1024,
  });
}

beforeAll(async () => {
  shop = await openShop();
});

afterAll(async () => {
  await shop?.stop();
});

/**
 * The whole journey of one fan in the app, in their language, against the real server: sign up,
 * join the pre-queue, the draw at T0, admission, seats from the list, hold, checkout, payment, the
 * confirmation and My tickets.
 */
describe.each(['th', 'ko', 'en'])('the journey in %s', (language) => {
  it('goes from the pre-queue to tickets', { timeout: 120_000 }, async () => {
    const m = await messagesOf(language);
    const showId = `journey-${language}`;
    const saleId = `sale-${language}`;
    await seedShow(shop.world.db, { showId, seatCount: 600, seatLimitPerAccount: 4 });
    // T0 an hour away: the fan signs up and joins before the draw, which the test then brings on.
    await seedSale(shop.world.db, { id: saleId, showIds: [showId] });
    const { context, page } = await newFanPage(shop, language);
    try {
      await signUp(page, shop, `/sales/${saleId}/queue`, m);
      expect(await page.getAttribute('html', 'lang')).toBe(language);

      // The pre-queue: in, waiting for the draw.
      await expect.poll(() => page.locator('#queue-standing').textContent()).toBe(m.queue.standing.prequeue);
      await page.getByText(m.queue.advice).waitFor();
      await screenshot(page, `journey-${language}-1-prequeue`);
      // A reload keeps the place: still in the pre-queue, and still the only fan who joined.
      await page.reload();
      await expect.poll(() => page.locator('#queue-standing').textContent()).toBe(m.queue.standing.prequeue);
      await page
        .getByText(fillMessage(m.queue.joined_one ?? m.queue.joined_other ?? '', { count: 1 }))
        .waitFor();
      if (language === 'en') await slowNetwork(page); // the rest of this journey on a slow mobile link

      // T0: the draw, then admission (the cap is far above one fan): a sale of one show leads
      // straight to its seat map, with the shopping window's countdown.
      await startSale(shop, saleId);
      await page.waitForURL((url) => url.hash === `#/shows/${showId}`, { timeout: 30_000 });
      await page.getByText(m.queue.windowLeft).waitFor();

      // The seat map: two seats, from the accessible list in Thai, by "best available" otherwise.
      await page.getByRole('heading', { name: m.list.title }).waitFor();
      if (language === 'th') {
        const freeSeats = page.locator('.seat-list .seat-free');
        await freeSeats.first().click();
        await freeSeats.first().click();
      } else {
        await page.locator('.best-available').getByLabel(m.best.count, { exact: true }).selectOption('2');
        await page.getByRole('button', { name: m.best.find }).click();
      }
      await page.getByText(messagePattern(m.selection.count_other ?? '')).waitFor();
      await screenshot(page, `journey-${language}-3-seatmap`);
      await page.getByRole('button', { name: m.selection.hold }).click();
      await page.getByRole('heading', { name: m.hold.title }).waitFor();
      await page.reload(); // the hold survives a reload
      await page.getByRole('heading', { name: m.hold.title }).waitFor();
      await page.getByRole('link', { name: m.hold.checkout }).click();

      // Checkout (which survives a reload too): method, terms, pay.
      await page.getByRole('heading', { name: m.checkout.title }).waitFor();
      await page.reload();
      await page.getByRole('heading', { name: m.checkout.title }).waitFor();
      await page.getByLabel(m.checkout.promptpay).check();
      await page.getByLabel(m.checkout.terms).check();
      await screenshot(page, `journey-${language}-4-checkout`);
      await page.getByRole('button', { name: messagePattern(m.checkout.pay) }).click();

      // Confirmation, then My tickets lists the paid order.
      await page.getByRole('heading', { name: m.order.confirmedTitle }).waitFor({ timeout: 30_000 });
      await expect(page.getByText(m.order.status.paid).first().isVisible()).resolves.toBe(true);
      // Each ticket shows its QR code, labelled in the fan's language, drawn (not a broken image).
      const codes = page.getByRole('img', { name: messagePattern(m.order.qrLabel) });
      await expect.poll(() => codes.count()).toBe(2);
      // (Runs in the page; typed structurally, as e2e/ compiles without the DOM library.)
      const drawn = await codes.evaluateAll((images) =>
        (images as unknown as { complete: boolean; naturalWidth: number }[]).map(
          (image) => image.complete && image.naturalWidth > 0,
        ),
      );
      expect(drawn).toEqual([true, true]);
      await screenshot(page, `journey-${language}-5-confirmation`);
      await page.reload();
      await page.getByRole('heading', { name: m.order.confirmedTitle }).waitFor();
      await page.getByRole('link', { name: m.app.nav.myTickets }).click();
      await page.getByRole('heading', { name: m.tickets.title }).waitFor();
      await page.getByText(m.order.status.paid).first().waitFor();

      const orders = await shop.world.db
        .selectFrom('orders')
        .innerJoin('accounts', 'accounts.id', 'orders.account_id')
        .select(['orders.status', 'accounts.language'])
        .where('orders.show_id', '=', showId)
        .execute();
      expect(orders).toEqual([{ status: 'paid', language }]);
      // Two seats side by side, whichever way they were picked (seat indices run along each row).
      const seats = await shop.world.db
        .selectFrom('order_seats')
        .innerJoin('orders', 'orders.id', 'order_seats.order_id')
        .select('order_seats.seat_index')
        .where('orders.show_id', '=', showId)
        .orderBy('order_seats.seat_index')
        .execute();
      expect(seats).toHaveLength(2);
      expect(seats[1]!.seat_index - seats[0]!.seat_index).toBe(1);
    } finally {
      await context.close();
    }
  });
});
