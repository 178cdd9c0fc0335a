/**
 * What `npm run surge` writes at the end: one JSON document (this type) and one self-contained HTML
 * page drawn from it. Times on charts are seconds from T0 (the on-sale time: negative before it).
 */

/** Latency percentiles of one step of the fan's journey, in milliseconds. */
export interface StepLatency {
  step: SurgeStep;
  count: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  /** The same over the rush only (T0 until both shows sold out), when the step happened then. */
  rush?: { count: number; p50Ms: number; p95Ms: number; p99Ms: number; maxMs: number };
}

export const SURGE_STEPS = [
  'signUp',
  'signIn',
  'connect',
  'join',
  /** From joining (or T0, for the pre-queue) until the fan knew it was admitted. */
  'admissionWait',
  /** queue:enter: the admission token. */
  'token',
  /** show:subscribe with every section: the snapshot. */
  'snapshot',
  'hold',
  /** POST /api/orders, from request to the paid (or failed) order. */
  'checkout',
  /** From the first checkout attempt to the tickets in hand. */
  'ticket',
  'waitlist',
  /** GET /api/sales/:id/queue/status, the cacheable polling endpoint. */
  'poll',
  /** Every HTTP request, split (FanHttp's HttpTimings): waiting for a free pooled connection, */
  'httpQueued',
  /** opening a new connection (only requests that had to), */
  'httpConnect',
  /** the server's own time (its Server-Timing header), */
  'httpServer',
  /** and the rest: the server's accept and read queues, both sides' event-loop turns. */
  'httpWire',
] as const;
export type SurgeStep = (typeof SURGE_STEPS)[number];

