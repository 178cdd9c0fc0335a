import { LatencyHistogram } from '../../latency-histogram';
import type { SerializedHistogram } from '../../generator-messages';
import type { SurgeStep } from '../surge-report-types';
import type { HttpTimings } from '../wire/fan-http';

/**
 * What one generator process counts about its fans: gauges and totals for the live progress and the
 * timeline (sent to the parent every second), latency per step (all of the run, and the rush alone),
 * durations fans lived through, outcomes, and the errors they saw.
 */

export type Outcome = 'gotTickets' | 'missedOut' | 'abandoned' | 'unfinished';
export type Duration = 'timeInQueue' | 'admissionToSeats' | 'admissionToTickets';

export interface GeneratorCounters {
  connected: number;
  inQueue: number;
  admitted: number;
  shopping: number;
  ordersPaid: number;
  soldByShow: Record<string, number>;
  errors: number;
  errorsByCode: Record<string, number>;
  finished: number;
  connectAttempts: number;
  connectFailures: number;
  /** Connection attempts a busy server turned away (503, Retry-After); they cost no attempt. */
  connectsShed: number;
  /** Epoch ms of the first and the latest socket connected. */
  firstConnectedAt: number | null;
  lastConnectedAt: number | null;
  /** Sockets that had been up and dropped. */
  dropped: number;
  /** Sockets opened again after a drop (socket.io-client's automatic reconnection). */
  reconnected: number;
  deltasApplied: number;
  mapGaps: number;
}

export interface GeneratorResults {
  counters: GeneratorCounters;
  steps: Record<string, { all: SerializedHistogram; rush: SerializedHistogram }>;
  /** In milliseconds (recorded as if microseconds, so the histogram reaches 19 hours). */
  durations: Record<Duration, SerializedHistogram>;
  outcomes: Record<Outcome, number>;
  joinedWaitlist: number;
  signedUpThroughApi: number;
  paymentsFailed: number;
  errorsSeen: Record<string, { times: number; fans: number }>;
  rssBytes: number;
}

/** Steps whose latency is also charted second by second. */
export const TICKED_STEPS = ['hold', 'checkout'] as const;
export type TickedStep = (typeof TICKED_STEPS)[number];
/** One interval's latency of a ticked step: its samples and their p99 (null without any). */
export type TickLatency = Record<TickedStep, { count: number; p99Ms: number | null }>;

export class FanMetrics {
  readonly counters: GeneratorCounters = {
    connected: 0,
    inQueue: 0,
    admitted: 0,
    shopping: 0,
    ordersPaid: 0,
    soldByShow: {},
    errors: 0,
    errorsByCode: {},
    finished: 0,
    connectAttempts: 0,
    connectFailures: 0,
    connectsShed: 0,
    firstConnectedAt: null,
    lastConnectedAt: null,
    dropped: 0,
    reconnected: 0,
    deltasApplied: 0,
    mapGaps: 0,
  };
  private readonly steps = new Map<SurgeStep, { all: LatencyHistogram; rush: LatencyHistogram }>();
  private tick = new Map<TickedStep, LatencyHistogram>();
  private readonly durations = new Map<Duration, LatencyHistogram>();
  readonly outcomes: Record<Outcome, number> = { gotTickets: 0, missedOut: 0, abandoned: 0, unfinished: 0 };
  private readonly errorTimes = new Map<string, number>();
  private readonly errorFans = new Map<string, number>();
  joinedWaitlist = 0;
  signedUpThroughApi = 0;
  paymentsFailed = 0;
  /** Epoch ms of T0 and of the sell-out (once heard from the parent): the rush lies between. */
  t0 = Number.POSITIVE_INFINITY;
  soldOutAt = Number.POSITIVE_INFINITY;

  /** A step's latency, in milliseconds, at the time it ended. */
  step(step: SurgeStep, ms: number, endedAt = Date.now()): void {
    let histograms = this.steps.get(step);
    if (!histograms)
      this.steps.set(step, (histograms = { all: new LatencyHistogram(), rush: new LatencyHistogram() }));
    histograms.all.record(ms * 1000);
    if (endedAt >= this.t0 && endedAt < this.soldOutAt) histograms.rush.record(ms * 1000);
    if ((TICKED_STEPS as readonly string[]).includes(step)) {
      const ticked = step as TickedStep;
      let histogram = this.tick.get(ticked);
      if (!histogram) this.tick.set(ticked, (histogram = new LatencyHistogram()));
      histogram.record(ms * 1000);
    }
  }

  /** Where one HTTP request's time went (see SURGE_STEPS). */
  httpTimings(timings: HttpTimings): void {
    this.step('httpQueued', timings.queuedMs);
    if (timings.connectMs !== undefined) this.step('httpConnect', timings.connectMs);
    if (timings.serverMs !== undefined) this.step('httpServer', timings.serverMs);
    this.step('httpWire', timings.wireMs);
  }

  /** The ticked steps' latency since the previous call. */
  takeTickLatency(): TickLatency {
    const of = (step: TickedStep) => {
      const histogram = this.tick.get(step);
      return { count: histogram?.count ?? 0, p99Ms: histogram?.count ? histogram.percentileMs(99) : null };
    };
    const latency = { hold: of('hold'), checkout: of('checkout') };
    this.tick = new Map();
    return latency;
  }

  duration(duration: Duration, ms: number): void {
    let histogram = this.durations.get(duration);
    if (!histogram) this.durations.set(duration, (histogram = new LatencyHistogram()));
    histogram.record(ms);
  }

  /** An error one fan met; `firstForFan` is true the first time this fan met this code. */
  error(code: string, firstForFan: boolean): void {
    this.counters.errors++;
    this.counters.errorsByCode[code] = (this.counters.errorsByCode[code] ?? 0) + 1;
    this.errorTimes.set(code, (this.errorTimes.get(code) ?? 0) + 1);
    if (firstForFan) this.errorFans.set(code, (this.errorFans.get(code) ?? 0) + 1);
  }

  sold(showId: string, seats: number): void {
    this.counters.soldByShow[showId] = (this.counters.soldByShow[showId] ?? 0) + seats;
  }

  results(): GeneratorResults {
    const steps: GeneratorResults['steps'] = {};
    for (const [step, { all, rush }] of this.steps) steps[step] = { all: all.toJSON(), rush: rush.toJSON() };
    const empty = new LatencyHistogram().toJSON();
    const durationOf = (name: Duration) => this.durations.get(name)?.toJSON() ?? empty;
    return {
      counters: this.counters,
      steps,
      durations: {
        timeInQueue: durationOf('timeInQueue'),
        admissionToSeats: durationOf('admissionToSeats'),
        admissionToTickets: durationOf('admissionToTickets'),
      },
      outcomes: this.outcomes,
      joinedWaitlist: this.joinedWaitlist,
      signedUpThroughApi: this.signedUpThroughApi,
      paymentsFailed: this.paymentsFailed,
      errorsSeen: Object.fromEntries(
        [...this.errorTimes].map(([code, times]) => [code, { times, fans: this.errorFans.get(code) ?? 0 }]),
      ),
      rssBytes: process.memoryUsage().rss,
    };
  }
}
