/**
 * Constant-time seat lookups for the server, built once per venue from its geometry in a single pass
 * over the seats. Per-seat data lives in typed arrays so a 50,000-seat venue costs well under 1 MB.
 *
 * A seat is valid when it is an integer in 0..seatCount-1. `sectionOf` returns -1 for an invalid seat,
 * so it doubles as a cheap probe; the other per-seat lookups throw RangeError, because a silent
 * default (tier 0, no flags) would let a bad seat pass as an ordinary one.
 */
import type { SectionGeometry, VenueGeometry } from '../../shared/venue';

export interface SeatLabel {
  section: string;
  row: string;
  number: number;
}

/** Section ids are stored in an Int16Array; tiers and flags in Uint8Arrays. */
const MAX_SECTION_ID = 0x7fff;
const MAX_BYTE = 0xff;

export class VenueIndex {
  readonly seatCount: number;
  readonly sectionCount: number;
  private readonly sectionOfSeat: Int16Array;
  private readonly tierOfSeat: Uint8Array;
  private readonly flagsOfSeat: Uint8Array;
  private readonly numberOfSeat: Int32Array;
  /** Index into rowLabels and rowSectionNames. */
  private readonly rowOfSeat: Int32Array;
  private readonly rowLabels: string[] = [];
  private readonly rowSectionNames: string[] = [];
  private readonly sectionsById = new Map<number, SectionGeometry>();
  private readonly orderedSectionIds: number[] = [];

  /** Throws Error if the geometry is inconsistent (gaps or overlaps in seat ranges, bad ids or tiers). */
  constructor(geometry: VenueGeometry) {
    this.seatCount = geometry.seatCount;
    this.sectionCount = geometry.sections.length;
    this.sectionOfSeat = new Int16Array(geometry.seatCount);
    this.tierOfSeat = new Uint8Array(geometry.seatCount);
    this.flagsOfSeat = new Uint8Array(geometry.seatCount);
    this.numberOfSeat = new Int32Array(geometry.seatCount);
    this.rowOfSeat = new Int32Array(geometry.seatCount);
    let nextSeat = 0;
    for (const section of geometry.sections) {
      this.addSection(section, nextSeat, geometry.tiers.length);
      nextSeat += section.seatCount;
    }
    if (nextSeat !== geometry.seatCount) {
      throw new Error(`sections hold ${nextSeat} seats but the venue declares ${geometry.seatCount}`);
    }
  }

  isValidSeat(seat: number): boolean {
    return Number.isInteger(seat) && seat >= 0 && seat < this.seatCount;
  }

  /** The seat's section id, or -1 if the seat is not valid. */
  sectionOf(seat: number): number {
    return this.isValidSeat(seat) ? (this.sectionOfSeat[seat] ?? -1) : -1;
  }

  /** Index into VenueGeometry.tiers. */
  tierOf(seat: number): number {
    return this.tierOfSeat[this.checkedSeat(seat)] ?? 0;
  }

  /** SEAT_FLAG bits. */
  flagsOf(seat: number): number {
    return this.flagsOfSeat[this.checkedSeat(seat)] ?? 0;
  }

  seatLabel(seat: number): SeatLabel {
    const row = this.rowOfSeat[this.checkedSeat(seat)] ?? 0;
    return {
      section: this.rowSectionNames[row] ?? '',
      row: this.rowLabels[row] ?? '',
      number: this.numberOfSeat[seat] ?? 0,
    };
  }

  section(id: number): SectionGeometry | undefined {
    return this.sectionsById.get(id);
  }

  /** Section ids in the geometry's order (a copy). */
  sectionIds(): number[] {
    return [...this.orderedSectionIds];
  }

  private checkedSeat(seat: number): number {
    if (!this.isValidSeat(seat)) throw new RangeError(`seat ${seat} is not in 0..${this.seatCount - 1}`);
    return seat;
  }

  private addSection(section: SectionGeometry, expectedFirstSeat: number, tierCount: number): void {
    const { id, name, firstSeat, seatCount, seats } = section;
    if (!Number.isInteger(id) || id < 0 || id > MAX_SECTION_ID || this.sectionsById.has(id)) {
      throw new Error(`section ${name} has a missing, duplicate or out-of-range id ${id}`);
    }
    if (firstSeat !== expectedFirstSeat) {
      throw new Error(`section ${name} starts at seat ${firstSeat}, expected ${expectedFirstSeat}`);
    }
    const columns = [seats.x, seats.y, seats.number, seats.tier, seats.flags];
    if (columns.some((column) => column.length !== seatCount)) {
      throw new Error(`section ${name} has seat columns of the wrong length`);
    }
    this.sectionsById.set(id, section);
    this.orderedSectionIds.push(id);
    let nextSeat = firstSeat;
    for (const row of section.rows) {
      if (row.firstSeat !== nextSeat) throw new Error(`section ${name} row ${row.label} is not contiguous`);
      this.addRow(section, row.label, row.firstSeat, row.count, tierCount);
      nextSeat += row.count;
    }
    if (nextSeat !== firstSeat + seatCount) throw new Error(`section ${name} rows do not cover its seats`);
  }

  private addRow(
    section: SectionGeometry,
    label: string,
    firstSeat: number,
    count: number,
    tierCount: number,
  ) {
    const rowIndex = this.rowLabels.length;
    this.rowLabels.push(label);
    this.rowSectionNames.push(section.name);
    for (let seat = firstSeat; seat < firstSeat + count; seat++) {
      const local = seat - section.firstSeat;
      const tier = section.seats.tier[local] ?? -1;
      const flags = section.seats.flags[local] ?? -1;
      if (!(tier >= 0 && tier < tierCount && tier <= MAX_BYTE)) {
        throw new Error(`seat ${seat} has tier ${tier}, outside the venue's ${tierCount} tiers`);
      }
      if (!(flags >= 0 && flags <= MAX_BYTE)) throw new Error(`seat ${seat} has invalid flags ${flags}`);
      this.sectionOfSeat[seat] = section.id;
      this.tierOfSeat[seat] = tier;
      this.flagsOfSeat[seat] = flags;
      this.numberOfSeat[seat] = section.seats.number[local] ?? 0;
      this.rowOfSeat[seat] = rowIndex;
    }
  }
}
