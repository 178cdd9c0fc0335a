import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { createApplication, type Application, type ApplicationOptions } from './app';
import { createComponents, type ComponentOverrides, type Components } from './compose';
import type { Config } from './config/config';
import type { FeatureModule, LeaderJob, NodeJob } from './feature';
import { createFeatures, type Features } from './features';
import { LeaderLoop } from './jobs/leader-loop';
import { startNodeVitals } from './observability/node-vitals';

export interface NodeOptions extends ApplicationOptions, ComponentOverrides {
  /** Listen on config.HOST:config.PORT (default), or leave listening to a cluster primary. */
  listen?: boolean;
  /** A cluster worker, or a node on its own (the default); named in its vitals. */
  role?: 'worker' | 'node';
  /** More figures for the node's vitals (a worker's front door). */
  vitalsExtra?: () => Record<string, unknown>;
}

export interface RunningNode {
  components: Components;
  application: Application;
  httpServer: HttpServer;
  features: Features;
  /** A leader loop by its job's name (`hold-sweeper`, `queue-pacer`, ...); throws for an unknown one. */
  leader(name: string): LeaderLoop;
  /** http://host:port when listening. */
  url?: string;
  stop(): Promise<void>;
}

const DRAIN_BATCH = 500;
const DRAIN_PAUSE_MS = 50;

/**
 * One SeatRush node: components, HTTP + Socket.IO, and the features (server/features.ts) with their
 * routes, socket commands and loops: leader-only ones under Redlock, and those every node runs.
 */
export async function startNode(config: Config, options: NodeOptions = {}): Promise<RunningNode> {
  const components = await createComponents(config, options);
  const { redis, keys, logger, nodeId } = components;
  const httpServer = createServer();
  httpServer.keepAliveTimeout = config.HTTP_KEEP_ALIVE_MS;
  const application = createApplication(httpServer, components, options);
  const redlock = LeaderLoop.createRedlock(redis, config.LEADER_LOCK_TTL_MS);
  const features = createFeatures({ components, io: application.io, redlock });
  const modules: FeatureModule[] = Object.values(features);
  application.mount(modules);
  for (const feature of modules) await feature.start?.();

  const leaderLoop = (job: LeaderJob) =>
    new LeaderLoop(
      redis,
      redlock,
      {
        name: job.name,
        lockKey: keys.leaderLock(job.name),
        lockTtlMs: config.LEADER_LOCK_TTL_MS,
        intervalMs: job.intervalMs,
        nodeId,
        step: job.step,
      },
      logger,
    );
  const leaders = new Map(
    modules.flatMap((feature) => feature.leaderJobs ?? []).map((job) => [job.name, leaderLoop(job)]),
  );
  leaders.forEach((loop) => loop.start());
  const nodeLoops = modules.flatMap((feature) => feature.nodeJobs ?? []).map((job) => every(job, logger));
  const vitals = startNodeVitals(
    redis,
    keys.vitals,
    { nodeId, role: options.role ?? 'node' },
    options.vitalsExtra,
  );

  let url: string | undefined;
  if (options.listen !== false) {
    await new Promise<void>((resolve) =>
      httpServer.listen({ host: config.HOST, port: config.PORT, backlog: 4096 }, resolve),
    );
    const address = httpServer.address() as AddressInfo;
    url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  }

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      nodeLoops.forEach((loop) => loop.stop());
      await Promise.all([...leaders.values()].map((loop) => loop.stop()));
      modules.forEach((feature) => feature.stop?.());
      await drainSockets(application);
      // Commands already running (a checkout between charge and commit) finish before the stores close.
      await components.inFlight.drained(config.SHUTDOWN_GRACE_MS / 2);
      await vitals.stop();
      await application.close();
      await components.close();
    })());

  const leader = (name: string) => {
    const loop = leaders.get(name);
    if (!loop) throw new Error(`no leader loop named ${name}`);
    return loop;
  };
  return { components, application, httpServer, features, leader, url, stop };
}

/**
 * Closes this node's connections a batch at a time, so their reconnections spread out. The
 * transport is closed without a Socket.IO disconnect packet: clients then reconnect on their own
 * (to another node), as after a network drop, instead of staying disconnected.
 */
async function drainSockets(application: Application): Promise<void> {
  const sockets = [...application.io.of('/').sockets.values()];
  for (let i = 0; i < sockets.length; i += DRAIN_BATCH) {
    for (const socket of sockets.slice(i, i + DRAIN_BATCH)) socket.conn.close();
    await sleep(DRAIN_PAUSE_MS);
  }
}

/** Resolves 0 when `stopping` finishes within the grace period, 1 when the period runs out first. */
export function stopWithin(stopping: Promise<void>, graceMs: number): Promise<number> {
  return Promise.race([
    stopping.then(
      () => 0,
      () => 1,
    ),
    new Promise<number>((resolve) => setTimeout(() => resolve(1), graceMs).unref()),
  ]);
}

/** Runs a job's step every interval (never overlapping itself) until stopped; failures are logged. */
function every({ name, intervalMs, step }: NodeJob, logger: Components['logger']): { stop(): void } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const run = async () => {
    try {
      await step();
    } catch (error) {
      logger.warn({ err: error, job: name }, 'periodic step failed');
    }
    if (!stopped) timer = setTimeout(run, intervalMs);
  };
  timer = setTimeout(run, intervalMs);
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
