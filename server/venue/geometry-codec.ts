import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { VenueGeometry } from '../../shared/venue';

export interface SerializedGeometry {
  json: string;
  /** Short content hash of the JSON: part of the geometry's URL, so it can be cached forever. */
  etag: string;
  gzip: Buffer;
  brotli: Buffer;
}

const ETAG_LENGTH = 16;
const BROTLI_QUALITY = 9;

/** Venue geometry as served: JSON, precompressed once (gzip and brotli), under its content hash. */
export function serializeGeometry(geometry: VenueGeometry): SerializedGeometry {
  const json = JSON.stringify(geometry);
  return {
    json,
    etag: createHash('sha256').update(json).digest('base64url').slice(0, ETAG_LENGTH),
    gzip: gzipSync(json, { level: 9 }),
    brotli: brotliCompressSync(json, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: Buffer.byteLength(json),
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      },
    }),
  };
}
