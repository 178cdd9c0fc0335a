import cluster, { type Worker } from 'node:cluster';
import type { Config } from '../config/config';
import type { Server as NetServer } from 'node:net';
import { hostname } from 'node:os';
import type { Logger } from '../observability/logger';
import { removeVitalsOf, startNodeVitals } from '../observability/node-vitals';
import { createRedis } from '../redis/connection';
import { RedisKeys } from '../redis/keys';
import { PRIMARY_MESSAGE, WORKER_MESSAGE, type WorkerMessage } from './messages';
import { SessionRouter } from './session-router';

/** A worker that dies sooner than this after starting counts towards a crash loop. */
const EARLY_DEATH_MS = 10_000;
const MAX_RESTART_DELAY_MS = 10_000;
/**
 * A larger young generation for workers: tens of thousands of sockets allocate fast, and with V8's
 * default 16 MB semi-spaces the scavenger ran so often that join and status answers took 10-20%
 * more CPU (npm run bench:queue). Costs at most ~100 MB more per worker.
 */
const WORKER_SEMI_SPACE_MB = 64;

/**
 * The cluster primary: forks the workers, which accept connections themselves from the listening
 * socket node:cluster shares between them (direct-accept.ts); routes the requests of a long-polling
 * session that reach another worker to the one that holds it (SessionRouter); re-forks workers that
 * die, and drains them on SIGTERM.
 */
export function runPrimary(config: Config, logger: Logger): void {
  // Workers accept from one shared socket, not through the primary (see direct-accept.ts).
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  cluster.setupPrimary({ serialization: 'advanced', execArgv: workerExecArgv() });
  const router = new SessionRouter();

  const workerEnv = { SESSION_SECRET: config.SESSION_SECRET, TICKET_SECRET: config.TICKET_SECRET };
  const startedAt = new Map<number, number>();
  let shuttingDown = false;
  let earlyDeaths = 0;
  let announced = false;
  let port = config.PORT;

  const fork = () => {
    const worker = cluster.fork(workerEnv);
    startedAt.set(worker.id, Date.now());
    worker.on('message', (message: WorkerMessage, handle?: ListeningHandle) => {
      if (message?.type === WORKER_MESSAGE.acceptHandles && handle)
        return sendAcceptHandles(worker, handle, message.count);
      onWorkerMessage(worker, message);
    });
  };

  const ready = new Set<number>();
  const onWorkerMessage = (worker: Worker, message: WorkerMessage) => {
    if (message?.type !== WORKER_MESSAGE.ready) return;
    port = message.port;
    if (announced) return;
    ready.add(worker.id);
    if (ready.size < config.WORKERS) return;
    announced = true;
    const url = publicUrl(config, port);
    logger.info({ url, workers: config.WORKERS }, 'SeatRush is up');
    process.stdout.write(`\nSeatRush is up: ${url}  (${config.WORKERS} workers; Ctrl-C stops)\n\n`);
    process.send?.({ type: 'seatrush:up', url });
  };

  const vitalsRedis = createRedis(config.REDIS_URL);
  const vitalsKey = new RedisKeys(config.REDIS_KEY_PREFIX).vitals;
  cluster.on('exit', (worker, code, signal) => {
    const lived = Date.now() - (startedAt.get(worker.id) ?? 0);
    startedAt.delete(worker.id);
    // A killed worker's vitals would read as a node gone slow (the admission governor, Q17).
    if (worker.process.pid !== undefined)
      void removeVitalsOf(vitalsRedis, vitalsKey, worker.process.pid).catch(() => undefined);
    if (shuttingDown) return;
    earlyDeaths = lived < EARLY_DEATH_MS ? earlyDeaths + 1 : 0;
    const delay = Math.min(MAX_RESTART_DELAY_MS, earlyDeaths === 0 ? 0 : 250 * 2 ** earlyDeaths);
    logger.warn(
      { workerPid: worker.process.pid, code, signal, restartInMs: delay },
      'worker died; forking a new one',
    );
    setTimeout(() => !shuttingDown && fork(), delay);
  });

  // The balancer's own event loop is every connection's first stop: its delay is worth watching.
  const vitals = startNodeVitals(
    vitalsRedis,
    vitalsKey,
    { nodeId: `${hostname()}:${process.pid}:primary`, role: 'primary' },
    () => router.stats(),
  );

  const shutdown = (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    void vitals.stop().finally(() => vitalsRedis.disconnect());
    logger.info({ signal }, 'draining workers');
    for (const worker of Object.values(cluster.workers ?? {}))
      worker?.send({ type: PRIMARY_MESSAGE.shutdown });
    const deadline = setTimeout(() => {
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGKILL');
      process.exit(1);
    }, config.SHUTDOWN_GRACE_MS + 2000);
    deadline.unref();
    cluster.on('exit', () => {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
    });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));

  for (let i = 0; i < config.WORKERS; i++) fork();
}

/** The raw handle of a listening socket, as a worker sends it (never listened on here). */
interface ListeningHandle {
  close(): void;
}

/** The most copies a worker may ask for. */
const MAX_ACCEPT_HANDLES = 64;

/**
 * Sends a worker copies of its listening socket's handle (each arrives as a descriptor of its own,
 * direct-accept.ts says why), then closes the primary's: the primary never accepts on it.
 */
function sendAcceptHandles(worker: Worker, handle: ListeningHandle, count: number): void {
  let pending = Math.max(0, Math.min(MAX_ACCEPT_HANDLES, Math.floor(count) || 0));
  if (pending === 0 || !worker.isConnected()) return handle.close();
  const sent = () => {
    if (--pending === 0) handle.close();
  };
  for (let i = pending; i > 0; i--) {
    // A raw handle goes as child_process's 'net.Native' (the receiver gets a descriptor, no
    // server). A worker gone meanwhile fails the send: the callback still counts it.
    worker.send({ type: PRIMARY_MESSAGE.acceptHandle }, handle as unknown as NetServer, sent);
  }
}

function publicUrl(config: Config, port: number): string {
  if (config.PUBLIC_URL) return config.PUBLIC_URL;
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
  return `http://${host}:${port}`;
}

/** The primary's own Node flags (tsx, profiling) plus the workers' heap setting, unless given. */
function workerExecArgv(): string[] {
  const flags = [...process.execArgv];
  if (!flags.some((flag) => flag.startsWith('--max-semi-space-size'))) {
    flags.push(`--max-semi-space-size=${WORKER_SEMI_SPACE_MB}`);
  }
  return flags;
}
