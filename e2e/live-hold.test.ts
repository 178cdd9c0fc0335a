import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import en from '../client/src/i18n/locales/en';
import { newFanPage, openShop, screenshot, seedShow, signUp, type Shop } from './support/shop';

const SHOW_ID = 'live-hold';

let shop: Shop;

beforeAll(async () => {
  shop = await openShop({
    seed: (world) => seedShow(world.db, { showId: SHOW_ID, seatCount: 600, seatLimitPerAccount: 4 }),
  });
});

afterAll(async () => {
  await shop?.stop();
});

/** A fan signed up in English and looking at the live seat map of the show. */
async function fanOnMap(): Promise<Page> {
  const { page } = await newFanPage(shop, 'en');
  await signUp(page, shop, `/shows/${SHOW_ID}`, en);
  await page.getByRole('heading', { name: en.list.title }).waitFor();
  await page.locator('.seat-list .seat-free').first().waitFor();
  return page;
}

/** Seat button `number` of the list's first row (section FL-A, row A: seats 1 to 4). */
const seatButton = (page: Page, number: number) =>
  page.locator('.seat-list .seat-button', { hasText: new RegExp(`^${number}`) });

async function holdSeats(page: Page, numbers: number[]): Promise<void> {
  for (const number of numbers) await seatButton(page, number).click();
  await page.getByRole('button', { name: en.selection.hold }).click();
  await page.getByRole('heading', { name: en.hold.title }).waitFor();
}

async function seatState(page: Page, number: number): Promise<string> {
  const classes = (await seatButton(page, number).getAttribute('class')) ?? '';
  return /seat-(free|taken|selected|mine|notForSale)/.exec(classes)?.[1] ?? 'unknown';
}

/** Cuts one fan's network and closes their sockets on the server, as a dropped connection does. */
async function dropConnection(page: Page, accountEmail: string): Promise<void> {
  await page.context().setOffline(true);
  const account = await shop.world.db
    .selectFrom('accounts')
    .select('id')
    .where('email', '=', accountEmail)
    .executeTakeFirstOrThrow();
  const sockets = await shop.node.application.io.fetchSockets();
  for (const socket of sockets) {
    if (socket.data.identity?.accountId === account.id) socket.disconnect(true);
  }
}

describe('two fans on the same show', () => {
  it("see each other's holds turn seats unavailable, without a reload", { timeout: 90_000 }, async () => {
    const [alice, bob] = [await fanOnMap(), await fanOnMap()];
    expect(await seatState(bob, 1)).toBe('free');

    await holdSeats(alice, [1, 2]);
    expect(await seatState(alice, 1)).toBe('mine');
    await expect.poll(() => seatState(bob, 1)).toBe('taken');
    await expect.poll(() => seatState(bob, 2)).toBe('taken');
    expect(await seatState(bob, 3)).toBe('free');
    await screenshot(bob, 'live-hold-other-fan-sees-taken');

    // Alice lets them go: Bob sees them free again.
    await alice.getByRole('button', { name: en.hold.release }).click();
    await expect.poll(() => seatState(bob, 1)).toBe('free');
    await alice.context().close();
    await bob.context().close();
  });

  it(
    'a fan who loses the connection mid-hold reconnects to the right state',
    { timeout: 90_000 },
    async () => {
      const { page: alice } = await newFanPage(shop, 'en');
      const aliceEmail = await signUp(alice, shop, `/shows/${SHOW_ID}`, en);
      await alice.locator('.seat-list .seat-free').first().waitFor();
      const bob = await fanOnMap();
      await holdSeats(alice, [1, 2]);

      await dropConnection(alice, aliceEmail);
      await alice.getByText(en.seatmap.stale).waitFor();
      // While Alice is away, Bob takes seat 3: her map cannot know yet.
      await holdSeats(bob, [3]);
      expect(await seatState(alice, 3)).toBe('free');
      await screenshot(alice, 'live-hold-offline');

      await alice.context().setOffline(false);
      await alice.getByText(en.seatmap.stale).waitFor({ state: 'detached' });
      await expect.poll(() => seatState(alice, 3)).toBe('taken');
      expect(await seatState(alice, 1)).toBe('mine');
      expect(await seatState(alice, 2)).toBe('mine');
      await alice.getByRole('heading', { name: en.hold.title }).waitFor();
      await screenshot(alice, 'live-hold-reconnected');

      // A full reload keeps the hold and the live state.
      await alice.reload();
      await alice.getByRole('heading', { name: en.hold.title }).waitFor();
      await expect.poll(() => seatState(alice, 1)).toBe('mine');
      await expect.poll(() => seatState(alice, 3)).toBe('taken');
      await alice.context().close();
      await bob.context().close();
    },
  );
});
