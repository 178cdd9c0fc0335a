import cliProgress from 'cli-progress';
import type { GeneratorCounters } from './fans/fan-metrics';

/**
 * Live progress while the surge runs: on a terminal, bars (cli-progress) for fans connected, in the
 * queue, admitted and shopping, seats sold per show and orders paid, with the commonest errors; when
 * the output is not a terminal (CI), one calm line every few seconds. Everything goes to stderr:
 * stdout's last line is the summary JSON.
 */

export interface ProgressTotals {
  fans: number;
  shows: { id: string; name: string; seats: number }[];
}

export interface ProgressView {
  update(counters: GeneratorCounters, secondsFromT0: number, phase: string): void;
  log(line: string): void;
  stop(): void;
}

const CALM_INTERVAL_MS = 5_000;
const ERRORS_SHOWN = 3;

export function createProgress(totals: ProgressTotals, quiet: boolean): ProgressView {
  return process.stderr.isTTY && !quiet ? new BarsProgress(totals) : new CalmProgress(totals);
}

function topErrors(counters: GeneratorCounters): string {
  const top = Object.entries(counters.errorsByCode)
    .sort((a, b) => b[1] - a[1])
    .slice(0, ERRORS_SHOWN)
    .map(([code, n]) => `${code} ${n.toLocaleString('en')}`);
  return top.length > 0 ? top.join(', ') : 'none';
}

const clock = (seconds: number) => `T0${seconds < 0 ? '-' : '+'}${Math.abs(Math.round(seconds))}s`;

class BarsProgress implements ProgressView {
  private readonly bars: cliProgress.MultiBar;
  private readonly fans: cliProgress.SingleBar;
  private readonly queue: cliProgress.SingleBar;
  private readonly shows: Map<string, cliProgress.SingleBar>;
  private readonly orders: cliProgress.SingleBar;

  constructor(totals: ProgressTotals) {
    this.bars = new cliProgress.MultiBar(
      {
        stream: process.stderr,
        format: ' {label} |{bar}| {value}/{total} {detail}',
        barsize: 30,
        hideCursor: true,
        clearOnComplete: false,
        autopadding: true,
        fps: 4,
      },
      cliProgress.Presets.shades_classic,
    );
    const seats = totals.shows.reduce((sum, show) => sum + show.seats, 0);
    this.fans = this.bars.create(totals.fans, 0, { label: 'connected   ', detail: '' });
    this.queue = this.bars.create(totals.fans, 0, { label: 'admitted    ', detail: '' });
    this.shows = new Map(
      totals.shows.map((show) => [
        show.id,
        this.bars.create(show.seats, 0, { label: `sold ${show.name.padEnd(7)}`, detail: '' }),
      ]),
    );
    this.orders = this.bars.create(Math.max(1, Math.ceil(seats / 2)), 0, {
      label: 'orders paid ',
      detail: '',
    });
  }

  update(counters: GeneratorCounters, secondsFromT0: number, phase: string): void {
    this.fans.update(counters.connected, { detail: `${clock(secondsFromT0)} ${phase}` });
    this.queue.update(counters.admitted, {
      detail: `in queue ${counters.inQueue.toLocaleString('en')}, shopping ${counters.shopping.toLocaleString('en')}`,
    });
    for (const [showId, bar] of this.shows) bar.update(counters.soldByShow[showId] ?? 0, { detail: '' });
    this.orders.update(counters.ordersPaid, { detail: `errors: ${topErrors(counters)}` });
  }

  log(line: string): void {
    this.bars.log(`${line}\n`);
  }

  stop(): void {
    this.bars.stop();
  }
}

class CalmProgress implements ProgressView {
  private lastAt = 0;

  constructor(private readonly totals: ProgressTotals) {}

  update(counters: GeneratorCounters, secondsFromT0: number, phase: string): void {
    if (Date.now() - this.lastAt < CALM_INTERVAL_MS) return;
    this.lastAt = Date.now();
    const sold = this.totals.shows
      .map(
        (show) =>
          `${show.name} ${(counters.soldByShow[show.id] ?? 0).toLocaleString('en')}/${show.seats.toLocaleString('en')}`,
      )
      .join(', ');
    const n = (value: number) => value.toLocaleString('en');
    this.log(
      `${clock(secondsFromT0)} ${phase}: connected ${n(counters.connected)}, in queue ${n(counters.inQueue)}, admitted ${n(counters.admitted)}, shopping ${n(counters.shopping)}; sold ${sold}; orders ${n(counters.ordersPaid)}; errors ${topErrors(counters)}`,
    );
  }

  log(line: string): void {
    console.error(`[surge] ${line}`);
  }

  stop(): void {}
}
