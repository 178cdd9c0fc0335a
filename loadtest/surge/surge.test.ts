import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SurgeReport, SurgeSummary } from './surge-report-types';

/**
 * The demo preset, run as a tester runs it (`npm run surge`): the real cluster in production mode on
 * its own database and Redis prefix, a crowd of fans over the public protocol, and the reports. The
 * sale must sell out with every seat sold exactly once, checked in both stores and seat by seat.
 */

const SURGE = fileURLToPath(new URL('./surge.ts', import.meta.url));
/** The demo sells out in about two minutes after a minute of set-up; generous on a busy machine. */
const RUN_TIMEOUT_MS = 12 * 60_000;

let outDir: string;
let summary: SurgeSummary;
let report: SurgeReport;
let output = '';

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'surge-demo-'));
  const lines = await runSurge(['--preset', 'demo', '--out', outDir]);
  summary = JSON.parse(lines.at(-1) ?? '{}') as SurgeSummary;
  report = JSON.parse(readFileSync(summary.reportJson, 'utf8')) as SurgeReport;
}, RUN_TIMEOUT_MS);

afterAll(() => {
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

function runSurge(args: string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SURGE, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, FORCE_COLOR: '0' },
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0) resolve(stdout.trim().split('\n'));
      else reject(new Error(`surge exited with ${code}:\n${output}`));
    });
  });
}

describe('npm run surge -- --preset demo', () => {
  it('sells every seat of both shows exactly once', () => {
    expect(summary.seatsTotal).toBe(report.shows.reduce((sum, show) => sum + show.seatsTotal, 0));
    expect(summary.seatsSold).toBe(summary.seatsTotal);
    expect(summary.sellOutSeconds).not.toBeNull();
    for (const show of report.shows) {
      expect(show.soldPostgres, show.showId).toBe(show.seatsTotal);
      expect(show.soldRedis, show.showId).toBe(show.seatsTotal);
      expect(show.sellOutSeconds, show.showId).not.toBeNull();
      expect(show.soldOverTime.at(-1)?.[1], show.showId).toBe(show.seatsTotal);
    }
    expect(summary.ordersPaid).toBeGreaterThan(0);
  });

  it('finds nothing oversold or double-sold in PostgreSQL or in Redis, and every paid order has its tickets', () => {
    expect(summary.oversold).toBe(0);
    expect(summary.doubleSold).toBe(0);
    expect(report.integrity.postgres).toEqual({
      doubleSold: 0,
      oversold: 0,
      paidOrdersWithoutTickets: 0,
      ticketsWithoutPayment: 0,
      accountsOverLimit: 0,
    });
    expect(report.integrity.redis).toEqual({
      doubleSold: 0,
      oversold: 0,
      countersWrong: 0,
      accountsOverLimit: 0,
    });
  });

  it('reconciles PostgreSQL and Redis seat by seat', () => {
    expect(report.integrity.reconciliation).toEqual({
      seatsCompared: summary.seatsTotal,
      soldInPostgresNotRedis: 0,
      soldInRedisNotPostgres: 0,
      differentOrder: 0,
    });
    expect(report.integrity.clean).toBe(true);
    expect(summary.reconciled).toBe(true);
  });

  it('drives the crowd through the public protocol, at least 1,000 fans through sign-up and sign-in', () => {
    expect(report.experience.signedUpThroughApi).toBeGreaterThanOrEqual(1_000);
    const steps = new Map(report.latency.map((row) => [row.step, row]));
    for (const step of [
      'signUp',
      'signIn',
      'connect',
      'join',
      'token',
      'snapshot',
      'hold',
      'checkout',
      'ticket',
    ] as const) {
      expect(steps.get(step)?.count ?? 0, step).toBeGreaterThan(0);
    }
    expect(steps.get('signIn')?.count).toBeGreaterThanOrEqual(1_000);
    expect(report.experience.gotTickets).toBeGreaterThan(0);
    expect(report.experience.missedOut).toBeGreaterThan(0);
    expect(report.experience.joinedWaitlist).toBeGreaterThan(0);
  });

  it('checks the line was fair, from the seed the sale revealed', () => {
    expect(report.fairness.seedCommitmentMatches).toBe(true);
    expect(report.fairness.placesChecked).toBeGreaterThan(0);
    expect(report.fairness.placesMismatched).toBe(0);
    expect(report.fairness.inversionsAfterT0).toBe(0);
    expect(report.fairness.chiSquare?.degreesOfFreedom).toBe(81);
  });

  it('writes the JSON and the HTML reports with the figures, and the summary line names them', () => {
    for (const key of [
      'fans',
      'seatsTotal',
      'seatsSold',
      'oversold',
      'doubleSold',
      'ordersPaid',
      'sellOutSeconds',
      'reportHtml',
    ] as const) {
      expect(summary, key).toHaveProperty(key);
    }
    expect(existsSync(summary.reportHtml)).toBe(true);
    expect(summary.reportHtml.startsWith(outDir)).toBe(true);
    const html = readFileSync(summary.reportHtml, 'utf8');
    const embedded = /<script type="application\/json" id="surge-report">([\s\S]*?)<\/script>/.exec(
      html,
    )?.[1];
    expect(JSON.parse(embedded ?? 'null')).toEqual(report);
    expect(report.summary).toEqual(summary);
    expect(report.resources.some((series) => series.role === 'worker' && series.t.length > 0)).toBe(true);
    expect(report.resources.some((series) => series.lagP99Ms.some((lag) => lag !== null))).toBe(true);
    expect(report.timeline.t.length).toBeGreaterThan(10);
    // The waiting room's own admission rate, from its public status: the demo sale's 60 a second or
    // less (Q17), after T0 only.
    const rates = report.timeline.admitRatePerSecond ?? [];
    expect(rates).toHaveLength(report.timeline.t.length);
    const announced = rates.filter((rate): rate is number => rate !== null);
    expect(announced.length).toBeGreaterThan(0);
    expect(announced.every((rate) => rate >= 1 && rate <= 60)).toBe(true);
    expect(rates.every((rate, i) => rate === null || report.timeline.t[i]! >= 0)).toBe(true);
  });
});
