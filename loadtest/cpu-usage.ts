import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Redis } from 'ioredis';

/**
 * CPU time of every process on the machine (from /proc), of Redis (INFO cpu) and of the machine as
 * a whole, sampled before and after a measured period: it shows which process uses the cores.
 * Linux only; elsewhere the samples are empty and the report says so.
 */
export interface ProcessTimes {
  ppid: number;
  command: string;
  /** user + system, clock ticks */
  ticks: number;
}

export interface CpuSample {
  atMs: number;
  processes: Map<number, ProcessTimes>;
  machineBusyTicks: number;
  /** Interrupt and softirq time (loopback TCP is processed there), counted in no process. */
  machineInterruptTicks: number;
  machineTotalTicks: number;
  redisSeconds: number;
  /** INFO commandstats: command -> calls and microseconds, since Redis started. */
  redisCommands: Map<string, { calls: number; usec: number }>;
}

export interface CpuShare {
  name: string;
  /** Percent of one core over the period (200% = both cores of this machine). */
  percent: number;
}

/** A Redis command's calls and time over the period (a script's time includes its commands'). */
export interface RedisCommandUse {
  command: string;
  callsPerS: number;
  usecPerCall: number;
}

export interface CpuReport {
  shares: CpuShare[];
  /** The commands that took most of Redis's time, busiest first. */
  redisCommands: RedisCommandUse[];
  /** Busy time of all cores, as percent of one core. */
  machinePercent: number;
  cores: number;
}

export const CLOCK_TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

export function readProcess(pid: number): ProcessTimes | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command sits in parentheses and may itself contain spaces or parentheses.
    const open = stat.indexOf('(');
    const close = stat.lastIndexOf(')');
    const fields = stat.slice(close + 2).split(' ');
    return {
      ppid: Number(fields[1]),
      command: stat.slice(open + 1, close),
      ticks: Number(fields[11]) + Number(fields[12]),
    };
  } catch {
    return undefined; // gone since the directory was listed
  }
}

export function readProcesses(): Map<number, ProcessTimes> {
  const processes = new Map<number, ProcessTimes>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return processes;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const times = readProcess(Number(entry));
    if (times) processes.set(Number(entry), times);
  }
  return processes;
}

function readMachine(): { busy: number; interrupts: number; total: number } {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const [, ...values] = line.trim().split(/\s+/);
    const ticks = values.slice(0, 8).map(Number);
    const total = ticks.reduce((sum, value) => sum + value, 0);
    // user nice system idle iowait irq softirq steal
    const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
    return { busy: total - idle, interrupts: (ticks[5] ?? 0) + (ticks[6] ?? 0), total };
  } catch {
    return { busy: 0, interrupts: 0, total: 0 };
  }
}

async function readRedis(redis: Redis): Promise<Pick<CpuSample, 'redisSeconds' | 'redisCommands'>> {
  const [cpu, commandStats] = await Promise.all([redis.info('cpu'), redis.info('commandstats')]);
  const field = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(cpu)?.[1] ?? 0);
  const redisCommands = new Map<string, { calls: number; usec: number }>();
  for (const match of commandStats.matchAll(/^cmdstat_(\S+?):calls=(\d+),usec=(\d+)/gm)) {
    redisCommands.set(match[1]!, { calls: Number(match[2]), usec: Number(match[3]) });
  }
  return { redisSeconds: field('used_cpu_sys') + field('used_cpu_user'), redisCommands };
}

export async function sampleCpu(redis: Redis): Promise<CpuSample> {
  const redisUse = await readRedis(redis);
  const machine = readMachine();
  return {
    atMs: performance.now(),
    processes: readProcesses(),
    machineBusyTicks: machine.busy,
    machineInterruptTicks: machine.interrupts,
    machineTotalTicks: machine.total,
    ...redisUse,
  };
}

export const OTHER_PROCESSES = 'everything else';

/** A named set of processes, picked from the processes alive at the end of the period. */
export interface ProcessRole {
  name: string;
  matches(pid: number, times: ProcessTimes): boolean;
}

