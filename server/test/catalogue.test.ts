import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertVenue } from '../catalogue/catalogue-seed';
import { Catalogue } from '../catalogue/catalogue';
import { generateStadium } from '../venue/generate-stadium';
import { createTestWorld, seedShow, type TestShow, type TestWorld } from './support/harness';

let world: TestWorld;
let show: TestShow;

beforeAll(async () => {
  world = await createTestWorld();
  show = await seedShow(world.db, { seatCount: 3000 });
});

afterAll(async () => {
  await world.dispose();
});

describe('catalogue refresh', () => {
  it('keeps an unchanged venue as it is, and rebuilds one whose layout changed', async () => {
    const catalogue = await Catalogue.load(world.db);
    const first = catalogue.venue(show.venueId);
    expect(first).toBeDefined();
    await catalogue.refresh();
    // The same object: no second parse and compression of a 50,000-seat layout every refresh.
    expect(catalogue.venue(show.venueId)).toBe(first);

    const renamed = { ...generateStadium({ seatCount: 3000, id: show.venueId }), name: 'Renamed arena' };
    await upsertVenue(world.db, renamed);
    await catalogue.refresh();
    const second = catalogue.venue(show.venueId);
    expect(second).not.toBe(first);
    expect(second?.geometry.name).toBe('Renamed arena');
    expect(second?.serialized.etag).not.toBe(first?.serialized.etag);
  });
});
