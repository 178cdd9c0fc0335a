import type { Page } from 'playwright-core';
import en from '../../client/src/i18n/locales/en';
import { newFanPage, signUp, type Shop } from './shop';

/** A fan signed up in English, looking at the live seat map of the show (its seat list shown). */
export async function fanOnMap(shop: Shop, showId: string): Promise<{ page: Page; email: string }> {
  const { page } = await newFanPage(shop, 'en');
  const email = await signUp(page, shop, `/shows/${showId}`, en);
  await page.getByRole('heading', { name: en.list.title }).waitFor();
  await page.locator('.seat-list .seat-free').first().waitFor();
  return { page, email };
}

/** Seat button `number` of the list's first row (section FL-A, row A: seats 1 to 4). */
export const seatButton = (page: Page, number: number) =>
  page.locator('.seat-list .seat-button', { hasText: new RegExp(`^${number}`) });

export async function holdSeats(page: Page, numbers: number[]): Promise<void> {
  for (const number of numbers) await seatButton(page, number).click();
  await page.getByRole('button', { name: en.selection.hold }).click();
  await page.getByRole('heading', { name: en.hold.title }).waitFor();
}

/** How the seat list shows seat `number` of the first row: its SeatState. */
export async function seatState(page: Page, number: number): Promise<string> {
  const classes = (await seatButton(page, number).getAttribute('class')) ?? '';
  return /seat-(free|taken|unknown|selected|mine|notForSale)\b/.exec(classes)?.[1] ?? 'none';
}
