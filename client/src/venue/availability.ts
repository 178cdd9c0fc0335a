/** Colours of sections (map overview, box office) by their share of free seats, with legend keys. */
export interface AvailabilityLevel {
  key: 'plenty' | 'some' | 'few' | 'soldOut';
  colour: string;
}

export const AVAILABILITY_LEVELS: readonly AvailabilityLevel[] = [
  { key: 'plenty', colour: '#34b37e' },
  { key: 'some', colour: '#f2b233' },
  { key: 'few', colour: '#ec6a5e' },
  { key: 'soldOut', colour: '#c4c9d1' },
];

const [PLENTY, SOME, FEW, SOLD_OUT] = AVAILABILITY_LEVELS as [
  AvailabilityLevel,
  AvailabilityLevel,
  AvailabilityLevel,
  AvailabilityLevel,
];

/** Many free: 40% or more; some: 10% or more; few: any; sold out: none. */
export function availabilityLevel(free: number, capacity: number): AvailabilityLevel {
  if (free <= 0 || capacity <= 0) return SOLD_OUT;
  const share = free / capacity;
  return share >= 0.4 ? PLENTY : share >= 0.1 ? SOME : FEW;
}

/**
 * A continuous heat for the box office: pale green when a section is all free, through amber, to
 * deep red when it is sold out, so small changes show between the legend's coarse levels.
 */
export function occupancyHeat(free: number, capacity: number): string {
  const taken = capacity > 0 ? Math.min(1, Math.max(0, 1 - free / capacity)) : 1;
  const hue = Math.round(150 * (1 - taken));
  const lightness = Math.round(86 - 36 * taken);
  return `hsl(${hue} 62% ${lightness}%)`;
}
