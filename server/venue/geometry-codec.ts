/**
 * Turns a venue geometry into the bytes the server sends: the JSON, its content hash (used in the URL
 * and as the ETag, so the response can be cached forever) and both compressed encodings, made once at
 * start-up rather than per request.
 */
import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

import type { VenueGeometry } from '../../shared/venue';

export interface SerializedGeometry {
  json: string;
  /** First ETAG_LENGTH characters of the base64url SHA-256 of the JSON. */
  etag: string;
  gzip: Buffer;
  brotli: Buffer;
}

/** 16 base64url characters are 96 bits: ample to tell venue versions apart. */
const ETAG_LENGTH = 16;
const GZIP_LEVEL = 9;
/** Quality 11 saves a few percent more but takes several times longer for a 50,000-seat venue. */
const BROTLI_QUALITY = 9;

export function serializeGeometry(geometry: VenueGeometry): SerializedGeometry {
  const json = JSON.stringify(geometry);
  const bytes = Buffer.from(json, 'utf8');
  return {
    json,
    etag: contentHash(bytes),
    gzip: gzipSync(bytes, { level: GZIP_LEVEL }),
    brotli: brotliCompressSync(bytes, {
      params: {
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    }),
  };
}

/** The etag of serialized geometry JSON, for checking stored bytes against their hash. */
export function contentHash(json: string | Buffer): string {
  return createHash('sha256').update(json).digest('base64url').slice(0, ETAG_LENGTH);
}
