import {
  SURGE_STEPS,
  type FanExperience,
  type FairnessReport,
  type IntegrityReport,
  type ProcessSeries,
  type ShowResult,
  type StepLatency,
  type SurgeReport,
  type SurgeStep,
  type Timeline,
} from './surge-report-types';

/**
 * A realistic report of a clean run, for tests and for looking at the page without running a surge:
 * two shows of 50,000 seats, 100,000 fans, a minute of pre-queue and five minutes of sale sampled
 * every second, 8 processes. Deterministic: the noise comes from a fixed seed.
 */
export function sampleSurgeReport(): SurgeReport {
  const random = seededRandom(20_260_314);
  const shows = SHOWS.map((show) => sampleShow(show));
  const timeline = sampleTimeline(shows, random);
  const seatsSold = shows.reduce((sum, show) => sum + show.soldPostgres, 0);
  const ordersPaid = Math.round(seatsSold / SEATS_PER_ORDER);
  return {
    version: 1,
    preset: 'stadium',
    startedAt: '2026-03-14T04:58:30.000Z',
    finishedAt: '2026-03-14T05:05:12.000Z',
    t0: Date.parse('2026-03-14T05:00:00.000Z'),
    options: { preset: 'stadium', fans: FANS, shows: 2, workers: 4, generators: 1, prequeueSeconds: 60 },
    machine: {
      cpuModel: 'AMD EPYC 7B13',
      cores: 2,
      memoryGiB: 7.8,
      node: 'v20.19.5',
      postgres: '15.14',
      redis: '7.0.15',
    },
    target: { url: 'http://127.0.0.1:3000', ownCluster: true, workers: 4, generators: 1 },
    summary: {
      fans: FANS,
      seatsTotal: SEATS_PER_SHOW * SHOWS.length,
      seatsSold,
      oversold: 0,
      doubleSold: 0,
      ordersPaid,
      sellOutSeconds: Math.max(...SHOWS.map((show) => show.sellOutSeconds)),
      connectSeconds: 71.4,
      holdP99Ms: 41.2,
      checkoutP99Ms: 388,
      reconciled: true,
      reportHtml: 'artifacts/surge/surge-report.html',
      reportJson: 'artifacts/surge/surge-report.json',
    },
    targets: [
      { name: 'Both shows sell out', target: '≤ 10 min', measured: '4 min 47 s', met: true },
      { name: 'Connect every fan', target: '≤ 60 s', measured: '71.4 s', met: false },
      { name: 'Hold p99 during the rush', target: '≤ 100 ms', measured: '41.2 ms', met: true },
      { name: 'Checkout p99 during the rush', target: '≤ 1 s', measured: '388 ms', met: true },
      { name: 'Seats oversold or double-sold', target: '0', measured: '0', met: true },
      { name: 'Cursor update to 99% of fans', target: '≤ 3 s', measured: 'not measured', met: null },
    ],
    shows,
    integrity: cleanIntegrity(),
    latency: SURGE_STEPS.map((step) => sampleLatency(step)),
    fairness: sampleFairness(),
    experience: sampleExperience(ordersPaid),
    timeline,
    resources: sampleResources(random),
    notes: [
      'Load generators shared the 2 cores with the cluster: figures are a floor, not a ceiling.',
      'Connecting 100,000 fans took 71 s: the generator was CPU-bound at 98% for most of it.',
      'worker-3 was killed at +120 s on purpose and re-forked; its fans reconnected within 10 s.',
    ],
  };
}

const FANS = 100_000;
const SEATS_PER_SHOW = 50_000;
const SEATS_PER_ORDER = 2.6;
const FIRST_SECOND = -60;
const LAST_SECOND = 300;
const SHOWS = [
  { showId: 'bkk-sat', name: 'Bangkok, Saturday 14 March', sellOutSeconds: 212 },
  { showId: 'bkk-sun', name: 'Bangkok, Sunday 15 March', sellOutSeconds: 287 },
];

/** mulberry32: a small seeded generator, so the sample's noise is the same on every run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = Math.imul(state ^ (state >>> 15), 1 | state);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function seconds(from: number, to: number, step = 1): number[] {
  const result: number[] = [];
  for (let t = from; t <= to; t += step) result.push(t);
  return result;
}

/** Sales start fast and slow down as the last seats go (a front-loaded curve), then stay sold out. */
function soldAt(t: number, sellOutSeconds: number): number {
  if (t <= 0) return 0;
  if (t >= sellOutSeconds) return SEATS_PER_SHOW;
  const left = 1 - t / sellOutSeconds;
  return Math.round(SEATS_PER_SHOW * (1 - left * left));
}

