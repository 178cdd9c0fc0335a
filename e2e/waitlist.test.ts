import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import en from '../client/src/i18n/locales/en';
import { TEST_PASSWORD } from '../server/test/support/harness';
import { messagePattern } from './support/messages';
import { newFanPage, openShop, screenshot, seedShow, signUp, type Shop } from './support/shop';

const SHOW_ID = 'nearly-gone';
const SEATS = 100;

let shop: Shop;

async function api(method: string, path: string, body?: unknown, token?: string): Promise<Response> {
  return fetch(`${shop.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

beforeAll(async () => {
  shop = await openShop({ seed: (world) => seedShow(world.db, { showId: SHOW_ID, seatCount: SEATS }) });
  // Production blocks every seat but the first row of the first section (FL-A row A: seats 0-1).
  await shop.node.components.accounts.createStaff('ops@seatrush.test', TEST_PASSWORD, 'Ops', 'manager');
  const signIn = await api('POST', '/api/staff/auth/signin', {
    email: 'ops@seatrush.test',
    password: TEST_PASSWORD,
  });
  const { token } = (await signIn.json()) as { token: string };
  const seats = Array.from({ length: SEATS - 2 }, (_, i) => i + 2);
  expect(
    (await api('POST', `/api/admin/shows/${SHOW_ID}/blocks`, { seats, reason: 'production' }, token)).status,
  ).toBe(200);
});

afterAll(async () => {
  await shop?.stop();
});

describe('a show that sells out while a fan watches', () => {
  it('offers its waitlist, live on the map and on the event page', { timeout: 90_000 }, async () => {
    const { page: buyer } = await newFanPage(shop, 'en');
    await signUp(buyer, shop, `/shows/${SHOW_ID}`, en);
    const { page: fan } = await newFanPage(shop, 'en');
    await signUp(fan, shop, `/shows/${SHOW_ID}`, en);
    await fan.getByRole('heading', { name: en.best.title }).waitFor();

    // The buyer holds the last two seats: the other fan's map turns to the waitlist by itself.
    await buyer.locator('.best-available select').first().selectOption('2');
    await buyer.getByRole('button', { name: en.best.find }).click();
    await buyer.getByRole('button', { name: en.selection.hold }).click();
    await buyer.getByRole('heading', { name: en.hold.title }).waitFor();

    await fan.getByRole('heading', { name: en.waitlist.title }).waitFor();
    await fan.getByRole('button', { name: en.waitlist.join }).click();
    await fan.getByText(messagePattern(en.waitlist.joined)).waitFor();
    expect(await fan.getByText(messagePattern(en.waitlist.joined)).textContent()).toContain('number 1');
    await screenshot(fan, 'waitlist-joined-on-map');

    // The event page says so too, and remembers the place.
    await fan.goto(`${shop.url}/#/`);
    await fan.getByText(en.event.soldOut, { exact: true }).waitFor();
    await fan.getByText(messagePattern(en.waitlist.joined)).waitFor();
    const entries = await shop.world.db.selectFrom('waitlist_entries').select('show_id').execute();
    expect(entries).toEqual([{ show_id: SHOW_ID }]);
    await buyer.context().close();
    await fan.context().close();
  });
});
