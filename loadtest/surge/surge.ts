import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import type { QueueStatusView, SaleView } from '../../shared/protocol/views';
import { postgresVersion } from '../bench-world';
import { raiseKernelLimits } from '../kernel-limits';
import { loopbackAddressesOf } from '../loopback-addresses';
import { stopAllChildren } from '../processes';
import { Random } from './fans/random';
import { behaviourNames } from './fans/behaviours';
import { renderReportHtml } from './report-html';
import { auditSale, type AuditedShow } from './surge-audit';
import { checkFairness } from './surge-fairness';
import {
  collectResults,
  startGenerators,
  totalCounters,
  worstTickLatency,
  type GeneratorProcess,
} from './surge-generators';
import type { GeneratorPlan } from './surge-messages';
import { parseSurgeOptions, USAGE, UsageError, type SurgeOptions } from './surge-options';
import { createProgress } from './surge-progress';
import { buildReport } from './surge-report';
import type { ShowResult, Timeline } from './surge-report-types';
import { ResourceSampler } from './surge-vitals';
import { createSurgeWorld, type SurgeWorld } from './surge-world';
import { FanHttp } from './wire/fan-http';
import type { VenueGeometry } from '../../shared/venue';

/**
 * `npm run surge`: replays an on-sale (docs/surge.md). Sets up (or attaches to) a SeatRush, makes the
 * crowd, forks the generators, sets T0, follows the sale live, stops by itself, then audits both
 * stores, checks fairness, and writes the JSON and HTML reports. The last line on stdout is the
 * summary as one JSON object.
 */

const MONITOR_MS = 1_000;
const SOLD_CHECK_MS = 2_000;
/** T0 comes this long after the crowd is ready, on top of the pre-queue's spread. */
const T0_MARGIN_MS = 15_000;
/** The run ends this long after the sell-out once no fan is shopping any more. */
const QUIET_AFTER_SELL_OUT_MS = 10_000;
/** ... and at the latest this long after a sold-out fan's linger for returned seats. */
const AFTER_SELL_OUT_S = 20;
/** After the fans stop, how long to wait for the outbox to confirm paid orders in Redis. */
const DRAIN_TIMEOUT_MS = 60_000;
/**
 * Handshakes a generator keeps in flight. More only wait in the server's accept queue: past its
 * pace they time out (30 s), the server's work on them is lost, and their retries add to the queue
 * (a 30,000-fan surge with 400 a generator: connect p50 14 s, 1 in 6 attempts timed out).
 */
const MAX_PENDING_HANDSHAKES = 64;
const HTTP_SOCKETS_PER_GENERATOR = 1_000;
/** Checkouts in flight at once per generator: a few hundred shoppers at most pay at once. */
const SHOPPING_HTTP_SOCKETS_PER_GENERATOR = 500;
const log = (line: string) => console.error(`[surge] ${line}`);

async function main(): Promise<void> {
  const options = parseSurgeOptions(process.argv.slice(2));
  const startedAt = new Date();
  log(
    `preset ${options.preset}: ${options.fans.toLocaleString('en')} fans, ${options.seats.toLocaleString('en')} seats a show`,
  );
  log(`kernel: ${raiseKernelLimits().join('; ')}`);
  const world = await createSurgeWorld(options, log);
  let generators: GeneratorProcess[] = [];
  const interrupted = () =>
    void Promise.allSettled([stopAllChildren(), world.dispose()]).finally(() => process.exit(130));
  process.once('SIGINT', interrupted);
  try {
    generators = await startGenerators(await crowdPlans(options, world));
    const lead = (options.prequeueSeconds + (options.apiFans > 0 ? options.earlySeconds : 0)) * 1000;
    const t0 = await world.scheduleT0(Date.now() + lead + T0_MARGIN_MS);
    log(`crowd ready in ${generators.length} generators; T0 at ${new Date(t0).toISOString()}`);
    const sampler = new ResourceSampler(
      world.redis,
      world.keys.vitals,
      () => t0,
      () => generators.map((g) => ({ pid: g.pid, lagP99Ms: g.lagP99Ms })),
    );
    sampler.start();
    generators.forEach((generator) => generator.send({ type: 'start', t0 }));
    const { timeline, soldOutAt } = await follow(options, world, generators, t0);
    const results = await collectResults(generators);
    const resources = await sampler.stop();
    await untilRedisConfirmed(world);
    await finish({ options, world, startedAt, t0, results, timeline, resources, soldOutAt });
  } finally {
    process.off('SIGINT', interrupted);
    await Promise.allSettled(generators.map((generator) => generator.stop()));
    await world.dispose();
  }
}

