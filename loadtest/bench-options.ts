import { parseArgs } from 'node:util';

export type PhaseName = 'hold' | 'echo';

export interface BenchOptions {
  /** Socket.IO clients in total, split evenly over the generators. */
  clients: number;
  /** Load generator processes. */
  generators: number;
  /** Server workers (SeatRush cluster and echo server alike). */
  workers: number;
  /** Measured period of each phase, seconds. */
  durationS: number;
  /** Warm-up before each measured period (not counted), seconds. */
  warmupS: number;
  seatsPerHold: number;
  /** New connections per second, all generators together. */
  connectPerSecond: number;
  phases: PhaseName[];
  json: boolean;
}

const USAGE = `usage: npm run bench:holds -- [options]
  --clients N          Socket.IO clients in total (default 100)
  --generators N       load generator processes (default 2)
  --workers N          server workers, for both phases (default 2)
  --duration S         measured seconds per phase (default 15)
  --warmup S           warm-up seconds per phase, not counted (default 3)
  --seats-per-hold N   seats per hold, 1-4 (default 1)
  --connect-rate N     new connections per second, all generators (default 200)
  --phases LIST        phases in order, comma-separated: echo,hold (default echo,hold)
  --json               also print one JSON line with every figure at the end`;

export class UsageError extends Error {
  override name = 'UsageError';
  readonly usage = USAGE;
}

function integer(
  value: string | undefined,
  name: string,
  min: number,
  max: number,
  fallback: number,
): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
    throw new UsageError(`--${name} must be an integer from ${min} to ${max}, not "${value}"`);
  }
  return parsed;
}

function phaseList(value: string | undefined): PhaseName[] {
  if (value === undefined) return ['echo', 'hold'];
  const phases = value.split(',').map((phase) => phase.trim());
  const unknown = phases.find((phase) => phase !== 'hold' && phase !== 'echo');
  if (unknown !== undefined || phases.length === 0) {
    throw new UsageError(`--phases takes hold and/or echo, not "${value}"`);
  }
  return phases as PhaseName[];
}

export function parseBenchOptions(argv: string[]): BenchOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      clients: { type: 'string' },
      generators: { type: 'string' },
      workers: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      'seats-per-hold': { type: 'string' },
      'connect-rate': { type: 'string' },
      phases: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return 'help';
  const options: BenchOptions = {
    clients: integer(values.clients, 'clients', 1, 12_000, 100),
    generators: integer(values.generators, 'generators', 1, 16, 2),
    workers: integer(values.workers, 'workers', 1, 16, 2),
    durationS: integer(values.duration, 'duration', 1, 3600, 15),
    warmupS: integer(values.warmup, 'warmup', 0, 600, 3),
    seatsPerHold: integer(values['seats-per-hold'], 'seats-per-hold', 1, 4, 1),
    connectPerSecond: integer(values['connect-rate'], 'connect-rate', 10, 5000, 200),
    phases: phaseList(values.phases),
    json: values.json,
  };
  if (options.clients < options.generators) {
    throw new UsageError('--clients must be at least --generators');
  }
  return options;
}

export function usage(): string {
  return USAGE;
}
