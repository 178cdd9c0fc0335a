import cluster from 'node:cluster';
import { createServer as createHttpServer } from 'node:http';
import { setupWorker as setupStickyWorker } from '@socket.io/sticky';
import { Server } from 'socket.io';
import { acceptDirectly } from '../server/cluster/direct-accept';
import { SessionRouter } from '../server/cluster/session-router';
import type { EchoEvents, EchoServerEvents } from './generator-messages';

/**
 * The ceiling for bench-holds: a bare Socket.IO ack echo behind the same cluster shape as SeatRush
 * (node:cluster workers accepting directly, SeatRush's session router in the primary, WORKERS
 * workers) and the same server
 * options as server/app.ts, but no Redis adapter, no auth and no work: `echo` acks its payload.
 *
 * Run as `node --import tsx loadtest/echo-server.ts` with WORKERS, HOST, PORT (0 for any) and
 * MAX_MESSAGE_BYTES; it sends `{ type: 'echo:up', url }` to its parent once every worker is ready.
 */
const WORKER_READY = 'echo:worker-ready';

function positiveSetting(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer`);
  return value;
}

function runPrimary(): void {
  const workers = positiveSetting('WORKERS', 2);
  const host = process.env.HOST ?? '127.0.0.1';
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  cluster.setupPrimary({ serialization: 'advanced' });
  new SessionRouter();

  const ready = new Set<number>();
  const fork = () => {
    const worker = cluster.fork();
    worker.on('message', (message: { type?: string; port?: number } | undefined) => {
      if (message?.type !== WORKER_READY) return;
      ready.add(worker.id);
      if (ready.size !== workers) return;
      process.send?.({ type: 'echo:up', url: `http://${host}:${message.port}` });
    });
  };

  const stop = () => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.on('disconnect', stop);
  for (let i = 0; i < workers; i++) fork();
}

async function runWorker(): Promise<void> {
  const httpServer = createHttpServer();
  const io = new Server<EchoEvents, EchoServerEvents>(httpServer, {
    serveClient: false,
    perMessageDeflate: false,
    maxHttpBufferSize: positiveSetting('MAX_MESSAGE_BYTES', 64 * 1024),
    pingInterval: 25_000,
    pingTimeout: 20_000,
  });
  io.engine.on('connection', (rawSocket: { request: unknown }) => {
    rawSocket.request = null;
  });
  io.on('connection', (socket) => {
    socket.emit('welcome', { pid: process.pid });
    socket.on('echo', (payload, ack) => {
      if (typeof ack === 'function') ack(payload);
    });
  });
  setupStickyWorker(io as unknown as Server);
  // The primary decides when workers stop; orphaned workers exit.
  process.on('SIGINT', () => undefined);
  process.on('SIGTERM', () => process.exit(0)); // exits the normal way, so --cpu-prof is written
  process.on('disconnect', () => process.exit(0));
  const door = await acceptDirectly(httpServer, {
    host: process.env.HOST ?? '127.0.0.1',
    port: positiveSetting('PORT', 0),
    backlog: 4096,
    maxConnections: 18_000,
    holdsSession: (sessionId) => sessionId in (io.engine as unknown as { clients: object }).clients,
  });
  process.send?.({ type: WORKER_READY, port: door.port });
}

if (cluster.isPrimary) runPrimary();
else void runWorker();
