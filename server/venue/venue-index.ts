import type { SectionGeometry, VenueGeometry } from '../../shared/venue';

/**
 * O(1) seat lookups for the server (section, tier, flags, printed label), built once per venue in
 * one pass over the geometry and kept in typed arrays.
 */
export class VenueIndex {
  readonly seatCount: number;
  readonly sectionCount: number;
  private readonly sectionBySeat: Int32Array;
  private readonly tierBySeat: Uint8Array;
  private readonly flagsBySeat: Uint8Array;
  private readonly rowBySeat: Int32Array;
  private readonly numberBySeat: Int32Array;
  private readonly sectionsById = new Map<number, SectionGeometry>();
  private readonly rowLabels: string[] = [];
  private readonly ids: number[];

  constructor(geometry: VenueGeometry) {
    this.seatCount = geometry.seatCount;
    this.sectionCount = geometry.sections.length;
    this.sectionBySeat = new Int32Array(this.seatCount).fill(-1);
    this.tierBySeat = new Uint8Array(this.seatCount);
    this.flagsBySeat = new Uint8Array(this.seatCount);
    this.rowBySeat = new Int32Array(this.seatCount);
    this.numberBySeat = new Int32Array(this.seatCount);
    for (const section of geometry.sections) {
      this.sectionsById.set(section.id, section);
      for (let offset = 0; offset < section.seatCount; offset++) {
        const seat = section.firstSeat + offset;
        this.sectionBySeat[seat] = section.id;
        this.tierBySeat[seat] = section.seats.tier[offset] ?? 0;
        this.flagsBySeat[seat] = section.seats.flags[offset] ?? 0;
        this.numberBySeat[seat] = section.seats.number[offset] ?? 0;
      }
      for (const row of section.rows) {
        const rowIndex = this.rowLabels.push(row.label) - 1;
        this.rowBySeat.fill(rowIndex, row.firstSeat, row.firstSeat + row.count);
      }
    }
    this.ids = geometry.sections.map((section) => section.id);
  }

  /** An integer seat index of this venue. */
  isValidSeat(seat: number): boolean {
    return Number.isInteger(seat) && seat >= 0 && seat < this.seatCount;
  }

  /** The seat's section id, or -1 for a seat outside the venue. */
  sectionOf(seat: number): number {
    return this.isValidSeat(seat) ? (this.sectionBySeat[seat] ?? -1) : -1;
  }

  tierOf(seat: number): number {
    return this.tierBySeat[seat] ?? 0;
  }

  flagsOf(seat: number): number {
    return this.flagsBySeat[seat] ?? 0;
  }

  section(id: number): SectionGeometry | undefined {
    return this.sectionsById.get(id);
  }

  sectionIds(): number[] {
    return [...this.ids];
  }

  /** What is printed on the ticket: section name, row label, seat number. */
  seatLabel(seat: number): { section: string; row: string; number: number } {
    return {
      section: this.section(this.sectionOf(seat))?.name ?? '',
      row: this.rowLabels[this.rowBySeat[seat] ?? -1] ?? '',
      number: this.numberBySeat[seat] ?? 0,
    };
  }
}