/** Who the fans are, split over the generators: identities, behaviours, where they connect from. */
async function crowdPlans(options: SurgeOptions, world: SurgeWorld): Promise<GeneratorPlan[]> {
  const fixtures = await world.fixtureFans(options.fans - options.apiFans);
  log(
    `${fixtures.length.toLocaleString('en')} fixture fans made; ${options.apiFans.toLocaleString('en')} sign up through the API`,
  );
  const mix = crowdMix(options.crowd);
  const apiEvery = options.apiFans > 0 ? options.fans / options.apiFans : Infinity;
  let nextFixture = 0;
  let apiIndex = 0;
  const plans: GeneratorPlan[] = Array.from({ length: options.generators }, (_, generator) => ({
    generator,
    baseUrl: world.baseUrl,
    localAddresses: loopbackAddressesOf(generator, Math.ceil(options.fans / options.generators)),
    saleId: world.saleId,
    shows: world.shows,
    crowd: options,
    seed: options.seed,
    fans: [],
    connectPerSecond: options.connectRate / options.generators,
    maxPendingHandshakes: MAX_PENDING_HANDSHAKES,
    // Fans each have their own browser: the pool must never be what they wait on.
    httpSockets: HTTP_SOCKETS_PER_GENERATOR,
    shoppingHttpSockets: SHOPPING_HTTP_SOCKETS_PER_GENERATOR,
  }));
  for (let index = 0; index < options.fans; index++) {
    // API fans spread evenly over the crowd, so every wave and generator has some.
    const viaApi = apiIndex < options.apiFans && index >= Math.floor(apiIndex * apiEvery);
    const behaviour = Random.forFan(options.seed ^ 0x5eed, index).weighted(mix);
    const identity = viaApi
      ? { email: world.apiFanEmail(apiIndex++), password: world.apiFanPassword }
      : (fixtures[nextFixture++] as (typeof fixtures)[number]);
    plans[index % options.generators]?.fans.push({ index, behaviour, ...identity });
  }
  return plans;
}

function crowdMix(crowd: string): [string, number][] {
  const known = new Set(behaviourNames());
  return crowd.split(',').map((part) => {
    const [name = '', share = '1'] = part.split(':');
    if (!known.has(name))
      throw new UsageError(`--crowd: no behaviour "${name}" (known: ${[...known].join(', ')})`);
    return [name, Number(share)];
  });
}