function sampleShow(show: (typeof SHOWS)[number]): ShowResult {
  return {
    showId: show.showId,
    name: show.name,
    seatsTotal: SEATS_PER_SHOW,
    soldPostgres: SEATS_PER_SHOW,
    soldRedis: SEATS_PER_SHOW,
    sellOutSeconds: show.sellOutSeconds,
    soldOverTime: seconds(0, LAST_SECOND).map((t) => [t, soldAt(t, show.sellOutSeconds)]),
  };
}

function sampleTimeline(shows: ShowResult[], random: () => number): Timeline {
  const t = seconds(FIRST_SECOND, LAST_SECOND);
  const connected = t.map((s) => Math.round(Math.min(FANS, FANS * ((s - FIRST_SECOND) / 71.4))));
  const admitted = t.map((s) => (s < 0 ? 0 : Math.min(FANS, Math.round(450 * s))));
  const soldTotal = t.map((s) => shows.reduce((sum, show) => sum + soldAt(s - 1, show.sellOutSeconds!), 0));
  // Fans leave once they have their tickets or once both shows are gone.
  const gone = t.map((s, i) =>
    Math.round((soldTotal[i]! / SEATS_PER_ORDER) * 0.9 + (s > 287 ? 4000 * (s - 287) : 0)),
  );
  return {
    t,
    connected: connected.map((fans, i) => Math.max(0, fans - gone[i]!)),
    inQueue: connected.map((fans, i) => Math.max(0, fans - admitted[i]!)),
    admitted,
    shopping: t.map((s, i) => (s > 287 ? 0 : Math.max(0, admitted[i]! - (admitted[i - 45] ?? 0)))),
    ordersPaid: soldTotal.map((sold) => Math.round(sold / SEATS_PER_ORDER)),
    soldByShow: Object.fromEntries(
      shows.map((show) => [show.showId, t.map((s) => soldAt(s - 1, show.sellOutSeconds!))]),
    ),
    errors: t.map((s) => Math.floor(random() * 6) + (s >= 0 && s < 20 ? 40 + Math.floor(random() * 60) : 0)),
    // Before T0 nothing is held or paid for; the rush's first seconds are the slowest.
    holdP99Ms: t.map((s) => (s < 0 || s > 287 ? null : Math.round(20 + random() * 30 + (s < 20 ? 60 : 0)))),
    checkoutP99Ms: t.map((s) =>
      s < 5 || s > 287 ? null : Math.round(330 + random() * 120 + (s < 25 ? 150 : 0)),
    ),
    // The waiting room admits 120 a second, less for a while when the servers are overloaded.
    admitRatePerSecond: t.map((s) => (s < 0 ? null : s >= 8 && s < 20 ? 36 : 120)),
  };
}

/** Redis and PostgreSQL are sampled half a second off the Node processes, as a real run may be. */
function sampleResources(random: () => number): ProcessSeries[] {
  const nodeTicks = seconds(FIRST_SECOND, LAST_SECOND);
  const storeTicks = nodeTicks.map((t) => t + 0.5);
  const load = (t: number): number => (t < 0 ? 0.35 : t < 290 ? 1 : 0.2);
  const noisy = (base: number, spread: number): number => Math.round((base + random() * spread) * 10) / 10;
  const nodeProcess = (
    name: string,
    role: ProcessSeries['role'],
    pid: number,
    cpu: number,
  ): ProcessSeries => ({
    name,
    role,
    pid,
    t: nodeTicks,
    cpuPercent: nodeTicks.map((t) => noisy(cpu * load(t), 8)),
    // Busier processes hold more sockets and lag more; memory grows as fans arrive.
    rssMiB: nodeTicks.map((t) => noisy(70 + cpu * (t > 0 ? 2.4 : 1.2), 3)),
    lagP99Ms: nodeTicks.map((t) => noisy(2 + cpu * load(t) * 0.3, 3)),
  });
  const workers = [1, 2, 3, 4].map((n) => nodeProcess(`worker-${n}`, 'worker', 4100 + n, 38 + n * 2));
  // worker-3 was killed on purpose: no figures while it was being re-forked.
  const killed = workers[2]!;
  for (const i of killed.t.keys()) {
    if (killed.t[i]! >= 120 && killed.t[i]! < 130) killed.rssMiB[i] = killed.lagP99Ms[i] = null;
  }
  const store = (name: string, role: ProcessSeries['role'], cpu: number, rss: number): ProcessSeries => ({
    name,
    role,
    t: storeTicks,
    cpuPercent: storeTicks.map((t) => noisy(cpu * load(t), 6)),
    rssMiB: storeTicks.map(() => noisy(rss, 4)),
    lagP99Ms: storeTicks.map(() => null),
  });
  return [
    nodeProcess('primary', 'primary', 4100, 3),
    ...workers,
    nodeProcess('generator-1', 'generator', 4200, 90),
    store('redis', 'redis', 35, 410),
    store('postgres', 'postgres', 22, 260),
  ];
}

