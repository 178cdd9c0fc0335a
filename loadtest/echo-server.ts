import cluster from 'node:cluster';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { setupWorker as setupStickyWorker } from '@socket.io/sticky';
import { Server } from 'socket.io';
import { StickyBalancer } from '../server/cluster/sticky-balancer';
import type { EchoEvents, EchoServerEvents } from './generator-messages';

/**
 * The ceiling for bench-holds: a bare Socket.IO ack echo behind the same cluster shape as SeatRush
 * (node:cluster primary with SeatRush's StickyBalancer, WORKERS workers) and the same server
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
  const server = createTcpServer();
  const balancer = new StickyBalancer(server);
  cluster.setupPrimary({ serialization: 'advanced' });

  const ready = new Set<number>();
  const fork = () => {
    const worker = cluster.fork();
    worker.on('message', (message: { type?: string } | undefined) => {
      if (message?.type !== WORKER_READY) return;
      balancer.markReady(worker);
      ready.add(worker.id);
      if (ready.size !== workers) return;
      const { port } = server.address() as AddressInfo;
      process.send?.({ type: 'echo:up', url: `http://${host}:${port}` });
    });
  };

  const stop = () => {
    server.close();
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.on('disconnect', stop);
  server.listen({ host, port: positiveSetting('PORT', 0), backlog: 4096 }, () => {
    for (let i = 0; i < workers; i++) fork();
  });
}

function runWorker(): void {
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
  process.send?.({ type: WORKER_READY });
}

if (cluster.isPrimary) runPrimary();
else runWorker();
