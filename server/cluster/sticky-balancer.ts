import cluster, { type Worker } from 'node:cluster';
import { randomBytes } from 'node:crypto';
import type { Server as HttpServer } from 'node:http';
import type { Socket } from 'node:net';

const SESSION_ID = /[?&]sid=([\w-]{20})/;
const HEADER_END = Buffer.from('\r\n\r\n');
/** A handshake sent to a worker counts against it until the worker reports the session, or this long. */
const HANDSHAKE_PENDING_MS = 5_000;

type StickyMessage =
  | { type: 'sticky:connection' | 'sticky:disconnection'; data: string }
  | { type: 'sticky:http-response'; connectionId: string; data: Buffer | { type: 'Buffer'; data: number[] } }
  | { type: 'sticky:http-response-end'; connectionId: string }
  | { type: 'sticky:http-response-destroy'; connectionId: string; error?: string };

/**
 * The primary's half of @socket.io/sticky, whose worker half (`setupWorker`) the workers use as is:
 * every connection reaches the primary, which hands it to a worker, and every request of one
 * long-polling session reaches the worker that holds the session.
 *
 * Written here because the library's primary (1.0-2.0) loses connections under load, as measured
 * by `npm run bench:holds` (docs/benchmarks.md):
 * - it keeps reading a socket while its handle travels to the worker, and Node drops what it reads
 *   then: a client's first Socket.IO packet sometimes vanished (16 in 2,000 connections), and the
 *   fan waited 45 s for a timeout. Here reading stops before the handle is sent;
 * - its least-connection count rises only when a worker reports a session, so a burst of
 *   connections all went to one worker. Here a handshake counts from the moment it is sent;
 * - it sends connections to workers that are still starting and cannot take them yet. Here only
 *   workers that reported ready get connections; with none, the answer is 503.
 */
export class StickyBalancer {
  private readonly readyWorkers = new Set<number>();
  private readonly workerOfSession = new Map<string, number>();
  private readonly sessionsOf = new Map<number, number>();
  private readonly handshakesSentTo = new Map<number, number[]>();
  /** Requests with a body stay in the primary, which relays their bytes to and from the worker. */
  private readonly relayed = new Map<string, Socket>();

  constructor(httpServer: HttpServer) {
    httpServer.on('connection', (socket: Socket) => this.accept(socket));
    cluster.on('message', (worker, message: StickyMessage) => this.onWorkerMessage(worker, message));
    cluster.on('disconnect', (worker) => this.forget(worker));
    cluster.on('exit', (worker) => this.forget(worker));
  }

  /** The worker has attached Socket.IO and can take connections. */
  markReady(worker: Worker): void {
    this.readyWorkers.add(worker.id);
  }

  /** Sessions per ready worker (for tests and operators). */
  load(): Map<number, number> {
    return new Map([...this.readyWorkers].map((id) => [id, this.loadOf(id)]));
  }

  private accept(socket: Socket): void {
    let relay: { workerId: number; connectionId: string } | undefined;
    socket.on('data', (chunk: Buffer) => {
      if (relay)
        return this.send(
          relay.workerId,
          { type: 'sticky:http-chunk', data: chunk, connectionId: relay.connectionId },
          socket,
        );
      const header = chunk.subarray(0, Math.max(0, chunk.indexOf(HEADER_END))).toString('latin1');
      const worker = this.route(header);
      if (!worker)
        return void socket.end(
          'HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n',
        );
      if (!/\r\n(content-length|transfer-encoding):/i.test(header))
        return this.handOver(socket, worker, chunk);
      relay = { workerId: worker.id, connectionId: randomBytes(8).toString('hex') };
      this.relayed.set(relay.connectionId, socket);
      this.send(
        worker.id,
        {
          type: 'sticky:http-chunk-start',
          data: chunk,
          connectionId: relay.connectionId,
          socketInfo: {
            remoteAddress: socket.remoteAddress,
            remotePort: socket.remotePort,
            localAddress: socket.localAddress,
            localPort: socket.localPort,
          },
        },
        socket,
      );
    });
    socket.on('close', () => {
      if (!relay || !this.relayed.delete(relay.connectionId)) return;
      cluster.workers?.[relay.workerId]?.send({ type: 'sticky:abort', connectionId: relay.connectionId });
    });
    socket.on('error', () => socket.destroy());
  }

