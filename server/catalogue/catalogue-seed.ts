import { createHash, randomBytes } from 'node:crypto';
import type { VenueGeometry } from '../../shared/venue';
import type { Db } from '../db/database';
import type { SaleInfo } from './catalogue';
import { generateStadium } from '../venue/generate-stadium';
import { serializeGeometry } from '../venue/geometry-codec';

export interface ShowSeed {
  id: string;
  tourId: string;
  venueId: string;
  name: string;
  startsAt: Date;
  onSaleAt: Date;
  timeZone?: string;
  seatLimitPerAccount?: number;
  /** Price per tier code, in satang (1/100 THB). */
  pricesSatang: Record<string, number>;
}

export interface TourSeed {
  id: string;
  name: string;
  artist: string;
  description?: string;
}

const THB = 100;

/** Demo prices per tier of the generated stadium. */
export const DEMO_PRICES_SATANG: Record<string, number> = {
  VIP: 6_800 * THB,
  FLR: 5_800 * THB,
  LC: 4_800 * THB,
  LS: 3_800 * THB,
  UP: 2_800 * THB,
  RV: 1_800 * THB,
};

export async function upsertVenue(db: Db, geometry: VenueGeometry): Promise<void> {
  const { json, etag } = serializeGeometry(geometry);
  await db
    .insertInto('venues')
    .values({
      id: geometry.id,
      name: geometry.name,
      layout: json,
      layout_hash: etag,
      seat_count: geometry.seatCount,
    })
    .onConflict((conflict) =>
      conflict.column('id').doUpdateSet({
        name: geometry.name,
        layout: json,
        layout_hash: etag,
        seat_count: geometry.seatCount,
      }),
    )
    .execute();
}

export async function upsertTour(db: Db, tour: TourSeed): Promise<void> {
  const values = { name: tour.name, artist: tour.artist, description: tour.description ?? '' };
  await db
    .insertInto('tours')
    .values({ id: tour.id, ...values })
    .onConflict((conflict) => conflict.column('id').doUpdateSet(values))
    .execute();
}

export async function upsertShow(db: Db, show: ShowSeed): Promise<void> {
  const values = {
    tour_id: show.tourId,
    venue_id: show.venueId,
    name: show.name,
    starts_at: show.startsAt,
    on_sale_at: show.onSaleAt,
    time_zone: show.timeZone ?? 'Asia/Bangkok',
    seat_limit_per_account: show.seatLimitPerAccount ?? 4,
  };
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('shows')
      .values({ id: show.id, ...values })
      .onConflict((conflict) => conflict.column('id').doUpdateSet(values))
      .execute();
    await tx.deleteFrom('show_price_tiers').where('show_id', '=', show.id).execute();
    await tx
      .insertInto('show_price_tiers')
      .values(
        Object.entries(show.pricesSatang).map(([tier_code, price_satang]) => ({
          show_id: show.id,
          tier_code,
          price_satang,
        })),
      )
      .execute();
  });
}

export interface OnSaleShowOptions {
  showId: string;
  seatCount: number;
  seatLimitPerAccount?: number;
}

/**
 * A show on sale from an hour ago for a month, in a generated stadium of `seatCount` seats (venue
 * `venue-<seatCount>`), priced like the demo: what tests and benchmarks sell from.
 */
export async function seedOnSaleShow(db: Db, options: OnSaleShowOptions): Promise<{ venueId: string }> {
  const venue = generateStadium({ seatCount: options.seatCount, id: `venue-${options.seatCount}` });
  await upsertVenue(db, venue);
  await upsertTour(db, { id: 'test-tour', name: 'Test Tour', artist: 'Test Artist' });
  await upsertShow(db, {
    id: options.showId,
    tourId: 'test-tour',
    venueId: venue.id,
    name: 'Test night',
    startsAt: new Date(Date.now() + 30 * 24 * 3600_000),
    onSaleAt: new Date(Date.now() - 3600_000),
    seatLimitPerAccount: options.seatLimitPerAccount ?? 4,
    pricesSatang: DEMO_PRICES_SATANG,
  });
  return { venueId: venue.id };
}

