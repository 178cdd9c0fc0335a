import type { Redis } from 'ioredis';
import type { ShowLayout } from '../../catalogue/catalogue';
import type { RedisKeys } from '../../redis/keys';

export interface InventoryState {
  /** seat -> raw value for every non-free seat */
  seats: Map<number, string>;
  holds: Map<string, { o: string; e: number; x: number; p: string; s: number[][] }>;
  accountSeats: Map<string, number>;
  available: Map<string, number>;
  /** The statuses string snapshots read: one SEAT_STATUS digit per seat. */
  statuses: string;
}

export async function readInventory(
  redis: Redis,
  keys: RedisKeys,
  layout: ShowLayout,
): Promise<InventoryState> {
  const showKeys = keys.show(layout.show.id);
  const seats = new Map<number, string>();
  for (const sectionId of layout.venue.sectionIds()) {
    const fields = await redis.hgetall(showKeys.section(sectionId));
    for (const [seat, value] of Object.entries(fields)) seats.set(Number(seat), value);
  }
  const holds = new Map(
    Object.entries(await redis.hgetall(showKeys.holds)).map(([id, raw]) => [id, JSON.parse(raw)]),
  );
  const accountSeats = new Map(
    Object.entries(await redis.hgetall(showKeys.accountSeats)).map(([k, v]) => [k, Number(v)]),
  );
  const available = new Map(
    Object.entries(await redis.hgetall(showKeys.available)).map(([k, v]) => [k, Number(v)]),
  );
  const statuses = (await redis.get(showKeys.statuses)) ?? '';
  return { seats, holds, accountSeats, available, statuses };
}

const DIGIT_OF_PREFIX: Record<string, string> = { H: '1', S: '2', B: '3' };

/**
 * Checks that Redis's counters agree with its seats (H2, H3): the statuses string snapshots read,
 * digit by digit; free seats per section and tier,
 * each held seat pointing at a hold that lists it, and per-account totals equal to the seats the
 * account holds plus `soldByAccount`. Returns the problems found (none when consistent).
 */
export function inventoryProblems(
  state: InventoryState,
  layout: ShowLayout,
  soldByAccount: Map<string, number> = new Map(),
): string[] {
  const problems: string[] = [];
  const { venue } = layout;
  if (state.statuses.length !== venue.seatCount) {
    problems.push(`statuses string has ${state.statuses.length} digits for ${venue.seatCount} seats`);
  }
  for (let seat = 0; seat < Math.min(venue.seatCount, state.statuses.length); seat++) {
    const value = state.seats.get(seat);
    const expected = value === undefined ? '0' : DIGIT_OF_PREFIX[value.charAt(0)];
    if (state.statuses[seat] !== expected)
      problems.push(`seat ${seat}: statuses string ${state.statuses[seat]}`);
  }
  const freeBySection = new Map<number, number>();
  const freeByTier = new Map<number, number>();
  for (let seat = 0; seat < venue.seatCount; seat++) {
    if (state.seats.has(seat)) continue;
    freeBySection.set(venue.sectionOf(seat), (freeBySection.get(venue.sectionOf(seat)) ?? 0) + 1);
    freeByTier.set(venue.tierOf(seat), (freeByTier.get(venue.tierOf(seat)) ?? 0) + 1);
  }
  for (const sectionId of venue.sectionIds()) {
    const counted = state.available.get(`s${sectionId}`) ?? 0;
    if (counted !== (freeBySection.get(sectionId) ?? 0)) {
      problems.push(
        `section ${sectionId}: counter ${counted}, free seats ${freeBySection.get(sectionId) ?? 0}`,
      );
    }
  }
  for (const [tier, free] of freeByTier) {
    if ((state.available.get(`t${tier}`) ?? 0) !== free) problems.push(`tier ${tier}: counter disagrees`);
  }
  const heldByAccount = new Map<string, number>();
  for (const [holdId, hold] of state.holds) {
    heldByAccount.set(hold.o, (heldByAccount.get(hold.o) ?? 0) + hold.s.length);
    for (const [, seat] of hold.s) {
      if (state.seats.get(seat ?? -1) !== `H|${holdId}`)
        problems.push(`hold ${holdId} lists seat ${seat} it does not hold`);
    }
  }
  for (const [seat, value] of state.seats) {
    if (value.startsWith('H|') && !state.holds.get(value.slice(2))?.s.some(([, s]) => s === seat)) {
      problems.push(`seat ${seat} held by ${value.slice(2)}, which does not list it`);
    }
  }
  const accounts = new Set([...heldByAccount.keys(), ...soldByAccount.keys(), ...state.accountSeats.keys()]);
  for (const account of accounts) {
    const expected = (heldByAccount.get(account) ?? 0) + (soldByAccount.get(account) ?? 0);
    if ((state.accountSeats.get(account) ?? 0) !== expected) {
      problems.push(
        `account ${account}: total ${state.accountSeats.get(account) ?? 0}, expected ${expected}`,
      );
    }
  }
  return problems;
}
