import { fork, spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { GeneratorMessage, ParentMessage } from './generator-messages';

const START_TIMEOUT_MS = 90_000;
const STOP_GRACE_MS = 15_000;
/** Output kept for error messages: the tail is what explains a failure. */
const OUTPUT_TAIL_CHARS = 20_000;

const GENERATOR = fileURLToPath(new URL('./generator.ts', import.meta.url));

/**
 * Node flags of the processes the bench starts. With BENCH_PROFILE_DIR set, each one (cluster
 * workers inherit their primary's flags) writes a V8 CPU profile there when it exits; with
 * BENCH_PROFILE_ONLY=server or =generators, only those (profiling costs: profile what you study).
 */
function nodeFlags(role: 'server' | 'generators'): string[] {
  const profileDir = process.env.BENCH_PROFILE_DIR;
  const only = process.env.BENCH_PROFILE_ONLY;
  const profiled = profileDir && (only === undefined || only === role);
  return ['--import', 'tsx', ...(profiled ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])];
}

/** Every child still running, so that an interrupted run can stop them all. */
const running = new Set<ChildProcess>();

function track(child: ChildProcess): ChildProcess {
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

export function stopAllChildren(): Promise<void> {
  return Promise.all([...running].map((child) => stopChild(child))).then(() => undefined);
}

export interface RunningPrimary {
  url: string;
  process: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Stops a child: SIGTERM (workers drain), SIGKILL if it outlives the grace period. */
export function stopChild(child: ChildProcess, graceMs = STOP_GRACE_MS): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Spawns a node:cluster primary (`node --import tsx <script>`) and waits for the IPC message of
 * type `upMessage`, which carries the URL it serves.
 */
export async function startPrimary(
  script: string,
  env: Record<string, string>,
  upMessage: string,
): Promise<RunningPrimary> {
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-OUTPUT_TAIL_CHARS));
  const child = track(
    spawn(process.execPath, [...nodeFlags('server'), script], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    }),
  );
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${script} did not start:\n${output}`)),
      START_TIMEOUT_MS,
    );
    child.on('message', (message: { type?: string; url?: string }) => {
      if (message?.type !== upMessage || typeof message.url !== 'string') return;
      clearTimeout(timer);
      resolve(message.url);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code}:\n${output}`));
    });
  });
  return { url, process: child, output: () => output, stop: () => stopChild(child) };
}

export interface GeneratorProcess {
  process: ChildProcess;
  send(message: ParentMessage): void;
  /** The next message of this type (or a rejection if the generator fails or dies first). */
  next<T extends GeneratorMessage['type']>(type: T): Promise<Extract<GeneratorMessage, { type: T }>>;
}

/** Forks a TypeScript script with an IPC channel, stopped with the others on Ctrl-C. */
export function forkScript(script: string): ChildProcess {
  return track(
    fork(script, [], { execArgv: nodeFlags('generators'), stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
  );
}

export function forkGenerator(): GeneratorProcess {
  const child = forkScript(GENERATOR);
  return {
    process: child,
    send: (message) => child.send(message),
    next: (type) =>
      new Promise((resolve, reject) => {
        const onMessage = (message: GeneratorMessage) => {
          if (message.type === 'failed')
            return done(() => reject(new Error(`generator: ${message.message}`)));
          if (message.type === type)
            done(() => resolve(message as Extract<GeneratorMessage, { type: typeof type }>));
        };
        const onExit = (code: number | null) =>
          done(() => reject(new Error(`generator ${child.pid} exited with ${code}`)));
        const done = (settle: () => void) => {
          child.off('message', onMessage);
          child.off('exit', onExit);
          settle();
        };
        child.on('message', onMessage);
        child.once('exit', onExit);
      }),
  };
}
