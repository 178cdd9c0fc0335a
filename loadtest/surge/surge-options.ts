import { parseArgs } from 'node:util';
import { z } from 'zod';

/**
 * `npm run surge -- [options]`: a preset, then any option overriding it. Every option is checked
 * here; a bad one stops the run with the usage text before anything starts.
 */

const share = z.coerce.number().min(0).max(1);
const count = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const surgeOptionsSchema = z
  .object({
    preset: z.enum(['demo', 'full']),
    /** A running SeatRush to target (loopback only); without it the surge starts its own cluster. */
    url: z.url().optional(),
    /** The sale to target on a running SeatRush; the first sale on offer by default. */
    sale: z
      .string()
      .regex(/^[a-z0-9-]{1,40}$/)
      .optional(),
    fans: count(100, 400_000),
    /** Fans who sign up and sign in through the HTTP API (the others come from the fixture step). */
    apiFans: count(0, 400_000),
    /** Seats per show in the surge's own venue. */
    seats: count(100, 50_000),
    workers: count(1, 32),
    generators: count(1, 32),
    /** Active-shopper cap and admissions per second of the surge's own sale. */
    cap: count(1, 1_000_000),
    rate: count(1, 100_000),
    /** Shopping window of the surge's own sale, seconds. */
    windowSeconds: count(30, 3_600),
    /** Seconds before T0 over which pre-queue fans arrive. */
    prequeueSeconds: count(5, 3_600),
    /**
     * Seconds before the pre-queue crowd over which the fans who sign in through the API arrive: each
     * sign-in costs the server a password hash (~85 ms of CPU at the default cost), kept out of the rush.
     */
    earlySeconds: count(0, 3_600),
    /** Seconds after T0 over which the tail arrives. */
    tailSeconds: count(1, 3_600),
    /** Arrival curve: shares of fans in the pre-queue, in the spike at T0, and in the tail. */
    prequeueShare: share,
    spikeShare: share,
    /** Every fan's socket is open before T0 (spike and tail fans join later, from an open page). */
    connectBeforeT0: z.boolean(),
    /** Fans who wait by polling the cacheable status endpoint instead of holding a socket. */
    pollingShare: share,
    /** Fans who want both shows (the others want one). */
    bothShowsShare: share,
    /** Fans who ask for "best available" instead of picking seats on the map. */
    bestAvailableShare: share,
    /** Fans who give up part-way (at the map, with a hold, or at checkout). */
    abandonShare: share,
    /** Share of payments the surge's own gateway declines. */
    paymentFailureRate: share,
    /** Multiplies every human pause (1: a person's pace; 0.1: very fast fingers). */
    thinkScale: z.coerce.number().min(0).max(10),
    /** Seconds a fan who missed out keeps watching the map for returned seats. */
    lingerSeconds: count(0, 3_600),
    /** New connections a second at most, all generators together. */
    connectRate: count(10, 50_000),
    /** The run stops by itself after this long, whatever happened. */
    maxMinutes: z.coerce.number().min(1).max(240),
    /** Seed of every fan's choices: the same seed gives the same crowd. */
    seed: count(0, 2 ** 31 - 1),
    /** Where the JSON and HTML reports go. */
    out: z.string().min(1).optional(),
    /** scrypt cost (log2) of the surge's own cluster: every API fan's sign-up and sign-in pays it. */
    passwordCost: count(10, 20),
    /** Who the fans are: behaviour names with shares, e.g. "human" or "human:0.9,some-bot:0.1". */
    crowd: z.string().regex(/^[a-z0-9-]+(:[0-9.]+)?(,[a-z0-9-]+(:[0-9.]+)?)*$/, 'name:share,name:share'),
    /** Own cluster: how long a buyer keeps the slot for the other show (QUEUE_AFTER_PURCHASE_MS). */
    afterPurchaseSeconds: count(1, 3_600).optional(),
    /** Own cluster: a shopper gone this long gives the slot back (QUEUE_SHOPPER_IDLE_MS). */
    shopperIdleSeconds: count(0, 3_600).optional(),
    /**
     * Own cluster: the event-loop delay admission is governed by (QUEUE_LAG_TARGET_MS, Q17; 0: off).
     * On one machine the crowd's own processes hold the cores the nodes wait for, and every node's
     * delay reads that wait too (docs/benchmarks.md).
     */
    lagTargetMs: count(0, 60_000).optional(),
    /** Hold lifetime of the surge's own cluster, seconds (its default otherwise). */
    holdTtlSeconds: count(10, 3_600).optional(),
    /** Progress as calm lines even on a terminal. */
    quiet: z.boolean(),
  })
  .refine((options) => options.prequeueShare + options.spikeShare <= 1, {
    message: 'prequeue-share + spike-share must not exceed 1 (the rest is the tail)',
  })
  .refine((options) => options.apiFans <= options.fans, { message: 'api-fans must not exceed fans' })
  .refine((options) => options.apiFans >= Math.min(1_000, options.fans), {
    message: 'at least 1,000 fans (or every fan, if fewer) sign up through the API in every run',
  });

