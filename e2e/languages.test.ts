import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LANGUAGES } from '../shared/languages';
import { messagesOf } from './support/messages';
import {
  MISSING_KEY_MARKER,
  newFanPage,
  openShop,
  screenshot,
  seedSale,
  seedShow,
  signIn,
  signUp,
  type Shop,
} from './support/shop';

const MAP_SHOW = 'languages-map';
const QUEUE_SHOW = 'languages-queue';
const SALE = 'languages-sale';

let shop: Shop;
let page: Page;
let email: string;

async function accountLanguage(): Promise<string> {
  const row = await shop.world.db
    .selectFrom('accounts')
    .select('language')
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  return row.language;
}

beforeAll(async () => {
  shop = await openShop();
  await seedShow(shop.world.db, { showId: MAP_SHOW, seatCount: 600 });
  await seedShow(shop.world.db, { showId: QUEUE_SHOW, seatCount: 600 });
  // A pre-queue that is open, with the draw a day away: the waiting room as most fans first see it.
  await seedSale(shop.world.db, {
    id: SALE,
    showIds: [QUEUE_SHOW],
    startsAt: new Date(Date.now() + 24 * 3600_000),
  });
  ({ page } = await newFanPage(shop, 'en'));
  const en = await messagesOf('en');
  email = await signUp(page, shop, '/', en);
});

afterAll(async () => {
  await page?.context().close();
  await shop?.stop();
});

/** The page's visible text must hold no i18next key path, the mark of a missing translation. */
async function expectNoMissingKeys(page: Page): Promise<void> {
  const text = await page.locator('body').innerText();
  expect(MISSING_KEY_MARKER.exec(text)?.[0]).toBeUndefined();
}

/**
 * Every language, chosen with the header's switcher as a fan would: the choice is remembered across
 * pages, sets <html lang>, and the waiting room and the seat map render in it.
 */
describe.each(LANGUAGES)('%s', (language) => {
  it('renders the event page, the waiting room and the seat map', { timeout: 60_000 }, async () => {
    const m = await messagesOf(language);
    await page.goto(`${shop.url}/#/`);
    await page.locator('.language-switcher select').selectOption(language);
    await expect.poll(() => page.getAttribute('html', 'lang')).toBe(language);
    // The choice is saved on the account too, for what the server sends this fan.
    await expect.poll(() => accountLanguage()).toBe(language);
    await page.getByRole('link', { name: m.sale.join }).first().waitFor();
    await expectNoMissingKeys(page);
    await screenshot(page, `language-${language}-event`);

    await page.goto(`${shop.url}/#/sales/${SALE}/queue`);
    await page.reload(); // the choice survives a reload
    await expect.poll(() => page.locator('#queue-standing').textContent()).toBe(m.queue.standing.prequeue);
    expect(await page.getAttribute('html', 'lang')).toBe(language);
    await expectNoMissingKeys(page);
    await screenshot(page, `language-${language}-waiting-room`);

    await page.goto(`${shop.url}/#/shows/${MAP_SHOW}`);
    await page.getByRole('heading', { name: m.list.title }).waitFor();
    await page.locator('.seat-list .seat-free').first().click();
    await page.getByRole('button', { name: m.selection.hold }).waitFor();
    await expectNoMissingKeys(page);
    await screenshot(page, `language-${language}-seat-map`);
    // Picks are kept across the tab's pages: leave none behind for the next language.
    await page.locator('.seat-list .seat-selected').first().click();
    await page.locator('.seat-list .seat-selected').waitFor({ state: 'detached' });
  });
});

describe('the account remembers the language', () => {
  it('a sign-in on a new device, where no choice was made, shows the language chosen last', async () => {
    const last = LANGUAGES[LANGUAGES.length - 1]!;
    expect(await accountLanguage()).toBe(last);
    const { context, page: elsewhere } = await newFanPage(shop, 'en');
    try {
      await signIn(elsewhere, shop, '/', await messagesOf('en'), email);
      await expect.poll(() => elsewhere.getAttribute('html', 'lang')).toBe(last);
      // And choosing here is saved to the account at once.
      await elsewhere.locator('.language-switcher select').selectOption('ko');
      await expect.poll(() => accountLanguage()).toBe('ko');
    } finally {
      await context.close();
    }
  });
});