/** Summary percentiles of a duration over fans, in seconds. */
export interface Spread {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export interface ShowResult {
  showId: string;
  name: string;
  seatsTotal: number;
  /** Seats sold according to PostgreSQL (order seats in state sold on paid orders). */
  soldPostgres: number;
  /** Seats marked sold in Redis. */
  soldRedis: number;
  /** Seconds from T0 to the show's last seat sold; null if it did not sell out. */
  sellOutSeconds: number | null;
  /** Cumulative seats sold (PostgreSQL paid_at), one point per second from T0. */
  soldOverTime: [seconds: number, sold: number][];
}

/** Counts found by the independent checks after the sale. Every one should be 0. */
export interface IntegrityReport {
  postgres: {
    /** Seats with more than one sold order seat, or more than one live ticket. */
    doubleSold: number;
    /** Seats sold beyond the venue's capacity or outside it. */
    oversold: number;
    /** Paid orders whose tickets are missing (one per seat expected). */
    paidOrdersWithoutTickets: number;
    /** Tickets on orders that are not paid. */
    ticketsWithoutPayment: number;
    /** Accounts with more seats in a show than its limit. */
    accountsOverLimit: number;
  };
  redis: {
    doubleSold: number;
    oversold: number;
    /** Sections whose free-seat counter disagrees with their seat hash. */
    countersWrong: number;
    accountsOverLimit: number;
  };
  reconciliation: {
    /** Seats compared one by one across both shows. */
    seatsCompared: number;
    soldInPostgresNotRedis: number;
    soldInRedisNotPostgres: number;
    /** Sold in both, to different orders. */
    differentOrder: number;
  };
  /** Every figure above is 0. */
  clean: boolean;
}

export interface FairnessReport {
  /** Fans in the pre-queue when it was shuffled at T0. */
  prequeueSize: number;
  /**
   * Independence of pre-queue arrival decile and admission decile, over pre-queue fans that were
   * admitted: a 10 x 10 table, chi-square test (81 degrees of freedom).
   */
  chiSquare: { fans: number; statistic: number; degreesOfFreedom: number; pValue: number } | null;
  /** Pairs of fans who joined after T0 and were admitted out of arrival order. */
  inversionsAfterT0: number;
  fansAfterT0: number;
  /** Admitted places recomputed from the revealed seed, and those that did not match. */
  placesChecked: number;
  placesMismatched: number;
  seedCommitmentMatches: boolean;
}

export interface FanExperience {
  fans: number;
  /** Fans that signed up and signed in through the real HTTP API in this run. */
  signedUpThroughApi: number;
  gotTickets: number;
  /** Fans who got a ticket for none of the shows they wanted. */
  missedOut: number;
  /** Of those, how many were offered the waitlist of a sold-out show and joined it. */
  joinedWaitlist: number;
  abandoned: number;
  /** Fans still admitted but not done when the run ended, or never admitted. */
  unfinished: number;
  /** Seconds from joining (T0 for the pre-queue) to admission. */
  timeInQueue: Spread;
  /** Seconds from admission to seats held. */
  admissionToSeats: Spread;
  /** Seconds from admission to tickets. */
  admissionToTickets: Spread;
  /** Error codes fans saw, and how many fans saw each at least once. */
  errorsSeen: Record<string, { times: number; fans: number }>;
  paymentsFailed: number;
}

/** One process's measurements over time. */
export interface ProcessSeries {
  name: string;
  role: 'primary' | 'worker' | 'node' | 'generator' | 'redis' | 'postgres' | 'surge';
  pid?: number;
  /** Seconds from T0. */
  t: number[];
  /** Percent of one core. */
  cpuPercent: number[];
  rssMiB: (number | null)[];
  /** Event-loop delay p99 over each interval, ms (Node processes that report it). */
  lagP99Ms: (number | null)[];
}

export interface Timeline {
  /** Seconds from T0, one point per sample (about every second). */
  t: number[];
  connected: number[];
  inQueue: number[];
  admitted: number[];
  shopping: number[];
  ordersPaid: number[];
  /** Seats sold per show, cumulative, as the fans saw their orders paid. */
  soldByShow: Record<string, number[]>;
  /** Errors per interval. */
  errors: number[];
  /** Hold and checkout latency p99 per interval, ms (the worst generator's; null without any). */
  holdP99Ms: (number | null)[];
  checkoutP99Ms: (number | null)[];
  /**
   * Fans a second the waiting room admits now, as its public status says (the sale's rate, less
   * while the servers are overloaded: queue-spec Q17); null before T0 or without an answer.
   * Absent in reports made before it was recorded.
   */
  admitRatePerSecond?: (number | null)[];
}

export interface TargetCheck {
  name: string;
  target: string;
  measured: string;
  met: boolean | null;
}

/** The last line `npm run surge` prints, as one JSON object. */
export interface SurgeSummary {
  fans: number;
  seatsTotal: number;
  seatsSold: number;
  oversold: number;
  doubleSold: number;
  ordersPaid: number;
  /** T0 to the last seat of both shows sold; null if not sold out. */
  sellOutSeconds: number | null;
  /** Seconds to open every fan's connection (first to last). */
  connectSeconds: number;
  holdP99Ms: number;
  checkoutP99Ms: number;
  reconciled: boolean;
  reportHtml: string;
  reportJson: string;
}

export interface SurgeReport {
  version: 1;
  preset: string;
  startedAt: string;
  finishedAt: string;
  /** Epoch ms of T0. */
  t0: number;
  options: Record<string, string | number | boolean>;
  machine: {
    cpuModel: string;
    cores: number;
    memoryGiB: number;
    node: string;
    postgres: string;
    redis: string;
  };
  target: { url: string; ownCluster: boolean; workers: number | null; generators: number };
  summary: SurgeSummary;
  targets: TargetCheck[];
  shows: ShowResult[];
  integrity: IntegrityReport;
  latency: StepLatency[];
  fairness: FairnessReport;
  experience: FanExperience;
  timeline: Timeline;
  resources: ProcessSeries[];
  /** What limited the run, and anything unusual the tool saw. */
  notes: string[];
}
