/**
 * Latencies in microseconds, in log-linear buckets (under 1% relative error), so that generators
 * send a few kilobytes of counts instead of every sample and the parent merges them exactly.
 *
 * Values below 128 µs get a bucket each; above, each power of two is split into 64 buckets.
 */
const LINEAR_LIMIT = 128;
const SUB_BUCKETS = 64;
const SUB_BUCKET_BITS = 6;
/** Anything slower than ~68 s lands in the last bucket. */
const MAX_MICROS = 2 ** 36 - 1;
const BUCKET_COUNT = LINEAR_LIMIT + (36 - 7) * SUB_BUCKETS;

function bucketOf(micros: number): number {
  const value = Math.min(MAX_MICROS, Math.max(0, Math.floor(micros)));
  if (value < LINEAR_LIMIT) return value;
  const shift = Math.floor(Math.log2(value)) - SUB_BUCKET_BITS;
  return LINEAR_LIMIT + (shift - 1) * SUB_BUCKETS + (Math.floor(value / 2 ** shift) - SUB_BUCKETS);
}

/** The middle of a bucket's range, in microseconds. */
function valueOf(bucket: number): number {
  if (bucket < LINEAR_LIMIT) return bucket;
  const shift = Math.floor((bucket - LINEAR_LIMIT) / SUB_BUCKETS) + 1;
  const mantissa = ((bucket - LINEAR_LIMIT) % SUB_BUCKETS) + SUB_BUCKETS;
  return (mantissa + 0.5) * 2 ** shift;
}

/** What crosses the IPC channel: non-empty buckets as [bucket, count] pairs. */
export type HistogramCounts = [bucket: number, count: number][];

export class LatencyHistogram {
  private readonly counts = new Float64Array(BUCKET_COUNT);
  private total = 0;
  private sumMicros = 0;
  private maxMicros = 0;

  record(micros: number): void {
    this.counts[bucketOf(micros)]! += 1;
    this.total += 1;
    this.sumMicros += micros;
    if (micros > this.maxMicros) this.maxMicros = micros;
  }

  get count(): number {
    return this.total;
  }

  get meanMs(): number {
    return this.total === 0 ? 0 : this.sumMicros / this.total / 1000;
  }

  get maxMs(): number {
    return this.maxMicros / 1000;
  }

  /** The latency under which `percent` of the samples fall, in milliseconds. */
  percentileMs(percent: number): number {
    if (this.total === 0) return 0;
    const rank = Math.ceil((percent / 100) * this.total);
    let seen = 0;
    for (let bucket = 0; bucket < BUCKET_COUNT; bucket++) {
      seen += this.counts[bucket] ?? 0;
      if (seen >= rank) return Math.min(valueOf(bucket), this.maxMicros) / 1000;
    }
    return this.maxMs;
  }

  toJSON(): { counts: HistogramCounts; sumMicros: number; maxMicros: number } {
    const counts: HistogramCounts = [];
    this.counts.forEach((count, bucket) => {
      if (count > 0) counts.push([bucket, count]);
    });
    return { counts, sumMicros: this.sumMicros, maxMicros: this.maxMicros };
  }

  static merge(parts: ReturnType<LatencyHistogram['toJSON']>[]): LatencyHistogram {
    const merged = new LatencyHistogram();
    for (const part of parts) {
      for (const [bucket, count] of part.counts) {
        merged.counts[bucket]! += count;
        merged.total += count;
      }
      merged.sumMicros += part.sumMicros;
      merged.maxMicros = Math.max(merged.maxMicros, part.maxMicros);
    }
    return merged;
  }
}