/** Follows the sale until it is over: every fan done, or sold out and quiet, or out of time. */
async function follow(options: SurgeOptions, world: SurgeWorld, generators: GeneratorProcess[], t0: number) {
  const progress = createProgress(
    {
      fans: options.fans,
      shows: world.shows.map((show) => ({ id: show.id, name: show.name, seats: show.seatCount })),
    },
    options.quiet,
  );
  const timeline: Timeline = {
    t: [],
    connected: [],
    inQueue: [],
    admitted: [],
    shopping: [],
    ordersPaid: [],
    soldByShow: {},
    errors: [],
    holdP99Ms: [],
    checkoutP99Ms: [],
  };
  timeline.admitRatePerSecond = [];
  const admitRate = watchAdmitRate(world);
  const deadline = Date.now() + options.maxMinutes * 60_000;
  let soldOutAt: number | undefined;
  let quietSince: number | undefined;
  let lastSoldCheck = 0;
  let lastErrors = 0;
  try {
    for (;;) {
      await sleep(MONITOR_MS);
      const counters = totalCounters(generators);
      const seconds = (Date.now() - t0) / 1000;
      pushTimeline(timeline, seconds, counters, lastErrors, world);
      timeline.admitRatePerSecond.push(admitRate.latest());
      const latency = worstTickLatency(generators);
      timeline.holdP99Ms.push(latency.hold === null ? null : Math.round(latency.hold * 10) / 10);
      timeline.checkoutP99Ms.push(latency.checkout === null ? null : Math.round(latency.checkout * 10) / 10);
      lastErrors = counters.errors;
      const phase = soldOutAt ? 'sold out' : Date.now() < t0 ? 'pre-queue' : 'on sale';
      progress.update(counters, seconds, phase);
      if (!soldOutAt && Date.now() - lastSoldCheck >= SOLD_CHECK_MS) {
        lastSoldCheck = Date.now();
        if (await soldOut(world)) {
          soldOutAt = Date.now();
          generators.forEach((generator) => generator.send({ type: 'soldOut', at: soldOutAt as number }));
          progress.log(`both shows sold out at T0+${seconds.toFixed(0)} s`);
        }
      }
      if (counters.finished >= options.fans) break;
      quietSince = soldOutAt && counters.shopping === 0 ? (quietSince ?? Date.now()) : undefined;
      if (quietSince && Date.now() - quietSince >= QUIET_AFTER_SELL_OUT_MS) break;
      // Sold out: fans still shopping have had time to look for returns; those still in line wait
      // for seats that will not come. The run is over.
      if (soldOutAt && Date.now() - soldOutAt >= (options.lingerSeconds + AFTER_SELL_OUT_S) * 1000) break;
      if (Date.now() >= deadline) {
        progress.log(`stopping: --max-minutes ${options.maxMinutes} reached`);
        break;
      }
    }
  } finally {
    progress.stop();
    admitRate.stop();
  }
  return { timeline, soldOutAt };
}

/**
 * The rate the waiting room admits now, from its public status once a second (in the background:
 * a slow answer must not hold up the progress lines). Null before T0 or while it does not answer.
 */
function watchAdmitRate(world: SurgeWorld): { latest(): number | null; stop(): void } {
  const http = new FanHttp({ baseUrl: world.baseUrl, maxSockets: 1, timeoutMs: 5_000 });
  let latest: number | null = null;
  let asking = false;
  const timer = setInterval(() => {
    if (asking) {
      latest = null; // no answer for a second: unknown, not the last one
      return;
    }
    asking = true;
    http
      .call<QueueStatusView | null>({ method: 'GET', path: `/api/sales/${world.saleId}/queue/status` })
      .then((reply) => {
        const status = reply.ok ? reply.data : null;
        latest = status?.phase === 'live' && !status.paused ? status.admitRatePerSecond : null;
      })
      .catch(() => (latest = null))
      .finally(() => (asking = false));
  }, MONITOR_MS);
  return {
    latest: () => latest,
    stop() {
      clearInterval(timer);
      http.close();
    },
  };
}

function pushTimeline(
  timeline: Timeline,
  seconds: number,
  counters: ReturnType<typeof totalCounters>,
  lastErrors: number,
  world: SurgeWorld,
): void {
  timeline.t.push(Math.round(seconds * 10) / 10);
  timeline.connected.push(counters.connected);
  timeline.inQueue.push(counters.inQueue);
  timeline.admitted.push(counters.admitted);
  timeline.shopping.push(counters.shopping);
  timeline.ordersPaid.push(counters.ordersPaid);
  timeline.errors.push(counters.errors - lastErrors);
  for (const show of world.shows)
    (timeline.soldByShow[show.id] ??= []).push(counters.soldByShow[show.id] ?? 0);
}

/** Every seat of every show sold, per PostgreSQL. */
async function soldOut(world: SurgeWorld): Promise<boolean> {
  const sold = await soldPerShow(world);
  return world.shows.every((show) => (sold.get(show.id) ?? 0) >= show.seatCount);
}