export type SurgeOptions = z.infer<typeof surgeOptionsSchema>;
type OwnClusterSettings = 'holdTtlSeconds' | 'afterPurchaseSeconds' | 'shopperIdleSeconds' | 'lagTargetMs';
type PresetValues = Omit<SurgeOptions, 'preset' | 'url' | 'sale' | 'out' | 'quiet' | OwnClusterSettings> &
  Partial<Pick<SurgeOptions, OwnClusterSettings>>;

export const PRESETS: Record<SurgeOptions['preset'], PresetValues> = {
  /** A small sale that sells out in about two minutes: for CI and for a newcomer. */
  demo: {
    fans: 1_200,
    apiFans: 1_000,
    seats: 600,
    workers: 2,
    generators: 2,
    cap: 300,
    rate: 60,
    windowSeconds: 180,
    prequeueSeconds: 20,
    earlySeconds: 20,
    tailSeconds: 20,
    prequeueShare: 0.8,
    spikeShare: 0.15,
    connectBeforeT0: false,
    pollingShare: 0.1,
    bothShowsShare: 0.3,
    bestAvailableShare: 0.3,
    abandonShare: 0.05,
    paymentFailureRate: 0.05,
    thinkScale: 0.2,
    lingerSeconds: 60,
    connectRate: 400,
    maxMinutes: 8,
    seed: 1,
    passwordCost: 13,
    crowd: 'human',
    holdTtlSeconds: 60,
    afterPurchaseSeconds: 20,
    shopperIdleSeconds: 45,
  },
  /**
   * The brief's sale: two shows of 50,000 seats, 100,000 fans, every one connected before T0. Its
   * pace (connections, admissions) is what one 2-core machine running the cluster, the crowd,
   * Redis and PostgreSQL takes: docs/benchmarks.md.
   */
  full: {
    fans: 100_000,
    apiFans: 1_000,
    seats: 50_000,
    workers: 6,
    generators: 6,
    cap: 5_000,
    rate: 120,
    windowSeconds: 600,
    // 85,000 pre-queue fans over ten minutes: ~140 connections a second, which the cluster takes
    // beside the 2-core machine's generators (docs/benchmarks.md); over five it could not, and half
    // the crowd was still connecting at T0.
    prequeueSeconds: 600,
    earlySeconds: 120,
    tailSeconds: 60,
    prequeueShare: 0.85,
    spikeShare: 0.1,
    connectBeforeT0: true,
    pollingShare: 0.05,
    bothShowsShare: 0.3,
    bestAvailableShare: 0.3,
    abandonShare: 0.03,
    paymentFailureRate: 0.03,
    thinkScale: 0.5,
    lingerSeconds: 120,
    connectRate: 400,
    // Twelve minutes of arrivals, then the sale: it sold out at T0 + 31 min on one 2-core machine and
    // at T0 + 70 min on a slower one of the same kind (docs/benchmarks.md); the bound leaves room.
    maxMinutes: 120,
    holdTtlSeconds: 180,
    afterPurchaseSeconds: 30,
    seed: 1,
    passwordCost: 15,
    crowd: 'human',
  },
};

