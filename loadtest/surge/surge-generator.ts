import { monitorEventLoopDelay } from 'node:perf_hooks';
import { buildVenueModel, type VenueModel } from '../../client/src/venue/venue-model';
import type { VenueGeometry } from '../../shared/venue';
import { behaviourNamed } from './fans/behaviours';
import type { SaleInfo, ShowInfo } from './fans/behaviour';
import { ConnectGate } from './fans/connect-gate';
import { Fan, type FanEnvironment } from './fans/fan';
import { FanMetrics } from './fans/fan-metrics';
import { Random } from './fans/random';
import { RunStop } from './fans/run-stop';
import type { GeneratorPlan, SurgeGeneratorMessage, SurgeParentMessage } from './surge-messages';
import { FanHttp } from './wire/fan-http';

/**
 * A surge generator process (forked by surge.ts): runs its share of the crowd, each fan a Fan over
 * its own socket, all from this generator's loopback address, and reports its counters every second
 * and its results at the end.
 */

const TICK_MS = 1_000;
const HTTP_TIMEOUT_MS = 60_000;
/** Sign-ups in flight per generator: each costs the server a password hash (tens of ms). */
const SIGN_UP_CONCURRENCY = 4;

const send = (message: SurgeGeneratorMessage) => process.send?.(message);

let metrics = new FanMetrics();
let fans: Fan[] = [];
let http: FanHttp | undefined;
let shoppingHttp: FanHttp | undefined;
const stop = new RunStop();
let running: Promise<unknown> | undefined;
let sale: SaleInfo | undefined;

async function prepare(plan: GeneratorPlan): Promise<void> {
  const pool = (maxSockets: number) =>
    new FanHttp({
      baseUrl: plan.baseUrl,
      localAddress: plan.localAddresses.http,
      maxSockets,
      timeoutMs: HTTP_TIMEOUT_MS,
      onTimings: (timings) => metrics.httpTimings(timings),
    });
  http = pool(plan.httpSockets);
  shoppingHttp = pool(plan.shoppingHttpSockets);
  const planned: SaleInfo = {
    saleId: plan.saleId,
    t0: Number.POSITIVE_INFINITY,
    shows: await loadShows(http, plan),
  };
  sale = planned;
  metrics = new FanMetrics();
  const env: FanEnvironment = {
    sale: planned,
    crowd: plan.crowd,
    socketUrl: plan.baseUrl.replace(/^http/, 'ws'),
    http,
    shoppingHttp,
    metrics,
    connectGate: new ConnectGate(plan.connectPerSecond, plan.maxPendingHandshakes),
    stop,
    clockOffsetMs: { value: 0 },
  };
  const { sockets: addresses } = plan.localAddresses;
  fans = plan.fans.map(({ index, behaviour: name, ...identity }, position) => {
    const behaviour = behaviourNamed(name);
    const random = Random.forFan(plan.seed, index);
    return new Fan(
      index,
      behaviour.plan(index, planned, plan.crowd, random, identity.email !== undefined),
      behaviour,
      identity,
      env,
      random,
      addresses[position % addresses.length],
    );
  });
  await signUpApiFans();
}

/** API fans' accounts, made through sign-up before the sale (as fans make them days before). */
async function signUpApiFans(): Promise<void> {
  const toSignUp = fans.filter((fan) => fan.identity.email);
  let next = 0;
  const worker = async () => {
    while (next < toSignUp.length) {
      const fan = toSignUp[next++] as Fan;
      if (!(await fan.signUp())) throw new Error(`fan ${fan.index} could not sign up`);
    }
  };
  await Promise.all(Array.from({ length: SIGN_UP_CONCURRENCY }, worker));
}

/** The venue geometry once per venue, as a browser cache (or a CDN) would keep it. */
async function loadShows(client: FanHttp, plan: GeneratorPlan): Promise<ShowInfo[]> {
  const venues = new Map<string, Promise<VenueModel>>();
  const venueOf = (url: string) => {
    let venue = venues.get(url);
    if (!venue) {
      venue = client.call<VenueGeometry>({ method: 'GET', path: url }).then((reply) => {
        if (!reply.ok) throw new Error(`venue geometry ${url}: ${reply.error.code}`);
        return buildVenueModel(reply.data);
      });
      venues.set(url, venue);
    }
    return venue;
  };
  return Promise.all(
    plan.shows.map(async (show) => {
      const venue = await venueOf(show.geometryUrl);
      const tiers = show.tiers
        .map((tier) => ({ ...tier, index: venue.geometry.tiers.findIndex((t) => t.code === tier.code) }))
        .filter((tier) => tier.index >= 0)
        .sort((a, b) => b.priceSatang - a.priceSatang);
      return { ...show, tiers, venue };
    }),
  );
}

function start(t0: number): void {
  if (!sale) throw new Error('start before plan');
  sale.t0 = t0;
  metrics.t0 = t0;
  // A generator's own delays are in every latency its fans measure: it says how late it runs.
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const tick = () => {
    const lagP99Ms = delay.percentile(99) / 1e6;
    delay.reset();
    send({
      type: 'tick',
      at: Date.now(),
      counters: metrics.counters,
      latency: metrics.takeTickLatency(),
      lagP99Ms,
    });
  };
  const ticker = setInterval(tick, TICK_MS);
  running = Promise.allSettled(fans.map((fan) => fan.run())).finally(() => {
    clearInterval(ticker);
    tick();
  });
}

async function finish(): Promise<void> {
  stop.stop();
  await running;
  send({ type: 'results', results: metrics.results() });
  http?.close();
  shoppingHttp?.close();
}

process.on('message', (message: SurgeParentMessage) => {
  const handle = async () => {
    switch (message.type) {
      case 'plan':
        await prepare(message.plan);
        return send({ type: 'ready' });
      case 'start':
        return start(message.t0);
      case 'soldOut':
        metrics.soldOutAt = message.at;
        return;
      case 'stop':
        return finish();
    }
  };
  handle().catch((error: unknown) =>
    send({ type: 'failed', message: String((error as Error)?.stack ?? error) }),
  );
});
// A fan's stray rejection (a bug in one fan's loop) is counted as that fan's error and reported
// once, rather than taking this process's share of the crowd, and the run's report, down with it.
let strayReported = false;
process.on('unhandledRejection', (error: unknown) => {
  metrics.error('FAN_CRASHED', true);
  if (!strayReported)
    process.stderr.write(`surge generator: a fan failed: ${String((error as Error)?.stack ?? error)}\n`);
  strayReported = true;
});
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
