import { describe, expect, it } from 'vitest';

import type { VenueGeometry } from '../../shared/venue';
import { generateStadium } from './generate-stadium';
import { VenueIndex } from './venue-index';

const stadium = generateStadium();
const smallVenue = generateStadium({ seatCount: 500 });

/** A deep copy to break in one place. */
function copyOf(venue: VenueGeometry): VenueGeometry {
  return structuredClone(venue);
}

describe('VenueIndex', () => {
  it.each([
    ['default', stadium],
    ['500 seats', smallVenue],
  ])('agrees with the %s geometry for every seat', (_, venue) => {
    const index = new VenueIndex(venue);
    expect(index.seatCount).toBe(venue.seatCount);
    expect(index.sectionCount).toBe(venue.sections.length);
    const disagreements: number[] = [];
    for (const section of venue.sections) {
      for (const row of section.rows) {
        for (let seat = row.firstSeat; seat < row.firstSeat + row.count; seat++) {
          const local = seat - section.firstSeat;
          const label = index.seatLabel(seat);
          const agrees =
            index.isValidSeat(seat) &&
            index.sectionOf(seat) === section.id &&
            index.tierOf(seat) === section.seats.tier[local] &&
            index.flagsOf(seat) === section.seats.flags[local] &&
            label.section === section.name &&
            label.row === row.label &&
            label.number === section.seats.number[local];
          if (!agrees) disagreements.push(seat);
        }
      }
    }
    expect(disagreements).toEqual([]);
  });

  it('finds sections by id and lists ids in order', () => {
    const index = new VenueIndex(smallVenue);
    expect(index.sectionIds()).toEqual(smallVenue.sections.map((section) => section.id));
    for (const section of smallVenue.sections) expect(index.section(section.id)).toBe(section);
    expect(index.section(-1)).toBeUndefined();
    expect(index.section(smallVenue.sections.length)).toBeUndefined();
    index.sectionIds().push(999);
    expect(index.sectionIds()).toHaveLength(smallVenue.sections.length);
  });

  it('labels seats the way tickets print them', () => {
    const index = new VenueIndex(stadium);
    expect(index.seatLabel(0)).toEqual({ section: 'FL-A', row: 'A', number: 1 });
    const lastSection = stadium.sections[stadium.sections.length - 1];
    const lastRow = lastSection?.rows[lastSection.rows.length - 1];
    expect(index.seatLabel(stadium.seatCount - 1)).toEqual({
      section: lastSection?.name,
      row: lastRow?.label,
      number: lastRow?.count,
    });
  });

  it('treats only integers in 0..seatCount-1 as seats: sectionOf gives -1, other lookups throw', () => {
    const index = new VenueIndex(smallVenue);
    for (const seat of [-1, smallVenue.seatCount, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(index.isValidSeat(seat)).toBe(false);
      expect(index.sectionOf(seat)).toBe(-1);
      expect(() => index.tierOf(seat)).toThrow(RangeError);
      expect(() => index.flagsOf(seat)).toThrow(RangeError);
      expect(() => index.seatLabel(seat)).toThrow(RangeError);
    }
    expect(index.isValidSeat(0)).toBe(true);
    expect(index.isValidSeat(smallVenue.seatCount - 1)).toBe(true);
  });

  it('rejects geometry whose seat ranges, ids or tiers are inconsistent', () => {
    const gap = copyOf(smallVenue);
    const second = gap.sections[1];
    if (second) second.firstSeat += 1;
    expect(() => new VenueIndex(gap)).toThrow(/starts at seat/);

    const duplicateId = copyOf(smallVenue);
    const third = duplicateId.sections[2];
    if (third) third.id = 0;
    expect(() => new VenueIndex(duplicateId)).toThrow(/id/);

    const badTier = copyOf(smallVenue);
    badTier.sections[0]?.seats.tier.splice(0, 1, badTier.tiers.length);
    expect(() => new VenueIndex(badTier)).toThrow(/tier/);

    const wrongTotal = { ...copyOf(smallVenue), seatCount: smallVenue.seatCount + 1 };
    expect(() => new VenueIndex(wrongTotal)).toThrow(/declares/);

    const shortRows = copyOf(smallVenue);
    shortRows.sections[0]?.rows.pop();
    expect(() => new VenueIndex(shortRows)).toThrow(/rows do not cover/);
  });
});