  /** Passes the socket itself to the worker, first telling the OS to stop reading it here. */
  private handOver(socket: Socket, worker: Worker, firstChunk: Buffer): void {
    socket.removeAllListeners('data');
    (socket as Socket & { _handle?: { readStop?(): number } })._handle?.readStop?.();
    worker.send({ type: 'sticky:connection', data: firstChunk }, socket, (error) => {
      if (error) socket.destroy();
    });
  }

  /** The worker holding the request's session, else the least loaded ready worker. */
  private route(header: string): Worker | undefined {
    const sessionId = SESSION_ID.exec(header)?.[1];
    const owner = sessionId === undefined ? undefined : this.workerOfSession.get(sessionId);
    if (owner !== undefined && this.readyWorkers.has(owner)) return cluster.workers?.[owner];
    let chosen: number | undefined;
    for (const id of this.readyWorkers) {
      if (chosen === undefined || this.loadOf(id) < this.loadOf(chosen)) chosen = id;
    }
    if (chosen === undefined) return undefined;
    if (sessionId === undefined && header.startsWith('GET /socket.io/')) {
      this.handshakesSentTo.set(chosen, [...this.pendingHandshakes(chosen), Date.now()]);
    }
    return cluster.workers?.[chosen];
  }

  private loadOf(workerId: number): number {
    return (this.sessionsOf.get(workerId) ?? 0) + this.pendingHandshakes(workerId).length;
  }

  private pendingHandshakes(workerId: number): number[] {
    const since = Date.now() - HANDSHAKE_PENDING_MS;
    const pending = (this.handshakesSentTo.get(workerId) ?? []).filter((sentAt) => sentAt > since);
    this.handshakesSentTo.set(workerId, pending);
    return pending;
  }

  private onWorkerMessage(worker: Worker, message: StickyMessage): void {
    switch (message?.type) {
      case 'sticky:connection':
        this.workerOfSession.set(message.data, worker.id);
        this.sessionsOf.set(worker.id, (this.sessionsOf.get(worker.id) ?? 0) + 1);
        this.handshakesSentTo.get(worker.id)?.shift();
        break;
      case 'sticky:disconnection':
        if (this.workerOfSession.delete(message.data)) {
          this.sessionsOf.set(worker.id, Math.max(0, (this.sessionsOf.get(worker.id) ?? 0) - 1));
        }
        break;
      case 'sticky:http-response': {
        const data = Buffer.isBuffer(message.data) ? message.data : Buffer.from(message.data.data);
        const socket = this.relayed.get(message.connectionId);
        if (socket && !socket.destroyed) socket.write(data);
        break;
      }
      case 'sticky:http-response-end':
        this.relayed.get(message.connectionId)?.end();
        this.relayed.delete(message.connectionId);
        break;
      case 'sticky:http-response-destroy':
        this.relayed.get(message.connectionId)?.destroy();
        this.relayed.delete(message.connectionId);
        break;
    }
  }

  private send(workerId: number, message: object, socket: Socket): void {
    const worker = cluster.workers?.[workerId];
    if (!worker) return void socket.destroy();
    worker.send(message, (error) => {
      if (error) socket.destroy();
    });
  }

  private forget(worker: Worker): void {
    this.readyWorkers.delete(worker.id);
    this.sessionsOf.delete(worker.id);
    this.handshakesSentTo.delete(worker.id);
    for (const [sessionId, owner] of this.workerOfSession) {
      if (owner === worker.id) this.workerOfSession.delete(sessionId);
    }
  }
}