const LATENCY_MS: Record<SurgeStep, [p50: number, p95: number, p99: number, max: number]> = {
  signUp: [48, 95, 140, 410],
  signIn: [31, 70, 98, 305],
  connect: [12, 44, 90, 1_240],
  join: [4.1, 11, 19, 160],
  admissionWait: [61_000, 198_000, 221_000, 226_000],
  token: [5.2, 14, 26, 210],
  snapshot: [38, 92, 140, 620],
  hold: [7.9, 24, 41.2, 380],
  checkout: [160, 310, 388, 1_900],
  ticket: [240, 520, 690, 2_400],
  waitlist: [6.3, 15, 28, 120],
  poll: [1.8, 4.4, 9.5, 88],
  httpQueued: [0.01, 0.05, 2.1, 40],
  httpConnect: [0.4, 1.2, 3.8, 31],
  httpServer: [1.1, 48, 120, 640],
  httpWire: [0.9, 3.5, 12, 150],
};

/** Steps before T0 (sign-up, sign-in, connect, join) have no rush figures. */
const RUSH_STEPS: ReadonlySet<SurgeStep> = new Set(SURGE_STEPS.slice(4));

function sampleLatency(step: SurgeStep): StepLatency {
  const [p50Ms, p95Ms, p99Ms, maxMs] = LATENCY_MS[step];
  const count = step === 'poll' ? 412_000 : step === 'signUp' || step === 'signIn' ? 2_000 : FANS;
  const latency: StepLatency = { step, count, p50Ms, p95Ms, p99Ms, maxMs };
  if (RUSH_STEPS.has(step)) {
    latency.rush = { count: Math.round(count * 0.8), p50Ms, p95Ms: p95Ms * 1.1, p99Ms: p99Ms * 1.2, maxMs };
  }
  return latency;
}

function cleanIntegrity(): IntegrityReport {
  return {
    postgres: {
      doubleSold: 0,
      oversold: 0,
      paidOrdersWithoutTickets: 0,
      ticketsWithoutPayment: 0,
      accountsOverLimit: 0,
    },
    redis: { doubleSold: 0, oversold: 0, countersWrong: 0, accountsOverLimit: 0 },
    reconciliation: {
      seatsCompared: SEATS_PER_SHOW * SHOWS.length,
      soldInPostgresNotRedis: 0,
      soldInRedisNotPostgres: 0,
      differentOrder: 0,
    },
    clean: true,
  };
}

function sampleFairness(): FairnessReport {
  return {
    prequeueSize: 92_140,
    chiSquare: { fans: 92_140, statistic: 78.62, degreesOfFreedom: 81, pValue: 0.5531 },
    inversionsAfterT0: 0,
    fansAfterT0: 7_860,
    placesChecked: 92_140,
    placesMismatched: 0,
    seedCommitmentMatches: true,
  };
}

function sampleExperience(ordersPaid: number): FanExperience {
  const spread = (p50: number, p90: number, p99: number, max: number, count = FANS) => ({
    count,
    p50,
    p90,
    p99,
    max,
  });
  return {
    fans: FANS,
    signedUpThroughApi: 2_000,
    gotTickets: ordersPaid,
    missedOut: FANS - ordersPaid - 538,
    joinedWaitlist: 41_220,
    abandoned: 300,
    unfinished: 238,
    timeInQueue: spread(61, 198, 221, 226),
    admissionToSeats: spread(8.4, 19, 33, 71, 97_400),
    admissionToTickets: spread(21, 44, 68, 131, ordersPaid),
    errorsSeen: {
      SEAT_TAKEN: { times: 58_310, fans: 31_904 },
      SOLD_OUT: { times: 61_102, fans: 61_102 },
      RATE_LIMITED: { times: 1_204, fans: 866 },
      PAYMENT_DECLINED: { times: 412, fans: 409 },
    },
    paymentsFailed: 412,
  };
}