/** A sale as created: everything the catalogue knows of it but the commitment, which comes from the seed. */
export type SaleSeed = Omit<SaleInfo, 'seedCommitment'>;

/**
 * Creates or updates a sale and puts its shows in it. The shuffle seed is drawn once, when the sale
 * is created, and never again: its commitment may already be published.
 */
export async function upsertSale(db: Db, sale: SaleSeed): Promise<void> {
  const seed = randomBytes(32).toString('hex');
  const settings = {
    name: sale.name,
    prequeue_opens_at: sale.prequeueOpensAt,
    starts_at: sale.startsAt,
    closes_at: sale.closesAt,
    active_cap: sale.activeCap,
    admit_rate_per_second: sale.admitRatePerSecond,
    shopping_window_ms: sale.shoppingWindowMs,
    grace_ms: sale.graceMs,
  };
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('sales')
      .values({
        id: sale.id,
        tour_id: sale.tourId,
        seed,
        seed_commitment: createHash('sha256').update(Buffer.from(seed, 'hex')).digest('hex'),
        ...settings,
      })
      .onConflict((conflict) => conflict.column('id').doUpdateSet(settings))
      .execute();
    await tx.updateTable('shows').set({ sale_id: sale.id }).where('id', 'in', sale.showIds).execute();
  });
}

export interface DemoTourOptions {
  seatCount?: number;
  /** When the sale starts (the waiting room's shuffle); in a few minutes by default. */
  onSaleAt?: Date;
  seatLimitPerAccount?: number;
}

export const DEMO_TOUR: TourSeed = {
  id: 'aurora-world-tour-2027',
  name: 'AURORA World Tour 2027 in Bangkok',
  artist: 'AURORA (demo act)',
  description: 'Two nights, 50,000 seats each. A demonstration tour: the act is fictional.',
};

export const DEMO_SHOW_IDS = ['bkk-2027-03-13', 'bkk-2027-03-14'] as const;

export const DEMO_SALE_ID = 'aurora-bkk-2027';
/** How long after seeding the demo sale starts: time to open the waiting room and join. */
export const DEMO_SALE_STARTS_IN_MS = 3 * 60_000;
const MINUTE_MS = 60_000;

/**
 * The demo tour: one stadium, two shows on different dates, each with its own inventory, sold in
 * one sale whose waiting room opens now and shuffles when the sale starts.
 */
export async function seedDemoTour(db: Db, options: DemoTourOptions = {}): Promise<VenueGeometry> {
  const venue = generateStadium(options.seatCount === undefined ? {} : { seatCount: options.seatCount });
  await upsertVenue(db, venue);
  await upsertTour(db, DEMO_TOUR);
  const onSaleAt = options.onSaleAt ?? new Date(Date.now() + DEMO_SALE_STARTS_IN_MS);
  const nights = [
    { id: DEMO_SHOW_IDS[0], name: 'Night 1', startsAt: new Date('2027-03-13T19:00:00+07:00') },
    { id: DEMO_SHOW_IDS[1], name: 'Night 2', startsAt: new Date('2027-03-14T19:00:00+07:00') },
  ];
  for (const night of nights) {
    await upsertShow(db, {
      ...night,
      tourId: DEMO_TOUR.id,
      venueId: venue.id,
      onSaleAt,
      seatLimitPerAccount: options.seatLimitPerAccount ?? 4,
      pricesSatang: DEMO_PRICES_SATANG,
    });
  }
  await upsertSale(db, {
    id: DEMO_SALE_ID,
    tourId: DEMO_TOUR.id,
    name: 'AURORA Bangkok: both nights',
    showIds: [...DEMO_SHOW_IDS],
    prequeueOpensAt: new Date(Math.min(Date.now(), onSaleAt.getTime() - 30 * MINUTE_MS)),
    startsAt: onSaleAt,
    closesAt: nights[0]!.startsAt,
    activeCap: 2_000,
    admitRatePerSecond: 100,
    shoppingWindowMs: 10 * MINUTE_MS,
    graceMs: 5 * MINUTE_MS,
  });
  return venue;
}