export const roles = {
  pid: (name: string, pid: number): ProcessRole => ({ name, matches: (candidate) => candidate === pid }),
  childrenOf: (name: string, ppid: number): ProcessRole => ({
    name,
    matches: (_pid, times) => times.ppid === ppid,
  }),
  command: (name: string, command: string): ProcessRole => ({
    name,
    matches: (_pid, times) => times.command === command,
  }),
};

/**
 * Node processes whose parent is `ppid` in a sample: a cluster primary's workers (tsx also gives
 * each process an esbuild child, which is left out).
 */
export function nodeChildPids(sample: CpuSample, ppid: number): number[] {
  const node = basename(process.execPath).slice(0, 15); // the kernel keeps 15 characters
  return [...sample.processes]
    .filter(([, times]) => times.ppid === ppid && times.command === node)
    .map(([pid]) => pid);
}

function processShares(before: CpuSample, after: CpuSample, processRoles: ProcessRole[], seconds: number) {
  return processRoles.map((role) => {
    let ticks = 0;
    for (const [pid, times] of after.processes) {
      if (role.matches(pid, times)) ticks += times.ticks - (before.processes.get(pid)?.ticks ?? times.ticks);
    }
    return { name: role.name, percent: seconds > 0 ? (ticks / CLOCK_TICKS_PER_SECOND / seconds) * 100 : 0 };
  });
}

export function cpuReport(before: CpuSample, after: CpuSample, processRoles: ProcessRole[]): CpuReport {
  const seconds = (after.atMs - before.atMs) / 1000;
  const shares = processShares(before, after, processRoles, seconds);
  const redisPercent = seconds > 0 ? ((after.redisSeconds - before.redisSeconds) / seconds) * 100 : 0;
  shares.push({ name: 'redis-server', percent: redisPercent });

  const cores = before.processes.size > 0 ? countCores() : 0;
  const totalTicks = after.machineTotalTicks - before.machineTotalTicks;
  const ofMachine = (ticks: number) => (totalTicks > 0 ? (ticks / totalTicks) * 100 * cores : 0);
  const machinePercent = ofMachine(after.machineBusyTicks - before.machineBusyTicks);
  shares.push({
    name: 'kernel irq+softirq',
    percent: ofMachine(after.machineInterruptTicks - before.machineInterruptTicks),
  });
  const accounted = shares.reduce((sum, share) => sum + share.percent, 0);
  // Processes outside the bench (other people's work on a shared machine) and steal time.
  shares.push({ name: OTHER_PROCESSES, percent: Math.max(0, machinePercent - accounted) });
  return { shares, redisCommands: redisCommandUse(before, after, seconds), machinePercent, cores };
}

const REDIS_COMMANDS_SHOWN = 4;

function redisCommandUse(before: CpuSample, after: CpuSample, seconds: number): RedisCommandUse[] {
  if (seconds <= 0) return [];
  return (
    [...after.redisCommands]
      .map(([command, { calls, usec }]) => {
        const earlier = before.redisCommands.get(command) ?? { calls: 0, usec: 0 };
        return { command, calls: calls - earlier.calls, usec: usec - earlier.usec };
      })
      // At least one call a second: leaves out the bench's own INFO sampling.
      .filter((use) => use.calls >= seconds)
      .sort((a, b) => b.usec - a.usec)
      .slice(0, REDIS_COMMANDS_SHOWN)
      .map((use) => ({
        command: use.command,
        callsPerS: use.calls / seconds,
        usecPerCall: use.usec / use.calls,
      }))
  );
}

function countCores(): number {
  try {
    return readFileSync('/proc/stat', 'utf8')
      .split('\n')
      .filter((line) => /^cpu\d+ /.test(line)).length;
  } catch {
    return 0;
  }
}

/** How busy the machine is with nothing of the bench running, as percent of one core. */
export async function backgroundLoad(redis: Redis, periodMs = 2_000): Promise<number> {
  const before = await sampleCpu(redis);
  await new Promise((resolve) => setTimeout(resolve, periodMs));
  return cpuReport(before, await sampleCpu(redis), []).machinePercent;
}
