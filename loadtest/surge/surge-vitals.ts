import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';
import { readNodeVitals, type NodeVitals } from '../../server/observability/node-vitals';
import { CLOCK_TICKS_PER_SECOND, readProcess, readProcesses } from '../cpu-usage';
import type { ProcessSeries } from './surge-report-types';

/**
 * Samples, every second while the surge runs, the CPU and memory of every process involved (from
 * /proc: the surge only ever targets this machine), the event-loop delay each SeatRush process
 * reports in its vitals (server/observability/node-vitals.ts), Redis's CPU (INFO) and PostgreSQL's
 * (all its processes together).
 */

const SAMPLE_MS = 1_000;

interface Tracked {
  series: ProcessSeries;
  lastTicks?: number;
  lastAt?: number;
}

export class ResourceSampler {
  private readonly tracked = new Map<string, Tracked>();
  private timer: NodeJS.Timeout | undefined;
  private lastRedis: { seconds: number; at: number } | undefined;
  private lastPostgres: { ticks: number; at: number } | undefined;
  private sampling: Promise<void> | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly vitalsKey: string,
    private readonly t0: () => number,
    private readonly generators: () => { pid: number; lagP99Ms: number | null }[],
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.sampling ??= this.sample()
        .catch(() => undefined)
        .finally(() => (this.sampling = undefined));
    }, SAMPLE_MS);
  }

  async stop(): Promise<ProcessSeries[]> {
    clearInterval(this.timer);
    await this.sampling;
    return [...this.tracked.values()].map((tracked) => tracked.series);
  }

  /** The server's processes as their vitals name them (for --url, where the surge did not start them). */
  async serverPids(): Promise<NodeVitals[]> {
    return readNodeVitals(this.redis, this.vitalsKey);
  }

  private async sample(): Promise<void> {
    const now = Date.now();
    const t = (now - this.t0()) / 1000;
    const vitals = await readNodeVitals(this.redis, this.vitalsKey, now);
    const workers = vitals.filter((v) => v.role !== 'primary').sort((a, b) => a.pid - b.pid);
    for (const v of vitals) {
      const name = v.role === 'primary' ? 'primary' : `${v.role} ${workers.indexOf(v) + 1}`;
      this.sampleProcess(v.pid, name, v.role, t, now, v.lagP99Ms);
    }
    for (const [i, { pid, lagP99Ms }] of this.generators().entries())
      this.sampleProcess(pid, `generator ${i + 1}`, 'generator', t, now, lagP99Ms);
    this.sampleProcess(process.pid, 'surge', 'surge', t, now, null);
    await this.sampleRedis(t, now);
    this.samplePostgres(t, now);
  }

  private sampleProcess(
    pid: number,
    name: string,
    role: ProcessSeries['role'],
    t: number,
    now: number,
    lag: number | null,
  ): void {
    const times = readProcess(pid);
    if (!times) return;
    const key = `${role}:${pid}`;
    let tracked = this.tracked.get(key);
    if (!tracked) {
      tracked = { series: { name, role, pid, t: [], cpuPercent: [], rssMiB: [], lagP99Ms: [] } };
      this.tracked.set(key, tracked);
    }
    if (tracked.lastTicks !== undefined && tracked.lastAt !== undefined) {
      const seconds = (now - tracked.lastAt) / 1000;
      const cpu = ((times.ticks - tracked.lastTicks) / CLOCK_TICKS_PER_SECOND / seconds) * 100;
      push(tracked.series, t, cpu, rssMiB(pid), lag);
    }
    tracked.lastTicks = times.ticks;
    tracked.lastAt = now;
  }

  private async sampleRedis(t: number, now: number): Promise<void> {
    const info = await this.redis.info('cpu');
    const field = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? 0);
    const seconds = field('used_cpu_sys') + field('used_cpu_user');
    const memory = Number(/^used_memory_rss:(\d+)/m.exec(await this.redis.info('memory'))?.[1] ?? 0);
    if (this.lastRedis) {
      const cpu = ((seconds - this.lastRedis.seconds) / ((now - this.lastRedis.at) / 1000)) * 100;
      push(this.seriesOf('redis', 'redis'), t, cpu, memory / 2 ** 20, null);
    }
    this.lastRedis = { seconds, at: now };
  }

  /** PostgreSQL is many processes (a backend per connection): summed. */
  private samplePostgres(t: number, now: number): void {
    let ticks = 0;
    let rssKb = 0;
    for (const [pid, times] of readProcesses()) {
      if (times.command !== 'postgres') continue;
      ticks += times.ticks;
      rssKb += rssMiB(pid) ?? 0;
    }
    if (this.lastPostgres) {
      const cpu =
        ((ticks - this.lastPostgres.ticks) / CLOCK_TICKS_PER_SECOND / ((now - this.lastPostgres.at) / 1000)) *
        100;
      push(this.seriesOf('postgres', 'postgres'), t, Math.max(0, cpu), rssKb, null);
    }
    this.lastPostgres = { ticks, at: now };
  }

  private seriesOf(name: string, role: ProcessSeries['role']): ProcessSeries {
    let tracked = this.tracked.get(role);
    if (!tracked) {
      tracked = { series: { name, role, t: [], cpuPercent: [], rssMiB: [], lagP99Ms: [] } };
      this.tracked.set(role, tracked);
    }
    return tracked.series;
  }
}

function push(series: ProcessSeries, t: number, cpu: number, rss: number | null, lag: number | null): void {
  series.t.push(round(t, 1));
  series.cpuPercent.push(round(cpu, 1));
  series.rssMiB.push(rss === null ? null : round(rss, 1));
  series.lagP99Ms.push(lag === null ? null : round(lag, 1));
}

function rssMiB(pid: number): number | null {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;
