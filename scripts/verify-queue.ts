import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { parseSeedHex, queuePermutation, seedCommitment } from '../shared/queue-permutation';

/**
 * The waiting room's verifier (docs/queue-spec.md, Q6): fetches a sale's published seed and checks
 * it against the commitment published before T0, then recomputes places from arrival numbers.
 * Nothing is trusted from the server but the seed, the commitment and the shuffled size.
 *
 *   npm run queue:verify -- --sale aurora-bkk-2027 [--url http://localhost:3000] [--arrival 41 ...]
 *   npm run queue:verify -- --seed <64 hex> --commitment <64 hex> --size 98765 --arrival 41
 *   npm run queue:verify -- --sale aurora-bkk-2027 --all    (every place, as CSV arrival,place)
 */

const publishedSaleSchema = z.object({
  id: z.string(),
  seedCommitment: z.string(),
  seed: z.string().nullable(),
  shuffledSize: z.number().int().nullable(),
});

export interface QueueVerification {
  seedCommitment: string;
  seed: string;
  size: number;
  commitmentMatches: boolean;
  /** place = permute(arrival) + 1 inside the pre-queue, arrival + 1 after it (Q5, Q7). */
  places: { arrival: number; place: number }[];
}

export async function verifyQueue(options: {
  url: string;
  saleId: string;
  arrivals: number[];
}): Promise<QueueVerification> {
  const response = await fetch(new URL(`/api/sales/${encodeURIComponent(options.saleId)}`, options.url));
  if (!response.ok) throw new Error(`GET sale ${options.saleId}: HTTP ${response.status}`);
  const sale = publishedSaleSchema.parse(await response.json());
  if (sale.seed === null || sale.shuffledSize === null) {
    throw new Error(`sale ${sale.id} has not shuffled yet; its commitment is ${sale.seedCommitment}`);
  }
  return verifyOffline(sale.seed, sale.seedCommitment, sale.shuffledSize, options.arrivals);
}

export function verifyOffline(
  seedHex: string,
  commitment: string,
  size: number,
  arrivals: number[],
): QueueVerification {
  const seed = parseSeedHex(seedHex);
  const permutation = size > 0 ? queuePermutation(seed, size) : undefined;
  return {
    seedCommitment: commitment,
    seed: seedHex,
    size,
    commitmentMatches: seedCommitment(seed) === commitment.toLowerCase(),
    places: arrivals.map((arrival) => ({
      arrival,
      place: permutation && arrival < size ? permutation.permute(arrival) + 1 : arrival + 1,
    })),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      url: { type: 'string', default: 'http://localhost:3000' },
      sale: { type: 'string' },
      seed: { type: 'string' },
      commitment: { type: 'string' },
      size: { type: 'string' },
      arrival: { type: 'string', multiple: true, default: [] },
      all: { type: 'boolean', default: false },
    },
  });
  const arrivals = values.arrival.map((value) => z.coerce.number().int().min(0).parse(value));
  const report =
    values.seed !== undefined
      ? verifyOffline(
          values.seed,
          z.string().parse(values.commitment),
          z.coerce.number().int().min(0).parse(values.size),
          arrivals,
        )
      : await verifyQueue({ url: values.url, saleId: z.string().min(1).parse(values.sale), arrivals });
  const places = values.all
    ? verifyOffline(report.seed, report.seedCommitment, report.size, [...Array(report.size).keys()]).places
    : report.places;

  console.error(`seed        ${report.seed}`);
  console.error(`commitment  ${report.seedCommitment}`);
  console.error(`SHA-256(seed) matches the commitment: ${report.commitmentMatches ? 'yes' : 'NO'}`);
  console.error(`pre-queue size at T0: ${report.size}`);
  console.log('arrival,place');
  for (const { arrival, place } of places) console.log(`${arrival},${place}`);
  if (!report.commitmentMatches) process.exitCode = 2;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
