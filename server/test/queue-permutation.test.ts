import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseSeedHex, queuePermutation, seedCommitment } from '../../shared/queue-permutation';

const SEED_HEX = '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff';

/** The algorithm as written in queue-permutation.ts's comment, reimplemented with node:crypto. */
function referencePermute(seed: Buffer, size: number, x: number): number {
  let k = 1;
  while (4 ** k < size) k++;
  const half = 2 ** k;
  const round = (r: number, value: number) => {
    const message = Buffer.alloc(5);
    message[0] = r;
    message.writeUInt32BE(value, 1);
    const mac = createHmac('sha256', seed).update('seatrush-queue-v1').update(message).digest();
    return mac.readUInt32BE(0) % half;
  };
  let y = x;
  do {
    let left = Math.floor(y / half);
    let right = y % half;
    for (let r = 0; r < 8; r++) [left, right] = [right, (left ^ round(r, right)) >>> 0];
    y = left * half + right;
  } while (y >= size);
  return y;
}

describe('queue permutation', () => {
  it('matches an independent implementation of the published algorithm', () => {
    const seed = Buffer.from(SEED_HEX, 'hex');
    for (const size of [1, 2, 3, 17, 1000, 70_001]) {
      const permutation = queuePermutation(parseSeedHex(SEED_HEX), size);
      for (let x = 0; x < Math.min(size, 300); x++) {
        expect(permutation.permute(x)).toBe(referencePermute(seed, size, x));
      }
    }
  });

  it('is a bijection whose inverse is unpermute', () => {
    for (const size of [1, 5, 64, 65, 10_000]) {
      const permutation = queuePermutation(parseSeedHex(SEED_HEX), size);
      const seen = new Uint8Array(size);
      for (let x = 0; x < size; x++) {
        const y = permutation.permute(x);
        expect(y).toBeGreaterThanOrEqual(0);
        expect(y).toBeLessThan(size);
        seen[y] = 1;
        expect(permutation.unpermute(y)).toBe(x);
      }
      expect(seen.every((hit) => hit === 1)).toBe(true);
    }
  });

  it('depends on the seed', () => {
    const other = queuePermutation(parseSeedHex('ff'.repeat(32)), 1000);
    const mine = queuePermutation(parseSeedHex(SEED_HEX), 1000);
    const same = Array.from({ length: 1000 }, (_, x) => other.permute(x) === mine.permute(x)).filter(Boolean);
    expect(same.length).toBeLessThan(20);
  });

  it('refuses bad seeds, sizes and indexes', () => {
    expect(() => parseSeedHex('abc')).toThrow(RangeError);
    expect(() => parseSeedHex('zz'.repeat(32))).toThrow(RangeError);
    expect(() => queuePermutation(new Uint8Array(16), 10)).toThrow(RangeError);
    expect(() => queuePermutation(parseSeedHex(SEED_HEX), 0)).toThrow(RangeError);
    expect(() => queuePermutation(parseSeedHex(SEED_HEX), 2 ** 32 + 1)).toThrow(RangeError);
    const permutation = queuePermutation(parseSeedHex(SEED_HEX), 10);
    expect(() => permutation.permute(10)).toThrow(RangeError);
    expect(() => permutation.unpermute(-1)).toThrow(RangeError);
    expect(() => permutation.permute(1.5)).toThrow(RangeError);
  });

  it('commits to a seed with its SHA-256', () => {
    expect(seedCommitment(parseSeedHex(SEED_HEX))).toBe(
      createHash('sha256').update(Buffer.from(SEED_HEX, 'hex')).digest('hex'),
    );
  });
});
