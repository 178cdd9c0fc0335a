import WebSocket from 'ws';

/**
 * One fan's Socket.IO connection, spoken by hand: Engine.IO 4 over a bare WebSocket, Socket.IO 5
 * packets as text (the server sends no binary). About a quarter of socket.io-client's CPU per
 * message and a third of its memory (docs/benchmarks.md), so that a few generator processes hold
 * 100,000 fans beside the server. Every frame is what socket.io-client would send.
 *
 * Packets: Engine.IO `0` open, `2` ping (answered `3`), `4` message; inside a message, Socket.IO
 * `0` CONNECT (sent with the auth object, answered with the sid), `4` CONNECT_ERROR, `2` EVENT
 * (`42<ackId>["event",payload]`), `3` ACK (`43<ackId>[response]`), `1` DISCONNECT.
 */

/**
 * A command's answer as the fan sees it: the server's acknowledgement, or a failure of the fan's
 * own (DISCONNECTED, ACK_TIMEOUT) with a code that is not in the server's catalogue.
 */
export type Reply<T> = { ok: true; data: T } | { ok: false; error: { code: string; message?: string } };

export type FanSocketEvent = (event: string, payload: unknown) => void;

/**
 * Events whose frames the fan keeps raw (undecoded, unparsed) until it looks at them: a map gets a
 * frame of seat changes every tick, and a fan looks at its map only when it picks. Every frame is
 * still received, kept in order and applied before the fan picks (fan-map.ts).
 */
export const DEFERRED_EVENTS = ['seats:deltas'] as const;
export type DeferredEvent = (typeof DEFERRED_EVENTS)[number];
/** Frames the fan never needs: the pulse (it finds lost deltas by their versions instead). */
const IGNORED_EVENTS = ['seats:pulse'];

const prefixOf = (event: string) => Buffer.from(`42["${event}",`);
const DEFERRED_PREFIXES = DEFERRED_EVENTS.map((event) => [event, prefixOf(event)] as const);
const IGNORED_PREFIXES = IGNORED_EVENTS.map(prefixOf);

export interface FanSocketOptions {
  /** ws://host:port of the server. */
  url: string;
  /** Loopback source address: each generator has its own, so each has its own ephemeral ports. */
  localAddress?: string;
  /** Socket.IO handshake auth: { token } for a signed-in fan. */
  auth: Record<string, string>;
  connectTimeoutMs: number;
  onEvent: FanSocketEvent;
  /** A deferred event's frame, raw: `parseDeferred` turns it into the payload when needed. */
  onDeferred?: (event: DeferredEvent, frame: Buffer) => void;
  /**
   * The connection was lost after it was up (not called for a failed connect). The reason is the
   * WebSocket close code (1005: the server closed it, as on a missed heartbeat; 1006: the TCP
   * connection ended without a close frame) or SERVER_DISCONNECT.
   */
  onClose: (reason: string) => void;
}

/**
 * A refused or failed connection attempt: `code` is the server's error code when it gave one.
 * `retryAfterMs`: the server was busy and said when to come back (a 503 with Retry-After).
 */
export class ConnectFailure extends Error {
  constructor(
    readonly code: string,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(code);
  }
}

/**
 * What a fan's listeners hear when a lost socket is back (socket.io-client's 'connect' after a
 * reconnection): the new socket is in no room, so the page asks where it stands again.
 */
export const RECONNECTED = 'connect';

/** A command's reply when the fan has no connection to send it on. */
export const DISCONNECTED: Reply<never> = { ok: false, error: { code: 'DISCONNECTED' } };
const ACK_TIMEOUT: Reply<never> = { ok: false, error: { code: 'ACK_TIMEOUT' } };

export class FanSocket {
  private socket: WebSocket | undefined;
  private up = false;
  private nextAckId = 0;
  private readonly pending = new Map<
    number,
    { resolve(reply: Reply<unknown>): void; timer: NodeJS.Timeout }
  >();

  constructor(private readonly options: FanSocketOptions) {}

  get connected(): boolean {
    return this.up;
  }

