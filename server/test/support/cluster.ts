import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Config } from '../../config/config';

const MAIN = fileURLToPath(new URL('../../main.ts', import.meta.url));
const START_TIMEOUT_MS = 60_000;

export interface RunningCluster {
  url: string;
  primary: ChildProcess;
  /** Output of the cluster, for failure messages. */
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

/**
 * Starts the real thing, `node --import tsx server/main.ts`, as a node:cluster primary with its
 * workers, on the test world's Redis prefix and database.
 */
export async function startCluster(
  config: Config,
  env: Record<string, string> = {},
): Promise<RunningCluster> {
  const port = await freePort();
  let output = '';
  const primary = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      DATABASE_URL: config.DATABASE_URL,
      REDIS_KEY_PREFIX: config.REDIS_KEY_PREFIX,
      SESSION_SECRET: config.SESSION_SECRET,
      TICKET_SECRET: config.TICKET_SECRET,
      SWEEP_INTERVAL_MS: String(config.SWEEP_INTERVAL_MS),
      DELTA_INTERVAL_MS: String(config.DELTA_INTERVAL_MS),
      LEADER_LOCK_TTL_MS: String(config.LEADER_LOCK_TTL_MS),
      OUTBOX_INTERVAL_MS: String(config.OUTBOX_INTERVAL_MS),
      SIMULATED_PAYMENT_LATENCY_MS: String(config.SIMULATED_PAYMENT_LATENCY_MS),
      WORKERS: '2',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  primary.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  primary.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`cluster did not start:\n${output}`)), START_TIMEOUT_MS);
    primary.on('message', (message: { type?: string }) => {
      if (message?.type === 'seatrush:up') {
        clearTimeout(timer);
        resolve();
      }
    });
    primary.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`cluster exited with ${code}:\n${output}`));
    });
  });

  return {
    url: `http://127.0.0.1:${port}`,
    primary,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (primary.exitCode !== null) return resolve();
        const kill = setTimeout(() => primary.kill('SIGKILL'), 20_000);
        primary.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        primary.kill('SIGTERM');
      }),
  };
}

/** The process id in a node id ("host:pid:random"). */
export function pidOfNode(nodeId: string): number {
  return Number(nodeId.split(':').at(-2));
}
