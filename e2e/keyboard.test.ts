import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import en from '../client/src/i18n/locales/en';
import { newFanPage, openShop, screenshot, seedShow, signUp, type Shop } from './support/shop';

const SHOW_ID = 'keyboard';

let shop: Shop;

beforeAll(async () => {
  shop = await openShop({ seed: (world) => seedShow(world.db, { showId: SHOW_ID, seatCount: 2000 }) });
});

afterAll(async () => {
  await shop?.stop();
});

// Evaluated in the page (as source text: e2e/ compiles without the DOM library).
const focusedId = (page: Page) => page.evaluate<string | undefined>('document.activeElement?.id');
const focusedLabel = (page: Page) =>
  page.evaluate<string | null>("document.activeElement?.getAttribute('aria-label') ?? null");

/**
 * The seat list is the map for keyboards and screen readers: section, row, then seat buttons that
 * say their number, price, state and any wheelchair or companion mark. A fan picks and holds seats
 * with the keyboard alone.
 */
describe('the seat list, with a keyboard only', () => {
  it('picks and holds seats, announcing each seat in full', { timeout: 90_000 }, async () => {
    const { context, page } = await newFanPage(shop, 'en');
    try {
      await signUp(page, shop, `/shows/${SHOW_ID}`, en);
      await page.locator('.seat-list .seat-free').first().waitFor();

      // The map's "Seat list" button moves focus to the list's first control.
      await page.getByRole('button', { name: en.seatmap.showList }).focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => focusedId(page)).toBe('seat-list-section');
      const firstSection = await page.locator('#seat-list-section').inputValue();
      await page.keyboard.press('ArrowDown'); // the next section
      await expect.poll(() => page.locator('#seat-list-section').inputValue()).not.toBe(firstSection);

      // Tab to the row, then to the first seat: its name says number, price and state.
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      const seatLabel = await focusedLabel(page);
      expect(seatLabel).toMatch(new RegExp(`^Seat 1, THB\\s[\\d,]+, ${en.seatmap.status.free}`));
      await page.keyboard.press('Space');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Space');
      const picked = page.locator('.seat-list .seat-button[aria-pressed="true"]');
      await expect.poll(() => picked.count()).toBe(2);

      await page.getByRole('button', { name: en.selection.hold }).focus();
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: en.hold.title }).waitFor();
      // Held seats stay focusable and say so, but cannot be picked again.
      const mine = page.locator('.seat-list .seat-button[aria-disabled="true"]');
      await expect.poll(() => mine.count()).toBeGreaterThanOrEqual(2);
      expect(await mine.first().getAttribute('aria-label')).toContain(en.seatmap.status.mine);
      await screenshot(page, 'keyboard-held');
    } finally {
      await context.close();
    }
  });

  it('filters to wheelchair spaces and companion seats, each marked', { timeout: 60_000 }, async () => {
    const { context, page } = await newFanPage(shop, 'en');
    try {
      await signUp(page, shop, `/shows/${SHOW_ID}`, en);
      await page.locator('.seat-list .seat-free').first().waitFor();
      await page.getByLabel(en.list.accessibleOnly).focus();
      await page.keyboard.press('Space');
      const seats = page.locator('.seat-list .seat-button');
      await expect.poll(() => seats.count()).toBeGreaterThan(0);
      const labels = await seats.evaluateAll((buttons) =>
        (buttons as unknown as { getAttribute(name: string): string | null }[]).map(
          (b) => b.getAttribute('aria-label') ?? '',
        ),
      );
      for (const label of labels) {
        expect(
          label.includes(en.seatmap.flags.accessible) || label.includes(en.seatmap.flags.companion),
          label,
        ).toBe(true);
      }
      await screenshot(page, 'keyboard-accessible-seats');
    } finally {
      await context.close();
    }
  });
});
