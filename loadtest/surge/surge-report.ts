import { cpus, totalmem } from 'node:os';
import { LatencyHistogram } from '../latency-histogram';
import type { GeneratorResults } from './fans/fan-metrics';
import {
  SURGE_STEPS,
  type FairnessReport,
  type FanExperience,
  type IntegrityReport,
  type ProcessSeries,
  type ShowResult,
  type Spread,
  type StepLatency,
  type SurgeReport,
  type SurgeSummary,
  type TargetCheck,
  type Timeline,
} from './surge-report-types';
import type { SurgeOptions } from './surge-options';

/** Builds the surge's report from what the generators, the stores and the sampler gathered. */

export interface ReportInputs {
  options: SurgeOptions;
  startedAt: Date;
  t0: number;
  baseUrl: string;
  ownCluster: boolean;
  versions: { postgres: string; redis: string };
  results: GeneratorResults[];
  timeline: Timeline;
  resources: ProcessSeries[];
  shows: ShowResult[];
  integrity: IntegrityReport;
  fairness: FairnessReport;
  /** Epoch ms of the first and the last fan's socket connected. */
  connectWindow: { first: number | null; last: number | null; connected: number };
  notes: string[];
  files: { json: string; html: string };
}

const TARGETS = {
  sellOutSeconds: 600,
  sellOutStretchSeconds: 300,
  connectSeconds: 90,
  connectFans: 100_000,
  holdP99Ms: 100,
  checkoutP99Ms: 500,
};

export function buildReport(inputs: ReportInputs): SurgeReport {
  const { options, results } = inputs;
  const latency = stepLatencies(results);
  const seatsTotal = inputs.shows.reduce((sum, show) => sum + show.seatsTotal, 0);
  const seatsSold = inputs.shows.reduce((sum, show) => sum + show.soldPostgres, 0);
  const soldOut = inputs.shows.every((show) => show.sellOutSeconds !== null);
  const rushP99 = (step: string) => {
    const row = latency.find((entry) => entry.step === step);
    return row?.rush && row.rush.count > 0 ? row.rush.p99Ms : (row?.p99Ms ?? 0);
  };
  const { first, last, connected } = inputs.connectWindow;
  const summary: SurgeSummary = {
    fans: options.fans,
    seatsTotal,
    seatsSold,
    oversold: inputs.integrity.postgres.oversold + inputs.integrity.redis.oversold,
    doubleSold: inputs.integrity.postgres.doubleSold + inputs.integrity.redis.doubleSold,
    ordersPaid: results.reduce((sum, result) => sum + result.counters.ordersPaid, 0),
    sellOutSeconds: soldOut ? Math.max(...inputs.shows.map((show) => show.sellOutSeconds ?? 0)) : null,
    connectSeconds: first !== null && last !== null ? round((last - first) / 1000) : 0,
    holdP99Ms: round(rushP99('hold')),
    checkoutP99Ms: round(rushP99('checkout')),
    reconciled: inputs.integrity.clean,
    reportHtml: inputs.files.html,
    reportJson: inputs.files.json,
  };
  return {
    version: 1,
    preset: options.preset,
    startedAt: inputs.startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    t0: inputs.t0,
    options: Object.fromEntries(
      Object.entries(options).filter(
        (entry): entry is [string, string | number | boolean] => entry[1] !== undefined,
      ),
    ),
    machine: {
      cpuModel: cpus()[0]?.model ?? 'unknown',
      cores: cpus().length,
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.versions.node,
      ...inputs.versions,
    },
    target: {
      url: inputs.baseUrl,
      ownCluster: inputs.ownCluster,
      workers: inputs.ownCluster ? options.workers : null,
      generators: options.generators,
    },
    summary,
    targets: targetChecks(summary, inputs, connected),
    shows: inputs.shows,
    integrity: inputs.integrity,
    latency,
    fairness: inputs.fairness,
    experience: experience(inputs),
    timeline: inputs.timeline,
    resources: inputs.resources,
    notes: inputs.notes,
  };
}

function stepLatencies(results: GeneratorResults[]): StepLatency[] {
  const rows: StepLatency[] = [];
  for (const step of SURGE_STEPS) {
    if (step === 'admissionWait') {
      // Recorded in milliseconds (waits run to minutes): see FanMetrics.duration.
      const waits = LatencyHistogram.merge(results.map((result) => result.durations.timeInQueue));
      if (waits.count > 0) rows.push({ step, ...percentiles(waits, 1000) });
      continue;
    }
    const parts = results.map((result) => result.steps[step]).filter((part) => part !== undefined);
    if (parts.length === 0) continue;
    const all = LatencyHistogram.merge(parts.map((part) => part.all));
    const rush = LatencyHistogram.merge(parts.map((part) => part.rush));
    if (all.count === 0) continue;
    rows.push({ step, ...percentiles(all), ...(rush.count > 0 && { rush: percentiles(rush) }) });
  }
  return rows;
}

/** Percentiles in ms of a histogram recorded in µs (or in ms, with `scale` 1000). */
function percentiles(histogram: LatencyHistogram, scale = 1) {
  return {
    count: histogram.count,
    p50Ms: round(histogram.percentileMs(50) * scale),
    p95Ms: round(histogram.percentileMs(95) * scale),
    p99Ms: round(histogram.percentileMs(99) * scale),
    maxMs: round(histogram.maxMs * scale),
  };
}

