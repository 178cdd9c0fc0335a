import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { RedisKeys } from '../../server/redis/keys';
import { chiSquareIndependence } from '../../server/test/support/chi-square';
import { parseSeedHex, queuePermutation } from '../../shared/queue-permutation';
import type { FairnessReport } from './surge-report-types';

/**
 * Was the line fair (docs/queue-spec.md Q5-Q7)? Checked from what the queue itself recorded, with
 * the seed the sale revealed: the seed matches the commitment published before T0; every admitted
 * fan's place is what the seed gives their arrival number; pre-queue admission order is independent
 * of arrival order (chi-square over deciles); and after T0 no one was admitted before someone who
 * arrived earlier.
 */

const DECILES = 10;

export async function checkFairness(
  redis: Redis,
  keys: RedisKeys,
  saleId: string,
  published: { seedCommitment: string; seed: string | null },
): Promise<FairnessReport> {
  const saleKeys = keys.sale(saleId);
  const [frozenSize, seed, windowMs] = await redis.hmget(saleKeys.meta, 'frozenSize', 'seed', 'windowMs');
  const prequeueSize = Number(frozenSize ?? 0);
  const arrivals = await readArrivals(redis, saleKeys.arrivals);
  // "place|windowEnd|admittedAt"; place 0 is a fan who left before their turn (never admitted).
  const admitted = Object.entries(await redis.hgetall(saleKeys.admitted))
    .map(([account, value]) => {
      const [place = 0, windowEnd = 0, admittedAt] = value.split('|').map(Number);
      const at =
        admittedAt !== undefined && !Number.isNaN(admittedAt)
          ? admittedAt
          : windowEnd - Number(windowMs ?? 0);
      return { account, place, admittedAt: at, arrival: arrivals.get(account) };
    })
    .filter((fan) => fan.place > 0);

  const seedHex = seed ?? published.seed;
  const seedCommitmentMatches =
    seedHex !== null &&
    createHash('sha256').update(Buffer.from(seedHex, 'hex')).digest('hex') === published.seedCommitment;
  const permutation =
    seedHex && prequeueSize > 0 ? queuePermutation(parseSeedHex(seedHex), prequeueSize) : undefined;
  let placesMismatched = 0;
  for (const fan of admitted) {
    if (fan.arrival === undefined) {
      placesMismatched++;
      continue;
    }
    const expected =
      fan.arrival < prequeueSize && permutation ? permutation.permute(fan.arrival) + 1 : fan.arrival + 1;
    if (expected !== fan.place) placesMismatched++;
  }

  const prequeue = admitted.filter((fan) => fan.arrival !== undefined && fan.arrival < prequeueSize);
  const afterT0 = admitted
    .filter((fan) => fan.arrival !== undefined && fan.arrival >= prequeueSize)
    .sort((a, b) => (a.arrival ?? 0) - (b.arrival ?? 0));
  return {
    prequeueSize,
    chiSquare: prequeue.length >= DECILES * DECILES ? decileTest(prequeue, prequeueSize) : null,
    inversionsAfterT0: countInversions(afterT0.map((fan) => fan.admittedAt)),
    fansAfterT0: afterT0.length,
    placesChecked: admitted.length,
    placesMismatched,
    seedCommitmentMatches,
  };
}

async function readArrivals(redis: Redis, key: string): Promise<Map<string, number>> {
  const flat = await redis.zrange(key, 0, -1, 'WITHSCORES');
  const arrivals = new Map<string, number>();
  for (let i = 0; i + 1 < flat.length; i += 2) arrivals.set(flat[i] as string, Number(flat[i + 1]));
  return arrivals;
}

/** Arrival decile against admission decile (rank by place among the admitted pre-queue fans). */
function decileTest(fans: { arrival?: number; place: number }[], prequeueSize: number) {
  const byPlace = [...fans].sort((a, b) => a.place - b.place);
  const pairs = byPlace.map((fan, rank) => {
    const arrivalDecile = Math.min(DECILES - 1, Math.floor(((fan.arrival ?? 0) * DECILES) / prequeueSize));
    const admissionDecile = Math.min(DECILES - 1, Math.floor((rank * DECILES) / byPlace.length));
    return [arrivalDecile, admissionDecile] as const;
  });
  return { fans: fans.length, ...chiSquareIndependence(pairs, DECILES, DECILES) };
}

/** Pairs i < j with values[i] > values[j] (merge sort, O(n log n)). */
export function countInversions(values: readonly number[]): number {
  const sort = (items: number[]): [number[], number] => {
    if (items.length <= 1) return [items, 0];
    const middle = items.length >> 1;
    const [left, leftCount] = sort(items.slice(0, middle));
    const [right, rightCount] = sort(items.slice(middle));
    const merged: number[] = [];
    let count = leftCount + rightCount;
    let i = 0;
    let j = 0;
    while (i < left.length && j < right.length) {
      if ((left[i] as number) <= (right[j] as number)) merged.push(left[i++] as number);
      else {
        merged.push(right[j++] as number);
        count += left.length - i;
      }
    }
    return [[...merged, ...left.slice(i), ...right.slice(j)], count];
  };
  return sort([...values])[1];
}