async function soldPerShow(world: SurgeWorld): Promise<Map<string, number>> {
  const rows = await world.db
    .selectFrom('order_seats')
    .select(['show_id', (eb) => eb.fn.countAll<string>().as('sold')])
    .where('state', '=', 'sold')
    .where(
      'show_id',
      'in',
      world.shows.map((show) => show.id),
    )
    .groupBy('show_id')
    .execute();
  return new Map(rows.map((row) => [row.show_id, Number(row.sold)]));
}

/** Paid orders are confirmed in Redis inline, or by the outbox relay soon after: wait for it. */
async function untilRedisConfirmed(world: SurgeWorld): Promise<void> {
  const deadline = Date.now() + DRAIN_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const pending = await world.db
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('processed_at', 'is', null)
      .where('topic', '=', 'inventory.confirm')
      .executeTakeFirst();
    if (Number(pending?.n ?? 0) === 0) return;
    await sleep(500);
  }
  log('the outbox still had unconfirmed orders after 60 s; the reconciliation will show them');
}

interface FinishInputs {
  options: SurgeOptions;
  world: SurgeWorld;
  startedAt: Date;
  t0: number;
  results: Awaited<ReturnType<typeof collectResults>>;
  timeline: Timeline;
  resources: Awaited<ReturnType<ResourceSampler['stop']>>;
  soldOutAt: number | undefined;
}

