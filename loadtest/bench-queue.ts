import { execFileSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { parseSeedHex, queuePermutation } from '../shared/queue-permutation';
import { upsertSale } from '../server/catalogue/catalogue-seed';
import { createDatabase } from '../server/db/database';
import { RedisKeys } from '../server/redis/keys';
import { createRedis } from '../server/redis/connection';
import { BENCH_SHOW_ID, createBenchWorld, postgresVersion, startSeatRush } from './bench-world';
import { cpuReport, roles, sampleCpu, type CpuSample, type ProcessRole } from './cpu-usage';
import { LatencyHistogram } from './latency-histogram';
import { raiseKernelLimits } from './kernel-limits';
import { loopbackAddressesOf } from './loopback-addresses';
import { forkScript, stopAllChildren, type RunningPrimary } from './processes';
import type { AskResult, QueueGeneratorMessage, QueueParentMessage } from './queue-messages';

/**
 * `npm run bench:queue`: the waiting room at full size. Connects 100,000 fans over WebSocket to the
 * real cluster (raw Engine.IO generators in several processes, each from its own loopback
 * address), makes them join the pre-queue, moves T0 to now so the pacer shuffles, has every fan
 * look up its place, then lets the pacer admit while admitted fans enter, shop and leave. Prints
 * connections, joins/s and p99, shuffle time, how long cursor updates take to reach 99% of fans,
 * and server memory per connection. Figures and limits: docs/benchmarks.md.
 */

const GENERATOR = fileURLToPath(new URL('./queue-generator.ts', import.meta.url));
const SALE_ID = 'bench-sale';
const TARGETS = {
  connected: 100_000,
  joinsPerSecond: 5_000,
  joinP99Ms: 300,
  shuffleMs: 1_000,
  cursorMs: 1_000,
  rssKb: 60,
};

const progress = (message: string) => console.error(`[bench:queue] ${message}`);

const optionsSchema = z.object({
  fans: z.coerce.number().int().min(100).max(300_000),
  generators: z.coerce.number().int().min(1).max(32),
  workers: z.coerce.number().int().min(1).max(32),
  connectRate: z.coerce.number().int().min(10).max(20_000),
  inFlight: z.coerce.number().int().min(1).max(20_000),
  admitSeconds: z.coerce.number().int().min(1).max(600),
  rate: z.coerce.number().int().min(1).max(100_000),
  cap: z.coerce.number().int().min(1).max(1_000_000),
  idleSeconds: z.coerce.number().int().min(1).max(3_600),
});
type QueueBenchOptions = z.infer<typeof optionsSchema>;

function parseOptions(): QueueBenchOptions {
  const { values } = parseArgs({
    options: {
      fans: { type: 'string', default: '100000' },
      generators: { type: 'string', default: '6' },
      workers: { type: 'string', default: '6' },
      'connect-rate': { type: 'string', default: '2000' },
      'in-flight': { type: 'string', default: '600' },
      'admit-seconds': { type: 'string', default: '30' },
      rate: { type: 'string', default: '500' },
      cap: { type: 'string', default: '2000' },
      'idle-seconds': { type: 'string', default: '5' },
    },
  });
  return optionsSchema.parse({
    fans: values.fans,
    generators: values.generators,
    workers: values.workers,
    connectRate: values['connect-rate'],
    inFlight: values['in-flight'],
    admitSeconds: values['admit-seconds'],
    rate: values.rate,
    cap: values.cap,
    idleSeconds: values['idle-seconds'],
  });
}

/** RSS of the primary and its workers, from /proc. */
function serverRss(primary: RunningPrimary): { totalBytes: number; processes: number } {
  let pids = [primary.process.pid!];
  try {
    pids = pids.concat(
      execFileSync('pgrep', ['-P', String(primary.process.pid), '-f', 'server/main.ts'])
        .toString()
        .trim()
        .split('\n')
        .map(Number),
    );
  } catch {
    // no workers found: the primary alone
  }
  let totalBytes = 0;
  for (const pid of pids) {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    totalBytes += Number(match?.[1] ?? 0) * 1024;
  }
  return { totalBytes, processes: pids.length };
}

class Generator {
  readonly messages: QueueGeneratorMessage[] = [];
  private waiters: (() => void)[] = [];

  constructor(readonly child: ChildProcess) {
    child.on('message', (message: QueueGeneratorMessage) => {
      this.messages.push(message);
      this.waiters.splice(0).forEach((wake) => wake());
    });
    child.once('exit', () => this.waiters.splice(0).forEach((wake) => wake()));
  }

  send(message: QueueParentMessage): void {
    this.child.send(message);
  }

  async next<T extends QueueGeneratorMessage['type']>(
    type: T,
  ): Promise<Extract<QueueGeneratorMessage, { type: T }>> {
    for (;;) {
      const index = this.messages.findIndex((message) => message.type === type || message.type === 'failed');
      if (index >= 0) {
        const [message] = this.messages.splice(index, 1);
        if (message!.type === 'failed') throw new Error(`generator: ${message!.message}`);
        return message as Extract<QueueGeneratorMessage, { type: T }>;
      }
      if (this.child.exitCode !== null) throw new Error(`generator ${this.child.pid} exited`);
      await new Promise<void>((wake) => this.waiters.push(wake));
    }
  }
}

function mergeAsks(results: AskResult[]) {
  const latency = LatencyHistogram.merge(results.map((result) => result.latency));
  const answered = results.reduce((sum, result) => sum + result.answered, 0);
  const seconds =
    (Math.max(...results.map((result) => result.lastAnsweredAt)) -
      Math.min(...results.map((result) => result.firstSentAt))) /
    1000;
  const errors: Record<string, number> = {};
  for (const result of results)
    for (const [code, n] of Object.entries(result.errors)) errors[code] = (errors[code] ?? 0) + n;
  return { answered, perSecond: answered / seconds, seconds, latency, errors };
}

/** CPU time each part of the machine spent in a phase, in microseconds per operation of it. */
function cpuPerOperation(
  before: CpuSample,
  after: CpuSample,
  parts: ProcessRole[],
  operations: number,
): string {
  const seconds = (after.atMs - before.atMs) / 1000;
  const report = cpuReport(before, after, parts);
  return report.shares
    .filter((share) => share.percent >= 1)
    .map(
      (share) =>
        `${share.name} ${Math.round(((share.percent / 100) * seconds * 1e6) / Math.max(1, operations))}`,
    )
    .join(', ');
}

const ms = (value: number) => `${Math.round(value).toLocaleString('en')} ms`;
const thousands = (value: number) => Math.round(value).toLocaleString('en');
const met = (ok: boolean) => (ok ? 'yes' : 'no');

async function main(): Promise<void> {
  const options = parseOptions();
  const kernel = raiseKernelLimits();
  progress(`kernel: ${kernel.join('; ')}`);
  progress(`creating ${thousands(options.fans)} fans`);
  const world = await createBenchWorld(options.fans);
  const stop = async () => {
    await stopAllChildren();
    await world.dispose();
  };
  process.once('SIGINT', () => void stop().finally(() => process.exit(130)));

  try {
    const db = createDatabase(world.databaseUrl, 2);
    await upsertSale(db, {
      id: SALE_ID,
      tourId: 'test-tour',
      name: 'Bench sale',
      showIds: [BENCH_SHOW_ID],
      prequeueOpensAt: new Date(Date.now() - 60_000),
      startsAt: new Date(Date.now() + 24 * 3600_000),
      closesAt: new Date(Date.now() + 48 * 3600_000),
      activeCap: options.cap,
      admitRatePerSecond: options.rate,
      shoppingWindowMs: 10 * 60_000,
      graceMs: 5 * 60_000,
    });
    // A moved T0 must reach every node's catalogue within the bench's 2 s notice.
    const cluster = await startSeatRush(world, options.workers, { CATALOGUE_REFRESH_MS: '500' });
    const redis = createRedis(world.redisUrl);
    const saleKeys = new RedisKeys(world.redisPrefix).sale(SALE_ID);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const rssIdle = serverRss(cluster);
    progress(
      `cluster up at ${cluster.url}: ${rssIdle.processes} processes, ${thousands(rssIdle.totalBytes / 2 ** 20)} MiB`,
    );

    const share = Math.ceil(options.fans / options.generators);
    const generators = Array.from({ length: options.generators }, (_, i) => {
      const generator = new Generator(forkScript(GENERATOR));
      generator.send({
        type: 'plan',
        plan: {
          url: cluster.url.replace(/^http/, 'ws'),
          localAddresses: loopbackAddressesOf(i, share).sockets,
          saleId: SALE_ID,
          tokens: world.tokens.slice(i * share, (i + 1) * share),
          connectPerSecond: options.connectRate / options.generators,
        },
      });
      return generator;
    });
    await Promise.all(generators.map((generator) => generator.next('ready')));

    const generatorPids = new Set(generators.map((generator) => generator.child.pid));
    const parts = [
      roles.pid('primary', cluster.process.pid!),
      roles.childrenOf('workers', cluster.process.pid!),
      { name: 'generators', matches: (pid: number) => generatorPids.has(pid) },
    ];
    const cpuNotes: string[] = [];
    let cpuBefore = await sampleCpu(redis);
    const noteCpu = async (phase: string, operations: number) => {
      const after = await sampleCpu(redis);
      cpuNotes.push(`${phase}: ${cpuPerOperation(cpuBefore, after, parts, operations)}`);
      cpuBefore = after;
    };

    progress(`connecting at ${thousands(options.connectRate)}/s`);
    generators.forEach((generator) => generator.send({ type: 'connect' }));
    const connects = await Promise.all(generators.map((generator) => generator.next('connected')));
    const connected = connects.reduce((sum, result) => sum + result.connected, 0);
    const connectSeconds = Math.max(...connects.map((result) => result.elapsedMs)) / 1000;
    const retries = connects.reduce((sum, result) => sum + result.retries, 0);
    await noteCpu('connect', connected);
    // Held connections cost CPU even when idle (pings, timers, GC): measured over a quiet while.
    // The window is printed on the monotonic clock V8's CPU profiles use, to cut a profile to it.
    const idleBefore = await sampleCpu(redis);
    const idleFromUs = process.hrtime.bigint() / 1000n;
    await new Promise((resolve) => setTimeout(resolve, options.idleSeconds * 1000));
    progress(`idle window (monotonic us): ${idleFromUs}-${process.hrtime.bigint() / 1000n}`);
    const idleShares = cpuReport(idleBefore, await sampleCpu(redis), parts)
      .shares.filter((share) => share.percent >= 1)
      .map((share) => `${share.name} ${Math.round(share.percent)}%`)
      .join(', ');
    const rssConnected = serverRss(cluster);
    progress(
      `${thousands(connected)} connected in ${connectSeconds.toFixed(1)} s (${thousands(retries)} retries)`,
    );

    progress('joining');
    const ask = async (command: 'queue:join' | 'queue:status') => {
      generators.forEach((generator) =>
        generator.send({ type: 'ask', command, inFlight: Math.ceil(options.inFlight / options.generators) }),
      );
      return mergeAsks(await Promise.all(generators.map((generator) => generator.next('asked'))));
    };
    cpuBefore = await sampleCpu(redis);
    const joins = await ask('queue:join');
    await noteCpu('join', joins.answered);
    progress(
      `${thousands(joins.answered)} joined: ${thousands(joins.perSecond)}/s, p99 ${ms(joins.latency.percentileMs(99))}`,
    );
    const rssJoined = serverRss(cluster);

    // T0 two seconds from now: every node's catalogue sees it, and the pacer shuffles.
    const startsAt = Date.now() + 2_000;
    await db
      .updateTable('sales')
      .set({ starts_at: new Date(startsAt) })
      .where('id', '=', SALE_ID)
      .execute();
    const frozenAt = await waitForValue(
      async () => Number(await redis.hget(saleKeys.meta, 'frozenAt')) || undefined,
      30_000,
    );
    const frozenSize = Number(await redis.hget(saleKeys.meta, 'frozenSize'));
    const seed = (await redis.hget(saleKeys.meta, 'seed'))!;
    const placesStarted = performance.now();
    const permutation = queuePermutation(parseSeedHex(seed), frozenSize);
    for (let arrival = 0; arrival < frozenSize; arrival++) permutation.permute(arrival);
    const allPlacesMs = performance.now() - placesStarted;
    progress(
      `shuffled ${thousands(frozenSize)} at T0 + ${ms(frozenAt - startsAt)}; all places computed in ${ms(allPlacesMs)}`,
    );

    progress(`admitting for ${options.admitSeconds} s (cap ${options.cap}, ${options.rate}/s)`);
    cpuBefore = await sampleCpu(redis);
    generators.forEach((generator) => generator.send({ type: 'shop', dwellMs: 4_000 }));
    let highestActive = 0;
    const until = Date.now() + options.admitSeconds * 1000;
    while (Date.now() < until) {
      highestActive = Math.max(highestActive, await redis.zcard(saleKeys.active));
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    generators.forEach((generator) => generator.send({ type: 'report' }));
    const reports = await Promise.all(generators.map((generator) => generator.next('report')));
    const cursorsDelivered = reports.reduce(
      (sum, report) => sum + report.cursors.reduce((n, receipt) => n + histogramCount(receipt.latency), 0),
      0,
    );
    // Nearly all of this phase's work is delivering cursors; enters and leaves are a few thousand.
    await noteCpu('admission phase, per cursor delivered', cursorsDelivered);
    const rssEnd = serverRss(cluster);
    const admittedTotal = Number(await redis.hget(saleKeys.meta, 'admittedTotal'));

    // Cursor updates: for each, the delay under which 99% of all connected fans had it.
    const byUpdate = new Map<
      number,
      { phase: string; parts: (typeof reports)[number]['cursors'][number]['latency'][] }
    >();
    for (const report of reports)
      for (const receipt of report.cursors) {
        const entry = byUpdate.get(receipt.at) ?? { phase: receipt.phase, parts: [] };
        entry.parts.push(receipt.latency);
        byUpdate.set(receipt.at, entry);
      }
    const connectedAtEnd = reports.reduce((sum, report) => sum + report.connected, 0);
    const leaves = reports.flatMap((report) => report.leftAt).sort((a, b) => a - b);
    /** Fans in the queue room when an update was made: connected, minus those who had left. */
    const watchersAt = (at: number) => connectedAtEnd - leaves.filter((leftAt) => leftAt < at).length;
    const reach = [...byUpdate.entries()]
      .filter(([, { phase }]) => phase === 'live')
      .map(([at, { parts }]) => {
        const merged = LatencyHistogram.merge(parts);
        const watchers = watchersAt(at);
        const enough = merged.count >= 0.99 * watchers;
        return {
          at,
          watchers,
          received: merged.count,
          p99: enough ? merged.percentileMs(Math.min(100, (99 * watchers) / merged.count)) : Infinity,
        };
      })
      .sort((a, b) => a.at - b.at);
    const reachTimes = reach.map((update) => update.p99).sort((a, b) => a - b);
    const firstLive = reach[0];
    const enterLatency = LatencyHistogram.merge(reports.map((report) => report.enterLatency));
    const entered = reports.reduce((sum, report) => sum + report.entered, 0);
    const dropped = reports.reduce((sum, report) => sum + report.droppedAfterConnect, 0);
    const generatorRss = reports.reduce((sum, report) => sum + report.rssBytes, 0) / options.generators;

    const perConnectionKb = rssConnected.totalBytes / connected / 1024;
    const perConnectionAddedKb = (rssConnected.totalBytes - rssIdle.totalBytes) / connected / 1024;
    const shuffleToFansMs = firstLive ? firstLive.at - startsAt + firstLive.p99 : Infinity;
    const placeKnown = LatencyHistogram.merge(reports.map((report) => report.placeKnown));
    const placeKnown99 =
      placeKnown.count >= 0.99 * connected
        ? placeKnown.percentileMs(Math.min(100, (99 * connected) / placeKnown.count))
        : Infinity;
    const medianReach = reachTimes[Math.floor(reachTimes.length / 2)] ?? Infinity;
    const worstReach = reachTimes.at(-1) ?? Infinity;

    console.log(
      `\nbench:queue — ${thousands(options.fans)} fans, ${options.generators} generator processes, ${options.workers} workers`,
    );
    console.log(
      `machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}, PostgreSQL ${await postgresVersion()}`,
    );
    console.log(`kernel: ${kernel.join('; ')}\n`);
    console.log('| measure | result | target | met? |');
    console.log('| --- | --- | --- | --- |');
    console.log(
      `| fans connected (WebSocket) | ${thousands(connected)} in ${connectSeconds.toFixed(1)} s, ${thousands(retries)} retried attempts, ${dropped} dropped later | ${thousands(TARGETS.connected)} | ${met(connected >= TARGETS.connected)} |`,
    );
    console.log(
      `| joins/s | ${thousands(joins.perSecond)} (${thousands(joins.answered)} in ${joins.seconds.toFixed(1)} s, ${options.inFlight} in flight) | >= ${thousands(TARGETS.joinsPerSecond)} | ${met(joins.perSecond >= TARGETS.joinsPerSecond)} |`,
    );
    console.log(
      `| join p99 (p50) | ${ms(joins.latency.percentileMs(99))} (${ms(joins.latency.percentileMs(50))}) | < ${TARGETS.joinP99Ms} ms | ${met(joins.latency.percentileMs(99) < TARGETS.joinP99Ms)} |`,
    );
    console.log(
      `| shuffle: T0 to frozen (one atomic write of ${thousands(frozenSize)}) | ${ms(frozenAt - startsAt)} | <= 1,000 ms | ${met(frozenAt - startsAt <= TARGETS.shuffleMs)} |`,
    );
    console.log(`| shuffle: T0 to 99% of fans holding the live cursor | ${ms(shuffleToFansMs)} | — | — |`);
    console.log(
      `| shuffle: T0 to 99% of fans knowing their place (computed from the seed) | ${ms(placeKnown99)} | — | — |`,
    );
    console.log(
      `| cursor update to 99% of fans: median, worst of ${reach.length} | ${ms(medianReach)}, ${ms(worstReach)} | <= 1,000 ms | ${met(worstReach <= TARGETS.cursorMs)} |`,
    );
    console.log(
      `| server RSS per connection (total / added) | ${perConnectionKb.toFixed(1)} KB / ${perConnectionAddedKb.toFixed(1)} KB | <= ${TARGETS.rssKb} KB | ${met(perConnectionKb <= TARGETS.rssKb)} |`,
    );
    console.log('');
    console.log(`join errors: ${JSON.stringify(joins.errors)}`);
    console.log(
      `all ${thousands(frozenSize)} places computed from the seed (as the verifier does): ${ms(allPlacesMs)}`,
    );
    console.log(
      `admission: ${thousands(admittedTotal)} admitted in ${options.admitSeconds} s at ${options.rate}/s, most active shoppers at once ${highestActive} (cap ${options.cap}); ${thousands(entered)} entered, enter p99 ${ms(enterLatency.percentileMs(99))}`,
    );
    console.log(
      `server RSS: idle ${thousands(rssIdle.totalBytes / 2 ** 20)} MiB, connected ${thousands(rssConnected.totalBytes / 2 ** 20)} MiB, joined ${thousands(rssJoined.totalBytes / 2 ** 20)} MiB, end ${thousands(rssEnd.totalBytes / 2 ** 20)} MiB (${rssEnd.processes} processes); generator RSS ${thousands(generatorRss / 2 ** 20)} MiB each`,
    );
    console.log(`CPU µs per operation, by part: ${cpuNotes.join('; ')}`);
    console.log(`CPU with every fan connected and idle (% of one core): ${idleShares}`);
    console.log(
      `cursor updates (ms after made, to 99% of the fans then in the room): ${reach.map((update) => (Number.isFinite(update.p99) ? Math.round(update.p99) : `only ${update.received} of ${update.watchers}`)).join(', ')}`,
    );

    redis.disconnect();
    await db.destroy();
  } finally {
    await stop();
  }
}

function histogramCount(histogram: { counts: [number, number][] }): number {
  return histogram.counts.reduce((sum, [, count]) => sum + count, 0);
}

async function waitForValue<T>(read: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