/** A spread in seconds of a histogram recorded in milliseconds. */
function spread(histogram: LatencyHistogram): Spread {
  return {
    count: histogram.count,
    p50: round(histogram.percentileMs(50)),
    p90: round(histogram.percentileMs(90)),
    p99: round(histogram.percentileMs(99)),
    max: round(histogram.maxMs),
  };
}

function experience(inputs: ReportInputs): FanExperience {
  const { results } = inputs;
  const sum = (pick: (result: GeneratorResults) => number) =>
    results.reduce((total, result) => total + pick(result), 0);
  const durations = (name: keyof GeneratorResults['durations']) =>
    spread(LatencyHistogram.merge(results.map((result) => result.durations[name])));
  const errorsSeen: FanExperience['errorsSeen'] = {};
  for (const result of results) {
    for (const [code, seen] of Object.entries(result.errorsSeen)) {
      const total = (errorsSeen[code] ??= { times: 0, fans: 0 });
      total.times += seen.times;
      total.fans += seen.fans;
    }
  }
  return {
    fans: inputs.options.fans,
    signedUpThroughApi: sum((result) => result.signedUpThroughApi),
    gotTickets: sum((result) => result.outcomes.gotTickets),
    missedOut: sum((result) => result.outcomes.missedOut),
    joinedWaitlist: sum((result) => result.joinedWaitlist),
    abandoned: sum((result) => result.outcomes.abandoned),
    unfinished: sum((result) => result.outcomes.unfinished),
    timeInQueue: durations('timeInQueue'),
    admissionToSeats: durations('admissionToSeats'),
    admissionToTickets: durations('admissionToTickets'),
    errorsSeen,
    paymentsFailed: sum((result) => result.paymentsFailed),
  };
}

function targetChecks(summary: SurgeSummary, inputs: ReportInputs, connected: number): TargetCheck[] {
  const seconds = (value: number | null) =>
    value === null ? 'not sold out' : `${value.toLocaleString('en')} s`;
  const soldOut = summary.sellOutSeconds !== null;
  const { fairness, integrity } = inputs;
  return [
    {
      name: 'both shows sold out',
      target: `${summary.seatsTotal.toLocaleString('en')} seats`,
      measured: `${summary.seatsSold.toLocaleString('en')} sold`,
      met: soldOut && summary.seatsSold === summary.seatsTotal,
    },
    {
      name: 'T0 to sold out',
      target: `<= ${TARGETS.sellOutSeconds} s (stretch ${TARGETS.sellOutStretchSeconds} s)`,
      measured: seconds(summary.sellOutSeconds),
      met: soldOut && (summary.sellOutSeconds ?? Infinity) <= TARGETS.sellOutSeconds,
    },
    {
      name: 'fans connected',
      target: `${TARGETS.connectFans.toLocaleString('en')} in <= ${TARGETS.connectSeconds} s`,
      measured: `${connected.toLocaleString('en')} in ${summary.connectSeconds.toLocaleString('en')} s`,
      met: connected >= TARGETS.connectFans ? summary.connectSeconds <= TARGETS.connectSeconds : null,
    },
    {
      name: 'hold p99 during the rush',
      target: `< ${TARGETS.holdP99Ms} ms`,
      measured: `${summary.holdP99Ms} ms`,
      met: summary.holdP99Ms < TARGETS.holdP99Ms,
    },
    {
      name: 'checkout p99 during the rush',
      target: `< ${TARGETS.checkoutP99Ms} ms`,
      measured: `${summary.checkoutP99Ms} ms`,
      met: summary.checkoutP99Ms < TARGETS.checkoutP99Ms,
    },
    { name: 'oversold', target: '0', measured: String(summary.oversold), met: summary.oversold === 0 },
    { name: 'double-sold', target: '0', measured: String(summary.doubleSold), met: summary.doubleSold === 0 },
    {
      name: 'paid orders without tickets',
      target: '0',
      measured: String(integrity.postgres.paidOrdersWithoutTickets),
      met: integrity.postgres.paidOrdersWithoutTickets === 0,
    },
    {
      name: 'PostgreSQL and Redis agree seat by seat',
      target: 'every seat',
      measured: `${integrity.reconciliation.seatsCompared.toLocaleString('en')} compared, ${(integrity.reconciliation.soldInPostgresNotRedis + integrity.reconciliation.soldInRedisNotPostgres + integrity.reconciliation.differentOrder).toLocaleString('en')} differ`,
      met: integrity.clean,
    },
    {
      name: 'admitted places recomputed from the seed',
      target: 'all match',
      measured: `${fairness.placesChecked.toLocaleString('en')} checked, ${fairness.placesMismatched} differ`,
      met: fairness.placesMismatched === 0 && fairness.seedCommitmentMatches,
    },
    {
      name: 'pre-queue order independent of arrival',
      target: 'chi-square p >= 0.001',
      measured: fairness.chiSquare ? `p = ${fairness.chiSquare.pValue.toPrecision(3)}` : 'too few fans',
      met: fairness.chiSquare ? fairness.chiSquare.pValue >= 0.001 : null,
    },
    {
      name: 'inversions after T0',
      target: '0',
      measured: String(fairness.inversionsAfterT0),
      met: fairness.inversionsAfterT0 === 0,
    },
  ];
}

const round = (value: number) => Math.round(value * 10) / 10;
