import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import en from '../client/src/i18n/locales/en';
import { fanOnMap, holdSeats, seatButton, seatState } from './support/seat-list';
import { openShop, screenshot, seedShow, type Shop } from './support/shop';

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
    const { page: alice } = await fanOnMap(shop, SHOW_ID);
    const { page: bob } = await fanOnMap(shop, SHOW_ID);
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
    'a fan who reloads keeps the seats picked, but for one taken meanwhile',
    { timeout: 90_000 },
    async () => {
      const { page: alice } = await fanOnMap(shop, SHOW_ID);
      const { page: bob } = await fanOnMap(shop, SHOW_ID);
      await seatButton(alice, 1).click();
      await seatButton(alice, 2).click();
      expect(await seatState(alice, 2)).toBe('selected');

      await alice.context().setOffline(true);
      await holdSeats(bob, [2]);
      await alice.context().setOffline(false);
      await alice.reload();
      await expect.poll(() => seatState(alice, 2)).toBe('taken');
      expect(await seatState(alice, 1)).toBe('selected');
      // Bob lets seat 2 go again, for the next test.
      await bob.getByRole('button', { name: en.hold.release }).click();
      await expect.poll(() => seatState(alice, 2)).toBe('free');
      await alice.context().close();
      await bob.context().close();
    },
  );

  it(
    'a fan who loses the connection mid-hold reconnects to the right state',
    { timeout: 90_000 },
    async () => {
      const { page: alice, email: aliceEmail } = await fanOnMap(shop, SHOW_ID);
      const { page: bob } = await fanOnMap(shop, SHOW_ID);
      await holdSeats(alice, [1, 2]);

      await dropConnection(alice, aliceEmail);
      await alice.getByText(en.seatmap.stale).waitFor();
      // Offline, her map cannot know what others do: no seat shows as free, hers stay hers (D6).
      expect(await seatState(alice, 4)).toBe('unknown');
      await holdSeats(bob, [3]);
      expect(await seatState(alice, 3)).toBe('unknown');
      expect(await seatState(alice, 1)).toBe('mine');
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