  /** Opens the WebSocket and the Socket.IO session; resolves once the server accepted it. */
  connect(): Promise<void> {
    return new Promise((resolve, reject) => {
      const { url, localAddress, connectTimeoutMs } = this.options;
      const socket = new WebSocket(`${url}/socket.io/?EIO=4&transport=websocket`, {
        localAddress,
        perMessageDeflate: false,
        handshakeTimeout: connectTimeoutMs,
      });
      this.socket = socket;
      let settled = false;
      const settle = (failure?: ConnectFailure) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (failure) {
          socket.terminate();
          reject(failure);
        } else resolve();
      };
      const timer = setTimeout(() => settle(new ConnectFailure('CONNECT_TIMEOUT', true)), connectTimeoutMs);
      socket.on('message', (data: Buffer) => {
        if (this.up && this.deferOrIgnore(data)) return;
        this.onFrame(data.toString(), settle);
      });
      socket.on('error', (error: NodeJS.ErrnoException) =>
        settle(new ConnectFailure(error.code ?? 'SOCKET_ERROR', true)),
      );
      // The upgrade answered with HTTP instead: a busy worker's 503 says when to come back.
      socket.on('unexpected-response', (_request, response) => {
        const retryAfterS = Number(response.headers['retry-after']);
        const busy = response.statusCode === 503 && Number.isFinite(retryAfterS);
        response.resume();
        settle(
          busy
            ? new ConnectFailure('SERVICE_UNAVAILABLE', true, retryAfterS * 1000)
            : new ConnectFailure(`HTTP_${response.statusCode ?? 0}`, true),
        );
      });
      socket.on('close', (code: number) => {
        const wasUp = this.up;
        this.up = false;
        this.failPending();
        settle(new ConnectFailure('CLOSED', true));
        if (wasUp) this.options.onClose(String(code));
      });
    });
  }

  /** Sends a command and resolves with its acknowledgement (or DISCONNECTED / ACK_TIMEOUT). */
  ask<T>(event: string, payload: unknown, timeoutMs: number): Promise<Reply<T>> {
    const socket = this.socket;
    if (!socket || !this.up) return Promise.resolve(DISCONNECTED);
    const id = this.nextAckId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve(ACK_TIMEOUT);
      }, timeoutMs);
      this.pending.set(id, { resolve: resolve as (reply: Reply<unknown>) => void, timer });
      socket.send(`42${id}${JSON.stringify([event, payload])}`);
    });
  }

  /** Closes the connection as a browser tab does when it closes (no Socket.IO disconnect packet). */
  close(): void {
    this.up = false;
    this.failPending();
    this.socket?.terminate();
    this.socket = undefined;
  }

  /** True when the frame is kept raw for later, or not needed at all. */
  private deferOrIgnore(data: Buffer): boolean {
    if (data[0] !== 0x34 || data[1] !== 0x32) return false; // not "42": not an event
    for (const prefix of IGNORED_PREFIXES) if (startsWith(data, prefix)) return true;
    const onDeferred = this.options.onDeferred;
    if (!onDeferred) return false;
    for (const [event, prefix] of DEFERRED_PREFIXES) {
      if (startsWith(data, prefix)) {
        onDeferred(event, data);
        return true;
      }
    }
    return false;
  }

  private onFrame(frame: string, settle: (failure?: ConnectFailure) => void): void {
    switch (frame[0]) {
      case '0': // Engine.IO open: connect to the main namespace with the auth object.
        this.socket?.send(`40${JSON.stringify(this.options.auth)}`);
        return;
      case '2':
        this.socket?.send('3');
        return;
      case '4':
        return this.onPacket(frame, settle);
    }
  }

  private onPacket(frame: string, settle: (failure?: ConnectFailure) => void): void {
    switch (frame[1]) {
      case '0':
        this.up = true;
        return settle();
      case '4': {
        const refusal = parseJson<{ message?: string }>(frame.slice(2));
        return settle(new ConnectFailure(refusal?.message ?? 'CONNECT_REFUSED', false));
      }
      case '1':
        this.close();
        return this.options.onClose('SERVER_DISCONNECT');
      case '2': {
        const message = parseJson<[string, unknown]>(frame.slice(2));
        if (message) this.options.onEvent(message[0], message[1]);
        return;
      }
      case '3': {
        const bracket = frame.indexOf('[');
        const id = Number(frame.slice(2, bracket));
        const reply = parseJson<[Reply<unknown>]>(frame.slice(bracket))?.[0];
        const waiter = this.pending.get(id);
        if (!waiter || !reply) return;
        this.pending.delete(id);
        clearTimeout(waiter.timer);
        waiter.resolve(reply);
        return;
      }
    }
  }

  private failPending(): void {
    for (const { resolve, timer } of this.pending.values()) {
      clearTimeout(timer);
      resolve(DISCONNECTED);
    }
    this.pending.clear();
  }
}

/** The payload of a deferred event's frame (`42["event",payload]`). */
export function parseDeferred<T>(frame: Buffer): T | undefined {
  return parseJson<[string, T]>(frame.toString('utf8', 2))?.[1];
}

function startsWith(data: Buffer, prefix: Buffer): boolean {
  return data.length >= prefix.length && data.compare(prefix, 0, prefix.length, 0, prefix.length) === 0;
}

function parseJson<T>(text: string): T | undefined {
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}
