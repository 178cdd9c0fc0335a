import cluster, { type Worker } from 'node:cluster';
import { randomBytes } from 'node:crypto';
import type { Server, Socket } from 'node:net';

const SESSION_ID = /[?&]sid=([\w-]{20})/;
const HEADER_END = Buffer.from('\r\n\r\n');
/** Larger request headers are refused (as Node's HTTP server does). */
const MAX_HEADER_BYTES = 16 * 1024;
/** A connection must send its request headers this fast, and a relayed one not idle longer. */
const HEADERS_TIMEOUT_MS = 10_000;
const RELAY_IDLE_TIMEOUT_MS = 120_000;
/** A handshake sent to a worker counts against it until the worker reports the session, or this long. */
const HANDSHAKE_PENDING_MS = 5_000;
/** IPC messages a worker may have waiting beyond the least backlogged worker's and still get more. */
const BACKLOG_SLACK = 8;
/** A process may hold 20,000 open files here (MACHINE-NOTES.md): room is kept for the rest. */
const MAX_SESSIONS_PER_WORKER = 18_000;

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
 *
 * It listens on a plain TCP server: no HTTP parser in the primary buffers (and, past 16 KiB,
 * stalls) the requests it relays.
 */
export class StickyBalancer {
  private readonly readyWorkers = new Set<number>();
  private readonly workerOfSession = new Map<string, number>();
  private readonly sessionsOf = new Map<number, number>();
  private readonly handshakesSentTo = new Map<number, number[]>();
  /** Requests with a body stay in the primary, which relays their bytes to and from the worker. */
  private readonly relayed = new Map<string, { socket: Socket; workerId: number }>();
  /** IPC messages sent to each worker whose send has not completed (Node waits for each handle's ack). */
  private readonly unsent = new Map<number, number>();

  constructor(server: Server) {
    server.on('connection', (socket: Socket) => this.accept(socket));
    cluster.on('message', (worker, message: StickyMessage) => this.onWorkerMessage(worker, message));
    cluster.on('disconnect', (worker) => this.forget(worker));
    cluster.on('exit', (worker) => this.forget(worker));
  }

  /** The worker has attached Socket.IO and can take connections. */
  markReady(worker: Worker): void {
    this.readyWorkers.add(worker.id);
  }

  /** What the balancer is carrying now, for the primary's vitals. */
  stats(): { unsentByWorker: Record<number, number>; relayedConnections: number; sessions: number } {
    return {
      unsentByWorker: Object.fromEntries(this.unsent),
      relayedConnections: this.relayed.size,
      sessions: this.workerOfSession.size,
    };
  }

  /** Sends to a worker, counting the message until Node has written it (handles wait for an ack). */
  private sendTo(
    worker: Worker,
    message: object,
    handle: Socket | undefined,
    done: (error: Error | null) => void,
  ): void {
    this.unsent.set(worker.id, (this.unsent.get(worker.id) ?? 0) + 1);
    worker.send(message, handle as never, (error) => {
      this.unsent.set(worker.id, (this.unsent.get(worker.id) ?? 1) - 1);
      done(error);
    });
  }

  /** Sessions per ready worker (for tests and operators). */
  load(): Map<number, number> {
    return new Map([...this.readyWorkers].map((id) => [id, this.loadOf(id)]));
  }

  private accept(socket: Socket): void {
    let received = Buffer.alloc(0);
    socket.setTimeout(HEADERS_TIMEOUT_MS, () => socket.destroy());
    socket.on('error', () => socket.destroy());
    const onData = (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const headerEnd = received.indexOf(HEADER_END);
      if (headerEnd < 0) {
        if (received.length > MAX_HEADER_BYTES) refuse(socket, '431 Request Header Fields Too Large');
        return;
      }
      socket.off('data', onData);
      this.dispatch(socket, received, received.subarray(0, headerEnd).toString('latin1'));
    };
    socket.on('data', onData);
  }

  /** Sends a request, whose headers have all arrived, to its worker. */
  private dispatch(socket: Socket, firstBytes: Buffer, header: string): void {
    const worker = this.route(header);
    if (!worker) return refuse(socket, '503 Service Unavailable');
    if (!/\r\n(content-length|transfer-encoding):/i.test(header))
      return this.handOver(socket, worker, firstBytes);

    const connectionId = randomBytes(8).toString('hex');
    this.relayed.set(connectionId, { socket, workerId: worker.id });
    socket.setTimeout(RELAY_IDLE_TIMEOUT_MS, () => socket.destroy());
    const socketInfo = {
      remoteAddress: socket.remoteAddress,
      remotePort: socket.remotePort,
      localAddress: socket.localAddress,
      localPort: socket.localPort,
    };
    this.relay(socket, worker, {
      type: 'sticky:http-chunk-start',
      data: firstBytes,
      connectionId,
      socketInfo,
    });
    socket.on('data', (chunk: Buffer) => {
      // The worker has answered and closed the exchange: nothing more is wanted from the client.
      if (!this.relayed.has(connectionId)) return void socket.destroy();
      this.relay(socket, worker, { type: 'sticky:http-chunk', data: chunk, connectionId });
    });
    socket.on('close', () => {
      if (this.relayed.delete(connectionId))
        worker.send({ type: 'sticky:abort', connectionId }, () => undefined);
    });
  }

