import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

import { generateStadium } from './generate-stadium';
import { contentHash, serializeGeometry } from './geometry-codec';

const stadium = generateStadium();
const serialized = serializeGeometry(stadium);

describe('serializeGeometry', () => {
  it('produces JSON that parses back to the geometry', () => {
    expect(JSON.parse(serialized.json)).toEqual(stadium);
  });

  it('compresses to gzip and brotli that decompress to the same JSON, smaller than the JSON', () => {
    expect(gunzipSync(serialized.gzip).toString('utf8')).toBe(serialized.json);
    expect(brotliDecompressSync(serialized.brotli).toString('utf8')).toBe(serialized.json);
    const jsonBytes = Buffer.byteLength(serialized.json);
    expect(serialized.gzip.length).toBeLessThan(jsonBytes);
    expect(serialized.brotli.length).toBeLessThan(serialized.gzip.length);
  });

  it('uses a short base64url content hash of the JSON as etag', () => {
    expect(serialized.etag).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(contentHash(serialized.json)).toBe(serialized.etag);
    expect(contentHash(Buffer.from(serialized.json))).toBe(serialized.etag);
  });

  it('keeps the etag for equal geometry and changes it when the geometry changes', () => {
    expect(serializeGeometry(generateStadium()).etag).toBe(serialized.etag);
    const renamed = serializeGeometry({ ...stadium, name: `${stadium.name} ` });
    expect(renamed.etag).not.toBe(serialized.etag);
    const changedSeat = structuredClone(stadium);
    const firstSection = changedSeat.sections[0];
    if (firstSection) firstSection.seats.flags[0] = (firstSection.seats.flags[0] ?? 0) ^ 1;
    expect(serializeGeometry(changedSeat).etag).not.toBe(serialized.etag);
    expect(serializeGeometry(generateStadium({ seatCount: 500 })).etag).not.toBe(serialized.etag);
  });
});
