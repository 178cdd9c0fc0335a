import cluster from 'node:cluster';
import type { Server as HttpServer, IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server as TcpServer, type Socket } from 'node:net';
import { ERROR_CATALOGUE } from '../../shared/errors';
import type { HandshakeShedder } from './handshake-shedder';
import { PRIMARY_MESSAGE, STICKY_MESSAGE, WORKER_MESSAGE } from './messages';

/**
 * A worker's half of the cluster's front door: every worker accepts connections itself, from the
 * listening socket node:cluster shares between them (SCHED_NONE), and reads each request's head
 * before its HTTP server does. A long-polling request (or a WebSocket upgrade) of an Engine.IO
 * session another worker holds is handed to the primary, which passes it to that worker
 * (session-router.ts); everything else is served here, with no inter-process step.
 *
 * Why not the primary accepting and handing every connection over (as @socket.io/sticky's primary
 * does): Node sends a worker its next socket handle only once the worker has acknowledged the last,
 * so each handle waits for a turn of the worker's event loop, and everything queued behind it
 * waits too. Under an on-sale's load, workers' turns take tens of milliseconds: the surge saw 1,200
 * messages queued per worker, new connections at ~150 a second, and request bodies relayed through
 * the primary answered after 30 s.
 */

const SESSION_ID = /[?&]sid=([\w-]{20})/;
const ENGINE_IO_PATH = '/socket.io/';
const HEADER_END = Buffer.from('\r\n\r\n');
/** Larger request heads are refused (as Node's HTTP server does). */
const MAX_HEADER_BYTES = 16 * 1024;
/** A connection must send its request head this fast. */
const HEADERS_TIMEOUT_MS = 10_000;

export interface DirectAcceptOptions {
  host: string;
  port: number;
  backlog: number;
  /**
   * Connections a worker holds at most before it stops accepting (others take them): a process may
   * hold 20,000 open files here (MACHINE-NOTES.md).
   */
  maxConnections: number;
  /** Whether this worker holds an Engine.IO session. */
  holdsSession(sessionId: string): boolean;
  /** Turns new Engine.IO sessions away while the worker is overloaded (handshake-shedder.ts). */
  shedder?: Pick<HandshakeShedder, 'overloaded' | 'retryAfterSeconds'>;
  /**
   * Descriptors of the listening socket this worker accepts on (ACCEPT_HANDLES_PER_WORKER): the
   * one node:cluster gives, and copies the primary sends. libuv accepts one connection per
   * descriptor per turn of the event loop (libuv PR #3696, in Node 20's libuv 1.46): in run R a
   * worker whose turns took 5 s accepted one connection in 5 s, the accept queue stayed full
   * (4,096) and fans' requests waited in SYN retries until they timed out. With n descriptors a
   * turn accepts up to n; each costs a wasted accept() per connection while the queue is empty.
   */
  acceptHandles?: number;
}

export interface DirectAccept {
  /** The port the cluster listens on (the one asked for, or the one given for port 0). */
  port: number;
  /** Stops accepting (the node then drains what it holds). */
  close(): void;
  stats(): {
    connections: number;
    accepted: number;
    handedToOwner: number;
    /** New Engine.IO sessions turned away while overloaded. */
    shed: number;
    accepting: boolean;
    /** Descriptors of the listening socket accepted on now. */
    acceptHandles: number;
  };
}

export async function acceptDirectly(
  httpServer: HttpServer,
  options: DirectAcceptOptions,
): Promise<DirectAccept> {
  let connections = 0;
  let accepted = 0;
  let handedToOwner = 0;
  let shed = 0;
  let server: TcpServer | undefined;
  let closed = false;
  let port = options.port;

  const serveHere = (socket: Socket, head: Buffer) => {
    httpServer.emit('connection', socket);
    socket.unshift(head);
  };
  const onConnection = (socket: Socket) => {
    accepted++;
    connections++;
    socket.once('close', () => {
      connections--;
      if (!server && !closed && connections < options.maxConnections * RESUME_SHARE) void listen();
    });
    readHead(socket, (head, { engineIo, sessionId }) => {
      if (engineIo && sessionId === undefined && options.shedder?.overloaded()) {
        shed++;
        return refuseBusy(socket, options.shedder.retryAfterSeconds());
      }
      if (sessionId === undefined || options.holdsSession(sessionId) || !cluster.isWorker)
        return serveHere(socket, head);
      // Another worker's session (or one that is gone): the primary knows whose it is.
      handedToOwner++;
      (socket as Socket & { _handle?: { readStop?(): number } })._handle?.readStop?.();
      process.send?.(
        { type: STICKY_MESSAGE.misrouted, sessionId, data: head },
        socket,
        (error: Error | null) => {
          if (error) socket.destroy();
        },
      );
    });
    if (connections >= options.maxConnections) stopAccepting();
  };
  /** The copies of the listening socket the primary sent, each accepted on as the first is. */
  let copies: TcpServer[] = [];
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const next = createServer(onConnection);
      next.once('error', reject);
      next.listen({ host: options.host, port, backlog: options.backlog }, () => {
        next.off('error', reject);
        port = (next.address() as { port: number }).port;
        server = next;
        askForCopies(next, (options.acceptHandles ?? 1) - 1);
        resolve();
      });
    });
  const onCopy = (message: { type?: string } | undefined, handle: unknown) => {
    if (message?.type !== PRIMARY_MESSAGE.acceptHandle || !handle) return;
    // Stopped meanwhile: the copy is not wanted.
    if (!server) return void (handle as { close(): void }).close();
    const copy = createServer(onConnection);
    copy.on('error', () => copy.close());
    copy.listen(handle as Parameters<TcpServer['listen']>[0], options.backlog);
    copies.push(copy);
  };
  if (cluster.isWorker) process.on('message', onCopy);
  const stopAccepting = () => {
    server?.close();
    server = undefined;
    for (const copy of copies) copy.close();
    copies = [];
  };

  await listen();
  return {
    port,
    close() {
      closed = true;
      stopAccepting();
      process.off('message', onCopy);
    },
    stats: () => ({
      connections,
      accepted,
      handedToOwner,
      shed,
      accepting: server !== undefined,
      acceptHandles: server ? 1 + copies.length : 0,
    }),
  };
}

