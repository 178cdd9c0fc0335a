import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * The waiting room's shuffle (docs/queue-spec.md, Q5): a keyed pseudo-random permutation of the
 * pre-queue's arrival numbers 0..size-1. Anyone holding the revealed seed recomputes every place, so
 * this file runs unchanged in the server, the verifier command and the browser.
 *
 * The algorithm, precisely enough to reimplement:
 * - Let k be the smallest integer >= 1 with 4^k >= size. A number x < 4^k is split into a left half
 *   L = floor(x / 2^k) and a right half R = x mod 2^k.
 * - Eight Feistel rounds r = 0..7: (L, R) becomes (R, L xor F(r, R)), where F(r, R) is the first
 *   four bytes, big-endian, of HMAC-SHA256(key = seed, message = "seatrush-queue-v1" || byte r ||
 *   R as 4 bytes big-endian), modulo 2^k. The result is L * 2^k + R.
 * - Cycle walking: while the result is >= size, apply the eight rounds again to it.
 * The pre-queue fan with arrival number a gets place permute(a) + 1.
 */
export const QUEUE_PERMUTATION_ALGORITHM =
  'feistel-8-hmac-sha256-cycle-walk/v1: 8 balanced Feistel rounds over 4^k >= size, ' +
  'F(r,R) = HMAC-SHA256(seed, "seatrush-queue-v1" || r || R:u32be)[0..4]:u32be mod 2^k, cycle walking';

const DOMAIN_TAG = utf8ToBytes('seatrush-queue-v1');
const ROUNDS = 8;
const SEED_BYTES = 32;
/** Halves of at most 16 bits: sizes up to 2^32. */
const MAX_HALF_BITS = 16;

export interface QueuePermutation {
  readonly size: number;
  /** Arrival number (0-based) to position (0-based). */
  permute(arrival: number): number;
  /** Position (0-based) back to arrival number. */
  unpermute(position: number): number;
}

/** Builds the permutation of 0..size-1 for a seed; round values are computed once and kept. */
export function queuePermutation(seed: Uint8Array, size: number): QueuePermutation {
  if (seed.length !== SEED_BYTES) throw new RangeError(`seed must be ${SEED_BYTES} bytes`);
  if (!Number.isSafeInteger(size) || size < 1 || size > 2 ** (2 * MAX_HALF_BITS)) {
    throw new RangeError('size must be an integer from 1 to 2^32');
  }
  const halfBits = halfBitsFor(size);
  const halfSize = 2 ** halfBits;
  const round = roundFunction(seed, halfBits);

  const encrypt = (x: number): number => {
    let left = Math.floor(x / halfSize);
    let right = x % halfSize;
    for (let r = 0; r < ROUNDS; r++) [left, right] = [right, (left ^ round(r, right)) >>> 0];
    return left * halfSize + right;
  };
  const decrypt = (y: number): number => {
    let left = Math.floor(y / halfSize);
    let right = y % halfSize;
    for (let r = ROUNDS - 1; r >= 0; r--) [left, right] = [(right ^ round(r, left)) >>> 0, left];
    return left * halfSize + right;
  };
  // Cycle walking stays inside 0..size-1 and keeps the map a bijection.
  const walk = (step: (x: number) => number, x: number): number => {
    checkIndex(x, size);
    let y = step(x);
    while (y >= size) y = step(y);
    return y;
  };
  return {
    size,
    permute: (arrival) => walk(encrypt, arrival),
    unpermute: (position) => walk(decrypt, position),
  };
}

/** The public commitment to a seed, published before T0: SHA-256 in hex. [Q6] */
export function seedCommitment(seed: Uint8Array): string {
  return bytesToHex(sha256(seed));
}

/** A seed as published (64 hex digits) to its 32 bytes. */
export function parseSeedHex(hex: string): Uint8Array {
  if (!/^[0-9a-f]{64}$/i.test(hex)) throw new RangeError('seed must be 64 hex digits');
  return hexToBytes(hex.toLowerCase());
}

function halfBitsFor(size: number): number {
  let bits = 1;
  while (4 ** bits < size) bits++;
  return bits;
}

/** F(r, R), memoised per round: at most 8 * 2^k HMACs for a whole permutation. */
function roundFunction(seed: Uint8Array, halfBits: number): (round: number, half: number) => number {
  const halfSize = 2 ** halfBits;
  const values = new Uint32Array(ROUNDS * halfSize);
  const known = new Uint8Array(ROUNDS * halfSize);
  const message = new Uint8Array(DOMAIN_TAG.length + 5);
  message.set(DOMAIN_TAG);
  const view = new DataView(message.buffer);
  return (round, half) => {
    const slot = round * halfSize + half;
    if (!known[slot]) {
      message[DOMAIN_TAG.length] = round;
      view.setUint32(DOMAIN_TAG.length + 1, half);
      const mac = hmac(sha256, seed, message);
      values[slot] = new DataView(mac.buffer, mac.byteOffset).getUint32(0) % halfSize;
      known[slot] = 1;
    }
    return values[slot]!;
  };
}

function checkIndex(x: number, size: number): void {
  if (!Number.isSafeInteger(x) || x < 0 || x >= size) throw new RangeError(`index must be in 0..${size - 1}`);
}
