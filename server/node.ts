import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { createApplication, type Application, type ApplicationOptions } from './app';
import { createComponents, type ComponentOverrides, type Components } from './compose';
import type { Config } from './config/config';
import { DeltaPublisher } from './inventory/delta-publisher';
import { InventoryRebuilder } from './inventory/inventory-rebuilder';
import { MapDeltaRelay } from './inventory/map-delta-relay';
import { holdSweeperStep } from './jobs/hold-sweeper';
import { LeaderLoop } from './jobs/leader-loop';
import { orderReaperStep } from './jobs/order-reaper';
import { mailRelayStep, outboxRelayStep } from './jobs/outbox-relay';
import { readNodeVitals, startNodeVitals } from './observability/node-vitals';
import { worstServingLag } from './queue/admission-governor';
import { CursorRelay } from './queue/cursor-relay';
import { queuePacerStep, queuePresenceStep } from './queue/queue-pacer';

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
  leaders: Record<'holdSweeper' | 'deltaPublisher' | 'orderReaper' | 'queuePacer', LeaderLoop>;
  /** This node's last leg of the deltas to maps that watch every section. */
  mapRelay: MapDeltaRelay;
  /** http://host:port when listening. */
  url?: string;
  stop(): Promise<void>;
}

const DRAIN_BATCH = 500;
const DRAIN_PAUSE_MS = 50;

/**
 * One SeatRush node: components, HTTP + Socket.IO, and its background jobs (leader-only loops
 * under Redlock; the outbox and mail relays on every node).
 */
export async function startNode(config: Config, options: NodeOptions = {}): Promise<RunningNode> {
  const components = await createComponents(config, options);
  const { redis, keys, catalogue, inventory, orders, blocks, checkout, logger, nodeId, db } = components;
  const httpServer = createServer();
  httpServer.keepAliveTimeout = config.HTTP_KEEP_ALIVE_MS;
  const application = createApplication(httpServer, components, options);

  const redlock = LeaderLoop.createRedlock(redis, config.LEADER_LOCK_TTL_MS);
  const rebuilder = new InventoryRebuilder(
    redlock,
    keys,
    catalogue,
    inventory,
    orders,
    blocks,
    logger,
    application.io,
  );
  await rebuilder.rebuildAllMissing();

  const leader = (name: string, intervalMs: number, step: () => Promise<void>) =>
    new LeaderLoop(
      redis,
      redlock,
      {
        name,
        lockKey: keys.leaderLock(name),
        lockTtlMs: config.LEADER_LOCK_TTL_MS,
        intervalMs,
        nodeId,
        step,
      },
      logger,
    );
  const mapRelay = new MapDeltaRelay(application.io, config.MAP_DELTA_FANS_PER_S);
  application.io.on('seats:tick', (deltas) => mapRelay.receive(deltas));
  const cursors = new CursorRelay(application.io);
  application.io.on('queue:cursor', (cursor) => void cursors.deliver(cursor));
  const publisher = new DeltaPublisher(redis, keys, catalogue, application.io, mapRelay);
  const leaders = {
    holdSweeper: leader(
      'hold-sweeper',
      config.SWEEP_INTERVAL_MS,
      holdSweeperStep(catalogue, inventory, rebuilder, logger),
    ),
    deltaPublisher: leader(
      'delta-publisher',
      config.DELTA_INTERVAL_MS,
      async () => void (await publisher.tick()),
    ),
    orderReaper: leader('order-reaper', config.OUTBOX_INTERVAL_MS, orderReaperStep(orders, checkout, logger)),
    queuePacer: leader(
      'queue-pacer',
      config.QUEUE_STEP_MS,
      queuePacerStep(catalogue, components.queue, components.salesRepository, application.io, logger, {
        stepMs: config.QUEUE_STEP_MS,
        cursors,
        broadcastFansPerSecond: config.QUEUE_BROADCAST_FANS_PER_S,
        health: {
          worstLagMs: async () => worstServingLag(await readNodeVitals(redis, keys.vitals)),
          settings: { lagTargetMs: config.QUEUE_LAG_TARGET_MS, minShare: config.QUEUE_MIN_HEALTH_SHARE },
        },
      }),
    ),
  };
  Object.values(leaders).forEach((loop) => loop.start());
  const relay = every(config.OUTBOX_INTERVAL_MS, outboxRelayStep(db, { checkout }, logger), logger);
  const mail = every(config.OUTBOX_INTERVAL_MS, mailRelayStep(db, components.notifier, logger), logger);
  const refresh = every(config.CATALOGUE_REFRESH_MS, () => catalogue.refresh(), logger);
  const vitals = startNodeVitals(
    redis,
    keys.vitals,
    { nodeId, role: options.role ?? 'node' },
    options.vitalsExtra,
  );
  const presence = every(
    config.QUEUE_PRESENCE_MS,
    queuePresenceStep(catalogue, components.queue, application.io),
    logger,
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
      relay.stop();
      mail.stop();
      refresh.stop();
      presence.stop();
      await Promise.all(Object.values(leaders).map((loop) => loop.stop()));
      mapRelay.flushAll();
      await drainSockets(application);
      // Commands already running (a checkout between charge and commit) finish before the stores close.
      await components.inFlight.drained(config.SHUTDOWN_GRACE_MS / 2);
      await vitals.stop();
      await application.close();
      await components.close();
    })());

  return { components, application, httpServer, leaders, mapRelay, url, stop };
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

/** Runs `step` every interval (never overlapping itself) until stopped; failures are logged. */
function every(
  intervalMs: number,
  step: () => Promise<unknown>,
  logger: Components['logger'],
): { stop(): void } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const run = async () => {
    try {
      await step();
    } catch (error) {
      logger.warn({ err: error }, 'periodic step failed');
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