export const USAGE = `usage: npm run surge -- [--preset demo|full] [options]

Replays an on-sale: fans arrive, wait in the queue, pick seats, pay and get tickets, through the
public HTTP + Socket.IO protocol. Without --url the surge starts its own SeatRush (the real
cluster, production mode, its own database and Redis prefix, removed after).

  --preset NAME            demo (default: ~1,200 fans, two 600-seat shows, about two minutes)
                           or full (100,000 fans, two 50,000-seat shows, all connected before T0)
  --url URL                target a running SeatRush on this machine instead (needs DATABASE_URL,
                           REDIS_URL, REDIS_KEY_PREFIX and SESSION_SECRET of that deployment)
  --sale ID                the sale to target with --url (default: the first one on offer)
  --fans N                 fans in all             --api-fans N   of them through sign-up/sign-in
  --seats N                seats per show          --workers N    server workers (own cluster)
  --generators N           load generator processes
  --cap N / --rate N       active-shopper cap / admissions a second (own sale)
  --window-seconds S       shopping window (own sale)
  --prequeue-seconds S     pre-queue arrivals spread over S seconds before T0
  --early-seconds S        API fans (who sign in with a password) arrive over S seconds before that
  --tail-seconds S         tail arrivals spread over S seconds after T0
  --prequeue-share F       share arriving before T0        --spike-share F   share arriving at T0
  --connect-before-t0      every fan connects before T0 (spike and tail join later)
  --polling-share F        fans waiting by polling the status endpoint instead of a socket
  --both-shows-share F     fans who want both shows        --best-available-share F
  --abandon-share F        fans who give up part-way       --payment-failure-rate F (own cluster)
  --think-scale X          multiplies human pauses (default per preset)
  --linger-seconds S       how long fans who missed out watch for returned seats
  --connect-rate N         new connections a second at most
  --hold-ttl-seconds S     hold lifetime of the own cluster
  --after-purchase-seconds S  own cluster: a buyer keeps the slot this long for the other show
  --shopper-idle-seconds S     own cluster: a shopper gone this long gives the slot back
  --lag-target-ms N        own cluster: event-loop delay admission is governed by (0: off)
  --password-cost N        scrypt cost (log2) of the own cluster (demo 13, full 15: the default)
  --crowd MIX              behaviours and shares, e.g. human or human:0.9,other:0.1
  --max-minutes M          hard stop
  --seed N                 seed of the crowd's choices
  --out DIR                report folder (default artifacts/surge/<time>)
  --quiet                  calm progress lines even on a terminal`;

export class UsageError extends Error {
  override name = 'UsageError';
}

const FLAG_NAMES = [
  'url',
  'sale',
  'fans',
  'api-fans',
  'seats',
  'workers',
  'generators',
  'cap',
  'rate',
  'window-seconds',
  'prequeue-seconds',
  'early-seconds',
  'tail-seconds',
  'prequeue-share',
  'spike-share',
  'polling-share',
  'both-shows-share',
  'best-available-share',
  'abandon-share',
  'payment-failure-rate',
  'think-scale',
  'linger-seconds',
  'connect-rate',
  'max-minutes',
  'seed',
  'out',
  'hold-ttl-seconds',
  'password-cost',
  'crowd',
  'after-purchase-seconds',
  'shopper-idle-seconds',
  'lag-target-ms',
] as const;

const camel = (flag: string) => flag.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());

export function parseSurgeOptions(argv: string[]): SurgeOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        preset: { type: 'string', default: 'demo' },
        'connect-before-t0': { type: 'boolean' },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
        ...Object.fromEntries(FLAG_NAMES.map((name) => [name, { type: 'string' as const }])),
      },
      strict: true,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (values.help) throw new UsageError('');
  const preset = z.enum(['demo', 'full']).safeParse(values.preset);
  if (!preset.success) throw new UsageError(`--preset must be demo or full, not "${String(values.preset)}"`);
  const given = Object.fromEntries(
    FLAG_NAMES.filter((name) => values[name] !== undefined).map((name) => [camel(name), values[name]]),
  );
  const result = surgeOptionsSchema.safeParse({
    ...PRESETS[preset.data],
    ...given,
    ...(values['connect-before-t0'] !== undefined && { connectBeforeT0: values['connect-before-t0'] }),
    preset: preset.data,
    quiet: values.quiet,
  });
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `--${kebab(issue.path.join('.'))}: ${issue.message}`);
    throw new UsageError(problems.join('\n'));
  }
  if (result.data.url && !isLoopback(new URL(result.data.url).hostname)) {
    throw new UsageError(
      '--url must be on this machine (127.0.0.0/8, ::1 or localhost): the surge never targets others',
    );
  }
  return result.data;
}

const kebab = (name: string) => name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

export function isLoopback(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname === '[::1]' ||
    hostname === '::1' ||
    /^127\.\d+\.\d+\.\d+$/.test(hostname)
  );
}