/** Asks the primary for copies of the listening socket's handle (a worker's, under node:cluster). */
function askForCopies(server: TcpServer, count: number): void {
  if (count <= 0 || !cluster.isWorker) return;
  // The handle itself goes along: the primary sends it back `count` times, a new descriptor each.
  const handle = (server as unknown as { _handle: unknown })._handle;
  process.send?.({ type: WORKER_MESSAGE.acceptHandles, count }, handle as TcpServer);
}

/**
 * Keep-alive on the worker's HTTP server, safely. Only a connection's first request is routed by
 * its head (above); a browser may send any later request on a connection it keeps open, a
 * long-polling request of a session another worker holds included. So: every answer to an
 * Engine.IO request closes its connection (its next request is routed afresh), and an Engine.IO
 * request of another worker's session that arrives on a kept-alive connection is not answered: the
 * connection is closed, which browsers take as the keep-alive race and send the request again on a
 * new connection (an Engine.IO client that does not reconnects its session). Everything else (the
 * API, the client's files) keeps its connection: without it, every fan request is a new TCP
 * connection through the accept queue of a busy worker.
 */
export function keepAliveOutsideEngineIo(
  httpServer: HttpServer,
  holdsSession: (sessionId: string) => boolean,
): void {
  const requestsServed = new WeakMap<Socket, number>();
  const misroutedOnReuse = (request: IncomingMessage) => {
    const socket = request.socket;
    const served = requestsServed.get(socket) ?? 0;
    requestsServed.set(socket, served + 1);
    if (!request.url?.startsWith(ENGINE_IO_PATH)) return false;
    const sessionId = SESSION_ID.exec(request.url)?.[1];
    return served > 0 && sessionId !== undefined && !holdsSession(sessionId);
  };
  httpServer.prependListener('request', (request: IncomingMessage, response: ServerResponse) => {
    if (misroutedOnReuse(request)) return void request.socket.destroy();
    if (request.url?.startsWith(ENGINE_IO_PATH)) response.setHeader('Connection', 'close');
  });
  httpServer.prependListener('upgrade', (request: IncomingMessage) => {
    if (misroutedOnReuse(request)) request.socket.destroy();
  });
}

/** A worker at its limit accepts again once it is below this share of it. */
const RESUME_SHARE = 0.95;

interface RequestTarget {
  /** The request is Engine.IO's (a handshake, a long-polling request or an upgrade). */
  engineIo: boolean;
  /** The Engine.IO session it names; none for a handshake. */
  sessionId: string | undefined;
}

/** Reads a request's head; calls back with every byte read and what the request is for. */
function readHead(socket: Socket, then: (head: Buffer, target: RequestTarget) => void): void {
  let received: Buffer = Buffer.alloc(0);
  socket.setTimeout(HEADERS_TIMEOUT_MS, () => socket.destroy());
  socket.on('error', () => socket.destroy());
  const onData = (chunk: Buffer) => {
    received = received.length === 0 ? chunk : Buffer.concat([received, chunk]);
    const headerEnd = received.indexOf(HEADER_END);
    if (headerEnd < 0) {
      if (received.length > MAX_HEADER_BYTES) refuse(socket, '431 Request Header Fields Too Large');
      return;
    }
    socket.off('data', onData);
    socket.setTimeout(0);
    const requestLine = received
      .subarray(0, Math.min(headerEnd, received.indexOf('\r\n')))
      .toString('latin1');
    const engineIo = requestLine.includes(ENGINE_IO_PATH);
    then(received, { engineIo, sessionId: engineIo ? SESSION_ID.exec(requestLine)?.[1] : undefined });
  };
  socket.on('data', onData);
}

/** Answers a connection before any parsing and closes it (an empty body unless one is given). */
export function refuse(
  socket: Socket,
  status: string,
  answer: { headers?: Record<string, string | number>; json?: unknown } = {},
): void {
  const body = answer.json === undefined ? '' : JSON.stringify(answer.json);
  const headers = {
    Connection: 'close',
    ...(answer.json !== undefined && { 'Content-Type': 'application/json' }),
    ...answer.headers,
    'Content-Length': Buffer.byteLength(body),
  };
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
  socket.end(`HTTP/1.1 ${status}\r\n${lines.join('')}\r\n${body}`);
}

/** 503 with Retry-After and the API's error body (SERVICE_UNAVAILABLE). */
function refuseBusy(socket: Socket, retryAfterSeconds: number): void {
  refuse(socket, '503 Service Unavailable', {
    headers: { 'Retry-After': retryAfterSeconds, 'Cache-Control': 'no-store' },
    json: { error: { code: 'SERVICE_UNAVAILABLE', message: ERROR_CATALOGUE.SERVICE_UNAVAILABLE.message } },
  });
}