async function finish(inputs: FinishInputs): Promise<void> {
  const { options, world, t0 } = inputs;
  log('auditing PostgreSQL and Redis, checking fairness');
  const http = new FanHttp({ baseUrl: world.baseUrl, maxSockets: 2, timeoutMs: 30_000 });
  const geometry = async (url: string) => {
    const reply = await http.call<VenueGeometry>({ method: 'GET', path: url });
    if (!reply.ok) throw new Error(`venue geometry: ${reply.error.code}`);
    return reply.data;
  };
  const audited: AuditedShow[] = await Promise.all(
    world.shows.map(async (show) => ({
      showId: show.id,
      seatLimitPerAccount: show.seatLimitPerAccount,
      venue: await geometry(show.geometryUrl),
    })),
  );
  const saleReply = await http.call<SaleView>({ method: 'GET', path: `/api/sales/${world.saleId}` });
  http.close();
  if (!saleReply.ok) throw new Error(`sale ${world.saleId}: ${saleReply.error.code}`);
  const { integrity, sales } = await auditSale(world.db, world.redis, world.keys, audited);
  const fairness = await checkFairness(world.redis, world.keys, world.saleId, saleReply.data);
  const shows: ShowResult[] = await Promise.all(
    world.shows.map(async (show) => ({
      showId: show.id,
      name: show.name,
      seatsTotal: show.seatCount,
      soldPostgres: sales.get(show.id)?.postgres.size ?? 0,
      soldRedis: sales.get(show.id)?.redis.size ?? 0,
      ...(await salesOverTime(world, show.id, show.seatCount, t0)),
    })),
  );
  const outDir = resolve(
    options.out ?? join('artifacts', 'surge', inputs.startedAt.toISOString().replaceAll(':', '-')),
  );
  mkdirSync(outDir, { recursive: true });
  const files = { json: join(outDir, 'surge-report.json'), html: join(outDir, 'surge-report.html') };
  const counters = totalCountersFromResults(inputs.results);
  const report = buildReport({
    options,
    startedAt: inputs.startedAt,
    t0,
    baseUrl: world.baseUrl,
    ownCluster: world.cluster !== undefined,
    versions: { postgres: await postgresVersion(), redis: await redisVersion(world) },
    results: inputs.results,
    timeline: inputs.timeline,
    resources: inputs.resources,
    shows,
    integrity,
    fairness,
    connectWindow: { first: counters.first, last: counters.last, connected: counters.connected },
    notes: notes(inputs, counters),
    files,
  });
  writeFileSync(files.json, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(files.html, renderReportHtml(report));
  log(`report: ${files.html}`);
  for (const target of report.targets)
    log(
      `${target.met === null ? '-' : target.met ? 'met ' : 'MISS'} ${target.name}: ${target.measured} (target ${target.target})`,
    );
  console.log(JSON.stringify(report.summary));
}

/** First and last socket connected, and how many fans ever connected. */
function totalCountersFromResults(results: FinishInputs['results']) {
  const firsts = results
    .map((result) => result.counters.firstConnectedAt)
    .filter((at): at is number => at !== null);
  const lasts = results
    .map((result) => result.counters.lastConnectedAt)
    .filter((at): at is number => at !== null);
  return {
    first: firsts.length > 0 ? Math.min(...firsts) : null,
    last: lasts.length > 0 ? Math.max(...lasts) : null,
    connected: results.reduce(
      (sum, result) =>
        sum +
        result.counters.connectAttempts -
        result.counters.connectFailures -
        result.counters.connectsShed,
      0,
    ),
  };
}

/** Seats sold per second from T0 (PostgreSQL's paid_at), cumulative, and when the last one sold. */
async function salesOverTime(world: SurgeWorld, showId: string, seats: number, t0: number) {
  const rows = await sql<{ second: number; sold: string }>`
    SELECT floor(extract(epoch FROM o.paid_at) * 1000 - ${t0}) / 1000 AS second, count(*) AS sold
    FROM order_seats s JOIN orders o ON o.id = s.order_id
    WHERE s.state = 'sold' AND s.show_id = ${showId} AND o.status = 'paid'
    GROUP BY 1 ORDER BY 1`.execute(world.db);
  const perSecond = new Map<number, number>();
  for (const row of rows.rows) {
    const second = Math.floor(Number(row.second));
    perSecond.set(second, (perSecond.get(second) ?? 0) + Number(row.sold));
  }
  const soldOverTime: [number, number][] = [];
  let total = 0;
  let lastSaleSecond: number | null = null;
  for (const [second, sold] of [...perSecond].sort((a, b) => a[0] - b[0])) {
    total += sold;
    soldOverTime.push([second, total]);
    lastSaleSecond = second;
  }
  return {
    soldOverTime,
    sellOutSeconds: total >= seats && lastSaleSecond !== null ? lastSaleSecond + 1 : null,
  };
}

async function redisVersion(world: SurgeWorld): Promise<string> {
  return /^redis_version:(\S+)/m.exec(await world.redis.info('server'))?.[1] ?? 'unknown';
}

function notes(inputs: FinishInputs, connects: ReturnType<typeof totalCountersFromResults>): string[] {
  const counters = inputs.results.map((result) => result.counters);
  const sum = (pick: (c: (typeof counters)[number]) => number) =>
    counters.reduce((total, c) => total + pick(c), 0);
  const lines = [
    `${connects.connected.toLocaleString('en')} sockets opened in ${sum((c) => c.connectAttempts).toLocaleString('en')} attempts (${sum((c) => c.connectFailures).toLocaleString('en')} failed and were retried, ${sum((c) => c.connectsShed).toLocaleString('en')} turned away by a busy worker); ${sum((c) => c.dropped)} dropped after connecting, ${sum((c) => c.reconnected)} reconnected`,
    `fans' maps applied ${sum((c) => c.deltasApplied).toLocaleString('en')} deltas and re-read after ${sum((c) => c.mapGaps).toLocaleString('en')} gaps`,
  ];
  if (!inputs.soldOutAt) lines.push('the sale did not sell out within the run');
  const unfinished = inputs.results.reduce((sum, result) => sum + result.outcomes.unfinished, 0);
  if (inputs.soldOutAt && unfinished > 0) {
    lines.push(
      `${unfinished.toLocaleString('en')} fans were still in line or looking for returned seats when the run ended, after the sell-out`,
    );
  }
  return lines;
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) {
    console.error(`${error.message ? `${error.message}\n\n` : ''}${USAGE}`);
    process.exit(2);
  }
  console.error(error);
  process.exitCode = 1;
});
