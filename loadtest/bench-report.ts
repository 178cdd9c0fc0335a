import { cpus, totalmem } from 'node:os';
import type { PhaseResult } from './bench-phase';
import { OTHER_PROCESSES } from './cpu-usage';

/** Targets of the hold path on this 2-core machine (docs/architecture.md, "Numbers we hold ourselves to"). */
export const TARGETS = { holdsPerS: 10_000, p99Ms: 50, ratioOfEcho: 0.5 };
/** CPU of processes outside the bench (percent of one core) above which a phase's figures are suspect. */
const OTHER_LOAD_WARNING_PERCENT = 15;

export interface MachineInfo {
  cores: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  redis: string;
  postgres: string;
  /** Busy time of all cores just before the run, percent of one core: other work on the machine. */
  busyBeforePercent?: number;
}

export function machineInfo(versions: { redis: string; postgres: string }): MachineInfo {
  const processors = cpus();
  return {
    cores: processors.length,
    cpuModel: processors[0]?.model ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    ...versions,
  };
}

export function formatMachine(machine: MachineInfo): string {
  return [
    `machine: ${machine.cores} cores, ${machine.cpuModel}, ${machine.memoryGiB} GiB`,
    `software: Node ${machine.node}, Redis ${machine.redis}, PostgreSQL ${machine.postgres}`,
    `background load before the run: ${(machine.busyBeforePercent ?? 0).toFixed(0)}% of one core`,
  ].join('\n');
}

const integer = (value: number) => Math.round(value).toLocaleString('en-US');
const ms = (value: number) => (value < 10 ? value.toFixed(2) : value.toFixed(1));

function errorText(errors: Record<string, number>): string {
  const entries = Object.entries(errors);
  if (entries.length === 0) return '0';
  return entries.map(([code, count]) => `${code}: ${count}`).join(', ');
}

/** Rows as aligned columns: the first left-aligned, the others right-aligned; a rule under the header. */
export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (row: string[]) =>
    row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)));
  const [header, ...body] = rows;
  return [
    line(header!).join('  '),
    widths.map((width) => '-'.repeat(width)).join('  '),
    ...body.map((row) => line(row).join('  ')),
  ].join('\n');
}

const PHASE_LABEL = { hold: 'hold+release', echo: 'bare echo' } as const;

export function formatResults(results: PhaseResult[]): string {
  const header = ['phase', 'clients', 'generators', 'workers', 'round trips/s', 'holds/s'];
  const rows = results.map((result) => [
    PHASE_LABEL[result.phase],
    String(result.clients),
    String(result.generators),
    String(result.workers),
    integer(result.roundTripsPerS),
    result.phase === 'hold' ? integer(result.holdsPerS) : '-',
    ms(result.latencyMs.p50),
    ms(result.latencyMs.p95),
    ms(result.latencyMs.p99),
    errorText(result.errors),
  ]);
  return table([[...header, 'p50 ms', 'p95 ms', 'p99 ms', 'errors'], ...rows]);
}

export function ratioOf(results: PhaseResult[]): number | undefined {
  const hold = results.find((result) => result.phase === 'hold');
  const echo = results.find((result) => result.phase === 'echo');
  if (!hold || !echo || echo.roundTripsPerS === 0) return undefined;
  return hold.roundTripsPerS / echo.roundTripsPerS;
}

export function formatRatio(results: PhaseResult[]): string {
  const ratio = ratioOf(results);
  if (ratio === undefined) return 'ratio: needs both phases';
  const hold = results.find((result) => result.phase === 'hold')!;
  const echo = results.find((result) => result.phase === 'echo')!;
  return (
    `ratio: hold+release round trips / bare echo round trips = ${integer(hold.roundTripsPerS)} / ` +
    `${integer(echo.roundTripsPerS)} = ${(ratio * 100).toFixed(1)}%`
  );
}

export function formatTargets(results: PhaseResult[]): string {
  const hold = results.find((result) => result.phase === 'hold');
  if (!hold) return '';
  const ratio = ratioOf(results);
  const verdict = (met: boolean) => (met ? 'met' : 'NOT met');
  const lines = [
    `targets: holds/s >= ${integer(TARGETS.holdsPerS)}: ${integer(hold.holdsPerS)} ` +
      `${verdict(hold.holdsPerS >= TARGETS.holdsPerS)}`,
    `         p99 < ${TARGETS.p99Ms} ms: ${ms(hold.latencyMs.p99)} ms ${verdict(hold.latencyMs.p99 < TARGETS.p99Ms)}`,
  ];
  if (ratio !== undefined) {
    lines.push(
      `         >= ${TARGETS.ratioOfEcho * 100}% of bare echo: ${(ratio * 100).toFixed(1)}% ` +
        `${verdict(ratio >= TARGETS.ratioOfEcho)}`,
    );
  }
  return lines.join('\n');
}

/** Where the time went in one phase: ramp, latency split, CPU by process. */
export function formatDetails(result: PhaseResult): string {
  const { connect, cpu } = result;
  const lines = [
    `${PHASE_LABEL[result.phase]}: measured ${result.measuredS.toFixed(1)} s; ` +
      `ramp ${result.clients} connections in ${connect.seconds.toFixed(1)} s ` +
      `(failed attempts, retried: ${errorText(connect.errors)}), server primary CPU during ramp ${connect.primaryCpuMs.toFixed(0)} ms; ` +
      `clients per worker ${result.clientsPerWorker.join(' / ')}`,
  ];
  if (result.phase === 'hold') {
    const hold = result.holdLatencyMs;
    lines.push(
      `  hold acks only: p50 ${ms(hold.p50)} / p95 ${ms(hold.p95)} / p99 ${ms(hold.p99)} / max ${ms(hold.max)} ms`,
    );
  }
  lines.push(
    `  all round trips: mean ${ms(result.latencyMs.mean)} ms, max ${ms(result.latencyMs.max)} ms; ` +
      `generator event-loop utilisation ${result.generatorEventLoopUtilisation
        .map((elu) => `${(elu * 100).toFixed(0)}%`)
        .join(', ')}`,
  );
  if (cpu.cores > 0) {
    const shares = cpu.shares.map((share) => `${share.name} ${share.percent.toFixed(0)}%`).join(', ');
    lines.push(
      `  CPU (% of one core): ${shares}; machine busy ${cpu.machinePercent.toFixed(0)}% of ${cpu.cores * 100}%`,
    );
    const commands = cpu.redisCommands.map(
      (use) => `${use.command} ${integer(use.callsPerS)}/s x ${use.usecPerCall.toFixed(1)} µs`,
    );
    if (commands.length > 0) lines.push(`  Redis busiest commands: ${commands.join(', ')}`);
    const other = cpu.shares.find((share) => share.name === OTHER_PROCESSES)?.percent ?? 0;
    if (other > OTHER_LOAD_WARNING_PERCENT) {
      lines.push(
        `  warning: other processes took ${other.toFixed(0)}% of a core during this phase: figures are low`,
      );
    }
  }
  return lines.join('\n');
}
