import { setupWorker as setupStickyWorker } from '@socket.io/sticky';
import type { Server as HttpServer } from 'node:http';
import type { Server } from 'socket.io';
import type { Config } from '../config/config';
import { startNode, stopWithin, type NodeOptions } from '../node';
import type { Logger } from '../observability/logger';
import { acceptDirectly, keepAliveOutsideEngineIo, type DirectAccept } from './direct-accept';
import { startHandshakeShedder } from './handshake-shedder';
import { PRIMARY_MESSAGE, STICKY_MESSAGE, WORKER_MESSAGE, type PrimaryMessage } from './messages';

/** Sockets a worker holds at most: a process may have 20,000 open files here (MACHINE-NOTES.md). */
const MAX_CONNECTIONS_PER_WORKER = 18_000;

/**
 * A cluster worker: one node that accepts its own connections from the socket the cluster shares
 * (direct-accept.ts), and takes those of its long-polling sessions that other workers accepted
 * from the primary (@socket.io/sticky's worker half, which also reports its sessions).
 */
export async function runWorker(config: Config, logger: Logger, options: NodeOptions): Promise<void> {
  const front: { door?: DirectAccept } = {};
  const node = await startNode(config, {
    ...options,
    logger,
    listen: false,
    role: 'worker',
    vitalsExtra: () => front.door?.stats() ?? {},
  });
  const io = node.application.io;
  const holdsSession = (sessionId: string) =>
    sessionId in (io.engine as unknown as { clients: object }).clients;
  setupStickyWorkerKeepingAlive(io as unknown as Server, node.httpServer, holdsSession);
  const shedder = startHandshakeShedder({ lagThresholdMs: config.SHED_HANDSHAKES_LAG_MS });
  front.door = await acceptDirectly(node.httpServer, {
    host: config.HOST,
    port: config.PORT,
    backlog: 4096,
    maxConnections: MAX_CONNECTIONS_PER_WORKER,
    holdsSession,
    shedder,
    acceptHandles: config.ACCEPT_HANDLES_PER_WORKER,
  });
  const stop = () => {
    front.door?.close();
    shedder.stop();
    void stopWithin(node.stop(), config.SHUTDOWN_GRACE_MS).then((code) => process.exit(code));
  };
  process.on('message', (message: PrimaryMessage) => {
    if (message?.type === PRIMARY_MESSAGE.shutdown) stop();
  });
  // The primary decides when workers stop; a terminal's Ctrl-C reaches every process of the group.
  process.on('SIGINT', () => undefined);
  process.on('SIGTERM', () => undefined);
  // Orphaned (the primary was killed): stop rather than serve on alone.
  process.on('disconnect', stop);
  process.send?.({ type: WORKER_MESSAGE.ready, port: front.door.port });
}

/**
 * @socket.io/sticky's worker half (it takes the connections the primary passes on), less two of its
 * listeners: the one that closes every connection after one request (its primary routes
 * connections, ours routes the first request of each and keepAliveOutsideEngineIo the rest), and
 * the one that reports every session to the primary (reportPollingSessions reports only those the
 * primary may have to route).
 */
function setupStickyWorkerKeepingAlive(
  io: Server,
  httpServer: HttpServer,
  holdsSession: (sessionId: string) => boolean,
): void {
  const ownRequestListeners = new Set(httpServer.listeners('request'));
  const ownSessionListeners = new Set(io.engine.listeners('connection'));
  setupStickyWorker(io);
  for (const listener of httpServer.listeners('request'))
    if (!ownRequestListeners.has(listener)) httpServer.removeListener('request', listener as () => void);
  for (const listener of io.engine.listeners('connection'))
    if (!ownSessionListeners.has(listener)) io.engine.removeListener('connection', listener as () => void);
  reportPollingSessions(io);
  keepAliveOutsideEngineIo(httpServer, holdsSession);
}

/**
 * Tells the primary of each session that begins on long-polling, whose later requests (and its
 * upgrade) may reach another worker, and of its end. A session that begins on WebSocket never
 * makes another request: reporting it cost a worker ~10% of its time in a crowd's arrival (an IPC
 * message each way per connection), and the primary as much again.
 */
function reportPollingSessions(io: Server): void {
  const ignoreError = () => undefined; // the primary is gone: the worker stops on 'disconnect'
  io.engine.on('connection', (session: { id: string; transport: { name: string }; once: EngineOnce }) => {
    if (session.transport.name !== 'polling') return;
    process.send?.({ type: STICKY_MESSAGE.connection, data: session.id }, undefined, undefined, ignoreError);
    session.once('close', () =>
      process.send?.(
        { type: STICKY_MESSAGE.disconnection, data: session.id },
        undefined,
        undefined,
        ignoreError,
      ),
    );
  });
}

type EngineOnce = (event: 'close', listener: () => void) => unknown;
