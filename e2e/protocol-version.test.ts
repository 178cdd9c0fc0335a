import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import en from '../client/src/i18n/locales/en';
import { PROTOCOL_VERSION } from '../shared/protocol/events';
import { newFanPage, openShop, screenshot, seedShow, signUp, type Shop } from './support/shop';

const SHOW_ID = 'protocol-version';
const PHONE = { width: 390, height: 844 };

let shop: Shop;

beforeAll(async () => {
  shop = await openShop({ seed: (world) => seedShow(world.db, { showId: SHOW_ID, seatCount: 100 }) });
});

afterAll(async () => {
  await shop?.stop();
});

/** The sockets the node holds for one account. */
async function socketsOf(email: string): Promise<number> {
  const account = await shop.world.db
    .selectFrom('accounts')
    .select('id')
    .where('email', '=', email)
    .executeTakeFirst();
  if (!account) return 0;
  const sockets = await shop.node.application.io.fetchSockets();
  return sockets.filter((socket) => socket.data.identity?.accountId === account.id).length;
}

describe('a server that speaks another protocol version', () => {
  it(
    'stops the socket and asks the fan to reload, on a phone; after the reload all is well',
    { timeout: 90_000 },
    async () => {
      const { page } = await newFanPage(shop, 'en');
      await page.setViewportSize(PHONE);
      // As after a deploy under an open tab: the server's welcome names a newer protocol.
      let newerServer = true;
      await page.routeWebSocket(/\/socket\.io\//, (socket) => {
        const server = socket.connectToServer();
        server.onMessage((message) => {
          const rewritten =
            newerServer && typeof message === 'string'
              ? message.replace(/"protocolVersion":\d+/, `"protocolVersion":${PROTOCOL_VERSION + 1}`)
              : message;
          socket.send(rewritten);
        });
      });
      const email = await signUp(page, shop, `/shows/${SHOW_ID}`, en);

      const notice = page.getByRole('alert').filter({ hasText: en.app.outdated });
      await notice.waitFor();
      const reload = notice.getByRole('button', { name: en.app.reload });
      const box = await reload.boundingBox();
      expect(box && box.y >= 0 && box.y + box.height <= PHONE.height).toBe(true);
      // The app has hung up rather than go on with a server it may misread.
      await expect.poll(() => socketsOf(email)).toBe(0);
      await screenshot(page, 'protocol-outdated-phone');

      newerServer = false;
      await reload.click();
      await page.locator('.seat-list .seat-free').first().waitFor();
      await expect.poll(() => socketsOf(email)).toBeGreaterThan(0);
      expect(await page.getByText(en.app.outdated).count()).toBe(0);
    },
  );
});
