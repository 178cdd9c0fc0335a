import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { LocaleMessages } from '../../client/src/i18n/messages';
import {
  TEST_PASSWORD,
  seedSale,
  seedShow,
  silentLogger,
  createTestWorld,
  type TestWorld,
} from '../../server/test/support/harness';
import type { SaleSeed } from '../../server/catalogue/catalogue-seed';
import { startNode, type RunningNode } from '../../server/node';
import { launchChromium } from './chromium';
import { ensureClientBuilt } from './client-build';

/** Where the run's artifacts go (.ci/run keeps artifacts/); screenshots land in its screenshots/. */
export const SCREENSHOT_DIR = join(process.env.ARTIFACTS_DIR ?? 'artifacts', 'screenshots');

/**
 * A real SeatRush node serving the built browser app, on this test file's own database and Redis
 * prefix, and one Chromium. Catalogue and queue steps are quick so that sales seeded by a test are
 * seen, drawn and admitted within seconds.
 */
export interface Shop {
  world: TestWorld;
  node: RunningNode;
  url: string;
  browser: Browser;
  stop(): Promise<void>;
}

export async function openShop(
  options: { env?: Record<string, string>; seed?: (world: TestWorld) => Promise<unknown> } = {},
): Promise<Shop> {
  const clientDir = ensureClientBuilt();
  const world = await createTestWorld({
    CATALOGUE_REFRESH_MS: '200',
    QUEUE_STEP_MS: '200',
    ...options.env,
  });
  // Seeded before the node starts, its catalogue has these at once (later seeds take a refresh).
  await options.seed?.(world);
  const node = await startNode(world.config, { logger: silentLogger, clientDir });
  const browser = await launchChromium();
  return {
    world,
    node,
    url: node.url!,
    browser,
    async stop() {
      await browser.close();
      await node.stop();
      await world.dispose();
    },
  };
}

export { seedShow, seedSale, type SaleSeed };

/**
 * Brings a sale's T0 (the draw) to now: its row in PostgreSQL, then the node's catalogue at once
 * rather than at its next refresh. The pacer draws at its next step; tests wait for what fans see.
 * Sales seeded for it start in an hour (seedSale's default), so fans join the pre-queue at leisure.
 */
export async function startSale(shop: Shop, saleId: string): Promise<void> {
  await shop.world.db
    .updateTable('sales')
    .set({ starts_at: new Date(Date.now() - 1000) })
    .where('id', '=', saleId)
    .execute();
  await shop.node.components.catalogue.refresh();
}

/** A browser context in one language: the app detects it from navigator.languages, as for a fan. */
export async function newFanPage(
  shop: Shop,
  language: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await shop.browser.newContext({
    locale: language,
    timezoneId: 'Asia/Tokyo',
    viewport: { width: 1280, height: 860 },
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return { context, page };
}

let fanNumber = 0;

/** Signs up through the app's own form, read in `m`'s language; waits until back at `next`. */
export async function signUp(page: Page, shop: Shop, next: string, m: LocaleMessages): Promise<string> {
  const email = `e2e-${process.pid}-${Date.now()}-${++fanNumber}@example.test`;
  await page.goto(`${shop.url}/#/signup?next=${encodeURIComponent(next)}`);
  await page.getByLabel(m.auth.displayName).fill(`Fan ${fanNumber}`);
  await page.getByLabel(m.auth.email).fill(email);
  await page.getByRole('textbox', { name: m.auth.password }).fill(TEST_PASSWORD);
  await page.getByRole('button', { name: m.auth.submitSignUp }).click();
  await page.waitForURL((url) => url.hash === `#${next}`);
  return email;
}

/** Signs in through the app's own form, read in `m`'s language; waits until back at `next`. */
export async function signIn(
  page: Page,
  shop: Shop,
  next: string,
  m: LocaleMessages,
  email: string,
): Promise<void> {
  await page.goto(`${shop.url}/#/signin?next=${encodeURIComponent(next)}`);
  await page.getByLabel(m.auth.email).fill(email);
  await page.getByRole('textbox', { name: m.auth.password }).fill(TEST_PASSWORD);
  await page.getByRole('button', { name: m.auth.submitSignIn }).click();
  await page.waitForURL((url) => url.hash === `#${next}`);
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Text that looks like an i18next key path ("seatmap.stale"): what a missing translation shows. */
export const MISSING_KEY_MARKER =
  /\b(app|event|sale|queue|auth|seatmap|legend|list|selection|best|waitlist|hold|checkout|order|tickets|boxOffice|errors)\.[A-Za-z_.]+/;
