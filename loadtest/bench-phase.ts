import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import type { BenchOptions, PhaseName } from './bench-options';
import { nodeChildPids, cpuReport, roles, sampleCpu, type CpuReport, type ProcessRole } from './cpu-usage';
import type { ClientPlan, GeneratorPlan } from './generator-messages';
import { LatencyHistogram } from './latency-histogram';
import { forkGenerator, type GeneratorProcess } from './processes';

/** What one phase runs against. */
export interface PhaseTarget {
  phase: PhaseName;
  url: string;
  /** The server's cluster primary, whose workers are its children. */
  primaryPid: number;
  showId: string;
  seatCount: number;
  /** One session token per client (hold phase). */
  tokens?: string[];
}

export interface LatencySummary {
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  max: number;
}

export interface PhaseResult {
  phase: PhaseName;
  clients: number;
  generators: number;
  workers: number;
  measuredS: number;
  roundTripsPerS: number;
  holdsPerS: number;
  latencyMs: LatencySummary;
  holdLatencyMs: LatencySummary;
  errors: Record<string, number>;
  /** Clients each worker served, in worker order. */
  clientsPerWorker: number[];
  /** The ramp: how long it took, failed attempts (retried) by message, the primary's CPU meanwhile. */
  connect: { seconds: number; errors: Record<string, number>; primaryCpuMs: number };
  generatorEventLoopUtilisation: number[];
  cpu: CpuReport;
}

function summarise(histogram: LatencyHistogram): LatencySummary {
  return {
    p50: histogram.percentileMs(50),
    p95: histogram.percentileMs(95),
    p99: histogram.percentileMs(99),
    mean: histogram.meanMs,
    max: histogram.maxMs,
  };
}

/** Splits the clients over the generators; each client gets its own range of seats. */
function plans(target: PhaseTarget, options: BenchOptions): GeneratorPlan[] {
  const seatsPerClient = Math.floor(target.seatCount / options.clients);
  if (seatsPerClient < options.seatsPerHold) {
    throw new Error(
      `${options.clients} clients x ${options.seatsPerHold} seats exceed ${target.seatCount} seats`,
    );
  }
  const clients: ClientPlan[] = Array.from({ length: options.clients }, (_, i) => ({
    firstSeat: i * seatsPerClient,
    seatCount: seatsPerClient,
    ...(target.tokens && { token: target.tokens[i] }),
  }));
  return Array.from({ length: options.generators }, (_, g) => ({
    phase: target.phase,
    url: target.url,
    showId: target.showId,
    seatsPerHold: options.seatsPerHold,
    connectPerSecond: options.connectPerSecond / options.generators,
    clients: clients.filter((_, i) => i % options.generators === g),
  }));
}

function mergeErrors(counts: Record<string, number>[]): Record<string, number> {
  const merged: Record<string, number> = {};
  for (const errors of counts) {
    for (const [code, count] of Object.entries(errors)) merged[code] = (merged[code] ?? 0) + count;
  }
  return merged;
}

/** Opens every generator's clients; returns the ramp's figures, with the primary's CPU meanwhile. */
async function connectAll(
  generators: GeneratorProcess[],
  generatorPlans: GeneratorPlan[],
  target: PhaseTarget,
  redis: Redis,
): Promise<PhaseResult['connect']> {
  const before = await sampleCpu(redis);
  const connected = generators.map((generator) => generator.next('connected'));
  generators.forEach((generator, i) => generator.send({ type: 'plan', plan: generatorPlans[i]! }));
  const ramps = await Promise.all(connected);
  const after = await sampleCpu(redis);
  const [primary] = cpuReport(before, after, [roles.pid('primary', target.primaryPid)]).shares;
  return {
    seconds: Math.max(...ramps.map((ramp) => ramp.seconds)),
    errors: mergeErrors(ramps.map((ramp) => ramp.errors)),
    primaryCpuMs: ((primary?.percent ?? 0) / 100) * (after.atMs - before.atMs),
  };
}

function processRoles(target: PhaseTarget, workerPids: number[], generatorPids: number[]): ProcessRole[] {
  return [
    roles.pid('server primary', target.primaryPid),
    ...workerPids.map((pid, i) => roles.pid(`server worker ${i + 1}`, pid)),
    ...generatorPids.map((pid, i) => roles.pid(`generator ${i + 1}`, pid)),
    roles.command('postgres (all)', 'postgres'),
    roles.pid('bench parent', process.pid),
  ];
}

/**
 * One phase: fork the generators, ramp the connections, run the closed loops through the warm-up,
 * then measure for the set duration while sampling every process's CPU.
 */
export async function runPhase(
  target: PhaseTarget,
  options: BenchOptions,
  redis: Redis,
): Promise<PhaseResult> {
  const generatorPlans = plans(target, options);
  const generators = generatorPlans.map(() => forkGenerator());
  const exited = generators.map(
    (generator) => new Promise<void>((resolve) => generator.process.once('exit', () => resolve())),
  );
  const connect = await connectAll(generators, generatorPlans, target, redis);

  generators.forEach((generator) => generator.send({ type: 'start' }));
  await sleep(options.warmupS * 1000);
  const before = await sampleCpu(redis);
  generators.forEach((generator) => generator.send({ type: 'measure' }));
  await sleep(options.durationS * 1000);
  // Sampled before the generators are told to finish: they exit right after reporting.
  const after = await sampleCpu(redis);
  const reported = generators.map((generator) => generator.next('result'));
  generators.forEach((generator) => generator.send({ type: 'finish' }));
  const results = (await Promise.all(reported)).map((message) => message.result);
  await Promise.all(exited);

  const workerPids = nodeChildPids(after, target.primaryPid);
  const generatorPids = generators.map((generator) => generator.process.pid ?? -1);
  const latency = LatencyHistogram.merge(results.map((result) => result.latency));
  const holdLatency = LatencyHistogram.merge(results.map((result) => result.holdLatency));
  return {
    phase: target.phase,
    clients: options.clients,
    generators: options.generators,
    workers: workerPids.length,
    measuredS: Math.max(...results.map((result) => result.elapsedS)),
    roundTripsPerS: results.reduce((sum, result) => sum + result.roundTrips / result.elapsedS, 0),
    holdsPerS: results.reduce((sum, result) => sum + result.holds / result.elapsedS, 0),
    latencyMs: summarise(latency),
    holdLatencyMs: summarise(holdLatency),
    errors: mergeErrors(results.map((result) => result.errors)),
    clientsPerWorker: workerPids.map((pid) =>
      results.reduce((sum, result) => sum + (result.clientsPerServerPid[pid] ?? 0), 0),
    ),
    connect,
    generatorEventLoopUtilisation: results.map((result) => result.eventLoopUtilisation),
    cpu: cpuReport(before, after, processRoles(target, workerPids, generatorPids)),
  };
}
