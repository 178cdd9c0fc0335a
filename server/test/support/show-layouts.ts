import type { ShowInfo, ShowLayout, ShowLookup } from '../../catalogue/catalogue';
import { DEMO_PRICES_SATANG } from '../../catalogue/catalogue-seed';
import { generateStadium } from '../../venue/generate-stadium';
import { VenueIndex } from '../../venue/venue-index';

/** An in-memory show on sale now, for tests that exercise Redis without PostgreSQL's catalogue. */
export function testLayout(showId: string, seatCount = 2000, seatLimitPerAccount = 4): ShowLayout {
  const geometry = generateStadium({ seatCount, id: `venue-${seatCount}` });
  const show: ShowInfo = {
    id: showId,
    tourId: 'tour',
    tourName: 'Tour',
    artist: 'Artist',
    venueId: geometry.id,
    name: 'Night',
    startsAt: new Date(Date.now() + 86_400_000),
    onSaleAt: new Date(Date.now() - 60_000),
    timeZone: 'Asia/Bangkok',
    seatLimitPerAccount,
    pricesSatang: new Map(Object.entries(DEMO_PRICES_SATANG)),
  };
  return { show, venue: new VenueIndex(geometry), geometry, seatLimitPerAccount };
}

export function lookupOf(...layouts: ShowLayout[]): ShowLookup {
  const byId = new Map(layouts.map((layout) => [layout.show.id, layout]));
  return { layout: (id) => byId.get(id), showIds: () => [...byId.keys()] };
}
