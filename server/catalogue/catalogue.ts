import type { VenueGeometry } from '../../shared/venue';
import type { Db } from '../db/database';
import { serializeGeometry, type SerializedGeometry } from '../venue/geometry-codec';
import { VenueIndex } from '../venue/venue-index';

export interface ShowInfo {
  id: string;
  tourId: string;
  tourName: string;
  artist: string;
  venueId: string;
  name: string;
  startsAt: Date;
  onSaleAt: Date;
  timeZone: string;
  seatLimitPerAccount: number;
  /** Price per tier code, in satang. */
  pricesSatang: Map<string, number>;
  /** The sale whose waiting room admits fans to this show, if any. */
  saleId?: string;
}

/** A sale and its waiting room settings (the secret seed stays in PostgreSQL). */
export interface SaleInfo {
  id: string;
  tourId: string;
  name: string;
  showIds: string[];
  prequeueOpensAt: Date;
  startsAt: Date;
  closesAt: Date;
  seedCommitment: string;
  activeCap: number;
  admitRatePerSecond: number;
  shoppingWindowMs: number;
  graceMs: number;
}

export interface SaleLookup {
  sale(saleId: string): SaleInfo | undefined;
  sales(): SaleInfo[];
}

export interface ShowLayout {
  show: ShowInfo;
  venue: VenueIndex;
  geometry: VenueGeometry;
  seatLimitPerAccount: number;
}

export interface ShowLookup {
  layout(showId: string): ShowLayout | undefined;
  showIds(): string[];
}

export interface VenueAsset {
  geometry: VenueGeometry;
  index: VenueIndex;
  serialized: SerializedGeometry;
}

/**
 * Shows and venues, read from PostgreSQL and kept in memory by every worker: they change rarely and
 * are needed on every hold. `refresh` re-reads them (a new show appears without a restart).
 */
export class Catalogue implements ShowLookup, SaleLookup {
  private shows = new Map<string, ShowLayout>();
  private salesById = new Map<string, SaleInfo>();
  private venues = new Map<string, VenueAsset>();
  /**
   * The stored layout hash each venue was built from. Not the asset's own etag: PostgreSQL's jsonb
   * reorders keys, so the JSON read back hashes differently from the JSON that was stored.
   */
  private venueHashes = new Map<string, string>();

  private constructor(private readonly db: Db) {}

  static async load(db: Db): Promise<Catalogue> {
    const catalogue = new Catalogue(db);
    await catalogue.refresh();
    return catalogue;
  }

  /** Re-reads shows and venues; a venue whose layout hash is unchanged is not parsed again. */
  async refresh(): Promise<void> {
    const { db } = this;
    const venues = new Map<string, VenueAsset>();
    const venueRows = await db.selectFrom('venues').select(['id', 'layout_hash']).execute();
    for (const row of venueRows) {
      const known = this.venues.get(row.id);
      if (known && this.venueHashes.get(row.id) === row.layout_hash) {
        venues.set(row.id, known);
        continue;
      }
      const { layout } = await db
        .selectFrom('venues')
        .select('layout')
        .where('id', '=', row.id)
        .executeTakeFirstOrThrow();
      const geometry = layout as VenueGeometry;
      venues.set(row.id, {
        geometry,
        index: new VenueIndex(geometry),
        serialized: serializeGeometry(geometry),
      });
    }

    const showRows = await db
      .selectFrom('shows')
      .innerJoin('tours', 'tours.id', 'shows.tour_id')
      .select([
        'shows.id',
        'shows.tour_id',
        'tours.name as tour_name',
        'tours.artist',
        'shows.venue_id',
        'shows.name',
        'shows.starts_at',
        'shows.on_sale_at',
        'shows.time_zone',
        'shows.seat_limit_per_account',
        'shows.sale_id',
      ])
      .orderBy('shows.starts_at')
      .execute();
    const prices = await db.selectFrom('show_price_tiers').selectAll().execute();

    const shows = new Map<string, ShowLayout>();
    for (const row of showRows) {
      const venue = venues.get(row.venue_id);
      if (!venue) continue;
      const pricesSatang = new Map(
        prices.filter((p) => p.show_id === row.id).map((p) => [p.tier_code, Number(p.price_satang)]),
      );
      const show: ShowInfo = {
        id: row.id,
        tourId: row.tour_id,
        tourName: row.tour_name,
        artist: row.artist,
        venueId: row.venue_id,
        name: row.name,
        startsAt: row.starts_at,
        onSaleAt: row.on_sale_at,
        timeZone: row.time_zone,
        seatLimitPerAccount: row.seat_limit_per_account,
        pricesSatang,
        ...(row.sale_id !== null && { saleId: row.sale_id }),
      };
      shows.set(row.id, {
        show,
        venue: venue.index,
        geometry: venue.geometry,
        seatLimitPerAccount: row.seat_limit_per_account,
      });
    }
    this.shows = shows;
    this.venues = venues;
    this.venueHashes = new Map(venueRows.map((row) => [row.id, row.layout_hash]));
    this.salesById = await this.loadSales(shows);
  }

  private async loadSales(shows: Map<string, ShowLayout>): Promise<Map<string, SaleInfo>> {
    const rows = await this.db
      .selectFrom('sales')
      .select([
        'id',
        'tour_id',
        'name',
        'prequeue_opens_at',
        'starts_at',
        'closes_at',
        'seed_commitment',
        'active_cap',
        'admit_rate_per_second',
        'shopping_window_ms',
        'grace_ms',
      ])
      .execute();
    return new Map(
      rows.map((row) => [
        row.id,
        {
          id: row.id,
          tourId: row.tour_id,
          name: row.name,
          showIds: [...shows.values()]
            .filter((layout) => layout.show.saleId === row.id)
            .map((layout) => layout.show.id),
          prequeueOpensAt: row.prequeue_opens_at,
          startsAt: row.starts_at,
          closesAt: row.closes_at,
          seedCommitment: row.seed_commitment,
          activeCap: row.active_cap,
          admitRatePerSecond: row.admit_rate_per_second,
          shoppingWindowMs: row.shopping_window_ms,
          graceMs: row.grace_ms,
        },
      ]),
    );
  }

  sale(saleId: string): SaleInfo | undefined {
    return this.salesById.get(saleId);
  }

  sales(): SaleInfo[] {
    return [...this.salesById.values()];
  }

  layout(showId: string): ShowLayout | undefined {
    return this.shows.get(showId);
  }

  showIds(): string[] {
    return [...this.shows.keys()];
  }

  allShows(): ShowLayout[] {
    return [...this.shows.values()];
  }

  venue(venueId: string): VenueAsset | undefined {
    return this.venues.get(venueId);
  }
}

/** The tier code and price of one seat of a show. */
export function priceOfSeat(layout: ShowLayout, seat: number): { tierCode: string; priceSatang: number } {
  const tierCode = layout.geometry.tiers[layout.venue.tierOf(seat)]?.code ?? '';
  const priceSatang = layout.show.pricesSatang.get(tierCode);
  if (priceSatang === undefined) throw new Error(`show ${layout.show.id} has no price for tier ${tierCode}`);
  return { tierCode, priceSatang };
}
