import { fileURLToPath } from 'node:url';
import type { Redis } from 'ioredis';
import { loadConfig } from '../server/config/config';
import { createRedis } from '../server/redis/connection';
import { parseBenchOptions, usage, UsageError, type BenchOptions, type PhaseName } from './bench-options';
import { runPhase, type PhaseResult } from './bench-phase';
import {
  formatDetails,
  formatMachine,
  formatRatio,
  formatResults,
  formatTargets,
  machineInfo,
  ratioOf,
  type MachineInfo,
} from './bench-report';
import {
  BENCH_SHOW_ID,
  BENCH_STADIUM_SEATS,
  createBenchWorld,
  startSeatRush,
  postgresVersion,
  type BenchWorld,
} from './bench-world';
import { backgroundLoad } from './cpu-usage';
import { startPrimary, stopAllChildren, type RunningPrimary } from './processes';

/**
 * `npm run bench:holds`: hold -> release round trips over Socket.IO through the real SeatRush
 * cluster, and a bare Socket.IO ack echo through the same cluster shape as the ceiling, one after
 * the other on this machine, with the same clients, generators and duration. See
 * docs/benchmarks.md for figures and what limits them.
 */
const ECHO_SERVER = fileURLToPath(new URL('./echo-server.ts', import.meta.url));
const HOST = '127.0.0.1';
/** Background load (percent of one core) above which the figures are not worth much. */
const BUSY_WARNING_PERCENT = 15;

const progress = (message: string) => console.error(`[bench] ${message}`);

function startEchoServer(options: BenchOptions): Promise<RunningPrimary> {
  // The same frame size limit as the SeatRush server's default.
  const { MAX_MESSAGE_BYTES } = loadConfig({}, () => 'unused');
  return startPrimary(
    ECHO_SERVER,
    { HOST, PORT: '0', WORKERS: String(options.workers), MAX_MESSAGE_BYTES: String(MAX_MESSAGE_BYTES) },
    'echo:up',
  );
}

interface Run {
  options: BenchOptions;
  redis: Redis;
  world?: BenchWorld;
  server?: RunningPrimary;
}

/** The hold phase's database, show and fans, made once per run. */
async function benchWorld(run: Run): Promise<BenchWorld> {
  if (!run.world) {
    progress(
      `creating database, ${BENCH_STADIUM_SEATS.toLocaleString('en-US')}-seat show and ${run.options.clients} fans`,
    );
    run.world = await createBenchWorld(run.options.clients);
  }
  return run.world;
}

async function runOnePhase(run: Run, phase: PhaseName): Promise<PhaseResult> {
  const { options } = run;
  const world = phase === 'hold' ? await benchWorld(run) : undefined;
  progress(`starting ${world ? 'SeatRush cluster' : 'echo server'} (${options.workers} workers)`);
  const server = world ? await startSeatRush(world, options.workers) : await startEchoServer(options);
  run.server = server;
  progress(
    `${phase}: ${options.clients} clients on ${options.generators} generator(s), ` +
      `${options.warmupS} s warm-up, ${options.durationS} s measured`,
  );
  try {
    return await runPhase(
      {
        phase,
        url: server.url,
        primaryPid: server.process.pid ?? -1,
        showId: BENCH_SHOW_ID,
        seatCount: BENCH_STADIUM_SEATS,
        ...(world && { tokens: world.tokens }),
      },
      options,
      run.redis,
    );
  } finally {
    await server.stop();
    run.server = undefined;
  }
}

async function softwareVersions(redis: Redis): Promise<{ redis: string; postgres: string }> {
  const info = await redis.info('server');
  return { redis: /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown', postgres: await postgresVersion() };
}

function printReport(options: BenchOptions, machine: MachineInfo, results: PhaseResult[]): void {
  const lines = [
    '',
    formatMachine(machine),
    `settings: --clients ${options.clients} --generators ${options.generators} --workers ${options.workers} ` +
      `--duration ${options.durationS} --warmup ${options.warmupS} --seats-per-hold ${options.seatsPerHold}`,
    '',
    formatResults(results),
    '',
    formatRatio(results),
    formatTargets(results),
    '',
    ...results.map(formatDetails),
  ];
  console.log(lines.join('\n'));
  if (options.json) {
    console.log(JSON.stringify({ machine, options, results, ratio: ratioOf(results) ?? null }));
  }
}

/** Stops every child, deletes the Redis keys and drops the database; run once, on any exit. */
async function cleanUp(run: Run): Promise<void> {
  await stopAllChildren();
  await run.world?.dispose();
  run.redis.disconnect();
}

async function main(): Promise<number> {
  let options: BenchOptions | 'help';
  try {
    options = parseBenchOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${usage()}`);
    return error instanceof UsageError || error instanceof TypeError ? 64 : 1;
  }
  if (options === 'help') {
    console.log(usage());
    return 0;
  }
  const run: Run = { options, redis: createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379') };
  let cleaning: Promise<void> | undefined;
  const cleanUpOnce = () => (cleaning ??= cleanUp(run));
  const interrupt = (signal: string) => {
    progress(`${signal}: stopping and cleaning up`);
    void cleanUpOnce().finally(() => process.exit(130));
  };
  process.once('SIGINT', () => interrupt('SIGINT'));
  process.once('SIGTERM', () => interrupt('SIGTERM'));

  try {
    const machine = machineInfo(await softwareVersions(run.redis));
    machine.busyBeforePercent = await backgroundLoad(run.redis);
    if (machine.busyBeforePercent > BUSY_WARNING_PERCENT) {
      progress(
        `warning: the machine is already ${machine.busyBeforePercent.toFixed(0)}% busy: figures will be low`,
      );
    }
    const results: PhaseResult[] = [];
    for (const phase of options.phases) results.push(await runOnePhase(run, phase));
    printReport(options, machine, results);
    return 0;
  } catch (error) {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    if (run.server) console.error(`server output:\n${run.server.output()}`);
    return 1;
  } finally {
    await cleanUpOnce();
  }
}

process.exitCode = await main();
