import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { forkScript, stopChild } from '../processes';
import {
  TICKED_STEPS,
  type GeneratorCounters,
  type GeneratorResults,
  type TickLatency,
} from './fans/fan-metrics';
import type { GeneratorPlan, SurgeGeneratorMessage, SurgeParentMessage } from './surge-messages';

/** The surge's generator processes, seen from the parent: plans out, counters and results back. */

const GENERATOR = fileURLToPath(new URL('./surge-generator.ts', import.meta.url));

export class GeneratorProcess {
  readonly child: ChildProcess;
  latest: GeneratorCounters | undefined;
  /** The generator's event-loop delay p99 over its last tick, ms. */
  lagP99Ms: number | null = null;
  /** Ticked latencies not yet taken by the parent. */
  private latencies: TickLatency[] = [];
  private readonly waiters = new Map<string, (message: SurgeGeneratorMessage) => void>();
  private failure: Error | undefined;

  constructor() {
    this.child = forkScript(GENERATOR);
    this.child.on('message', (message: SurgeGeneratorMessage) => this.onMessage(message));
    this.child.once('exit', (code) => {
      this.failure ??= new Error(`generator ${this.child.pid} exited with ${code}`);
      for (const wake of this.waiters.values()) wake({ type: 'failed', message: this.failure.message });
    });
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  send(message: SurgeParentMessage): void {
    if (this.child.connected) this.child.send(message);
  }

  /** The next message of a type (a failure of the generator rejects). */
  next<T extends SurgeGeneratorMessage['type']>(
    type: T,
  ): Promise<Extract<SurgeGeneratorMessage, { type: T }>> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiters.set(type, (message) => {
        this.waiters.delete(type);
        if (message.type === 'failed') reject(new Error(`generator ${this.pid}: ${message.message}`));
        else resolve(message as Extract<SurgeGeneratorMessage, { type: T }>);
      });
    });
  }

  stop(): Promise<void> {
    return stopChild(this.child, 5_000);
  }

  takeLatencies(): TickLatency[] {
    return this.latencies.splice(0);
  }

  private onMessage(message: SurgeGeneratorMessage): void {
    if (message.type === 'tick') {
      this.latest = message.counters;
      this.lagP99Ms = message.lagP99Ms;
      this.latencies.push(message.latency);
    }
    if (message.type === 'failed') {
      this.failure = new Error(`generator ${this.pid}: ${message.message}`);
      for (const wake of this.waiters.values()) wake(message);
      return;
    }
    this.waiters.get(message.type)?.(message);
  }
}

export async function startGenerators(plans: GeneratorPlan[]): Promise<GeneratorProcess[]> {
  const generators = plans.map(() => new GeneratorProcess());
  await Promise.all(
    generators.map((generator, i) => {
      const ready = generator.next('ready');
      generator.send({ type: 'plan', plan: plans[i] as GeneratorPlan });
      return ready;
    }),
  );
  return generators;
}

export async function collectResults(generators: GeneratorProcess[]): Promise<GeneratorResults[]> {
  return Promise.all(
    generators.map((generator) => {
      const results = generator.next('results');
      generator.send({ type: 'stop' });
      return results.then((message) => message.results);
    }),
  );
}

/** Every generator's latest counters, added up. */
export function totalCounters(generators: GeneratorProcess[]): GeneratorCounters {
  const total: GeneratorCounters = {
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
  for (const counters of generators.map((generator) => generator.latest)) {
    if (!counters) continue;
    for (const key of [
      'connected',
      'inQueue',
      'admitted',
      'shopping',
      'ordersPaid',
      'errors',
      'finished',
      'connectAttempts',
      'connectFailures',
      'connectsShed',
      'dropped',
      'reconnected',
      'deltasApplied',
      'mapGaps',
    ] as const) {
      total[key] += counters[key];
    }
    addInto(total.soldByShow, counters.soldByShow);
    addInto(total.errorsByCode, counters.errorsByCode);
    total.firstConnectedAt = minOf(total.firstConnectedAt, counters.firstConnectedAt);
    total.lastConnectedAt = maxOf(total.lastConnectedAt, counters.lastConnectedAt);
  }
  return total;
}

/**
 * The worst p99 any generator saw since the last call, per ticked step (null without samples):
 * the fans' latency second by second, for the chart.
 */
export function worstTickLatency(
  generators: GeneratorProcess[],
): Record<(typeof TICKED_STEPS)[number], number | null> {
  const worst = { hold: null, checkout: null } as Record<(typeof TICKED_STEPS)[number], number | null>;
  for (const latency of generators.flatMap((generator) => generator.takeLatencies())) {
    for (const step of TICKED_STEPS) {
      const p99 = latency[step].p99Ms;
      if (p99 !== null) worst[step] = Math.max(worst[step] ?? 0, p99);
    }
  }
  return worst;
}

function addInto(into: Record<string, number>, from: Record<string, number>): void {
  for (const [key, value] of Object.entries(from)) into[key] = (into[key] ?? 0) + value;
}

const minOf = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));
const maxOf = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));