  /** One chunk in flight per connection: the client is paused until the worker has it. */
  private relay(socket: Socket, worker: Worker, message: object): void {
    socket.pause();
    this.sendTo(worker, message, undefined, (error) => (error ? socket.destroy() : socket.resume()));
  }

  /** Passes the socket itself to the worker, first telling the OS to stop reading it here. */
  private handOver(socket: Socket, worker: Worker, firstChunk: Buffer): void {
    socket.setTimeout(0);
    (socket as Socket & { _handle?: { readStop?(): number } })._handle?.readStop?.();
    this.sendTo(worker, { type: 'sticky:connection', data: firstChunk }, socket, (error) => {
      if (error) socket.destroy();
    });
  }

  /** The worker holding the request's session, else the least loaded ready worker. */
  private route(header: string): Worker | undefined {
    const sessionId = SESSION_ID.exec(header)?.[1];
    const owner = sessionId === undefined ? undefined : this.workerOfSession.get(sessionId);
    if (owner !== undefined && this.readyWorkers.has(owner)) return cluster.workers?.[owner];
    const chosen = this.leastBusyWorker();
    if (chosen === undefined) return undefined;
    if (sessionId === undefined && header.startsWith('GET /socket.io/')) {
      const pending = this.handshakesSentTo.get(chosen) ?? [];
      pending.push(Date.now());
      this.handshakesSentTo.set(chosen, pending);
    }
    return cluster.workers?.[chosen];
  }

  /**
   * The worker for a new connection. A worker whose event loop is busy lets its IPC backlog grow
   * (Node sends the next handle only once the worker has acknowledged the last one), and everything
   * queued behind waits: so among the workers whose backlog is near the smallest, the one with the
   * fewest sessions, and never one past MAX_SESSIONS_PER_WORKER while another has room.
   */
  private leastBusyWorker(): number | undefined {
    const workers = [...this.readyWorkers];
    const withRoom = workers.filter((id) => this.loadOf(id) < MAX_SESSIONS_PER_WORKER);
    const candidates = withRoom.length > 0 ? withRoom : workers;
    const smallestBacklog = Math.min(...candidates.map((id) => this.unsent.get(id) ?? 0));
    let chosen: number | undefined;
    for (const id of candidates) {
      if ((this.unsent.get(id) ?? 0) > smallestBacklog + BACKLOG_SLACK) continue;
      if (chosen === undefined || this.loadOf(id) < this.loadOf(chosen)) chosen = id;
    }
    return chosen;
  }

  private loadOf(workerId: number): number {
    return (this.sessionsOf.get(workerId) ?? 0) + this.pendingHandshakes(workerId);
  }

  /** Handshakes sent to a worker not yet reported back, dropping those older than HANDSHAKE_PENDING_MS. */
  private pendingHandshakes(workerId: number): number {
    const pending = this.handshakesSentTo.get(workerId);
    if (!pending) return 0;
    const since = Date.now() - HANDSHAKE_PENDING_MS;
    let expired = 0;
    while (expired < pending.length && (pending[expired] as number) <= since) expired++;
    if (expired > 0) pending.splice(0, expired);
    return pending.length;
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
        const socket = this.relayed.get(message.connectionId)?.socket;
        if (socket && !socket.destroyed) socket.write(data);
        break;
      }
      case 'sticky:http-response-end':
        this.relayed.get(message.connectionId)?.socket.end();
        this.relayed.delete(message.connectionId);
        break;
      case 'sticky:http-response-destroy':
        this.relayed.get(message.connectionId)?.socket.destroy();
        this.relayed.delete(message.connectionId);
        break;
    }
  }

  private forget(worker: Worker): void {
    this.readyWorkers.delete(worker.id);
    // Requests it was answering will never be answered: reset them so their clients retry.
    for (const [connectionId, { socket, workerId }] of this.relayed) {
      if (workerId !== worker.id) continue;
      this.relayed.delete(connectionId);
      socket.destroy();
    }
    this.sessionsOf.delete(worker.id);
    this.handshakesSentTo.delete(worker.id);
    this.unsent.delete(worker.id);
    for (const [sessionId, owner] of this.workerOfSession) {
      if (owner === worker.id) this.workerOfSession.delete(sessionId);
    }
  }
}

function refuse(socket: Socket, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
