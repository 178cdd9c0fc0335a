import {
  PROTOCOL_VERSION,
  type ClientCommand,
  type CommandReply,
  type CommandRequest,
  type ServerToClientEvents,
  type WelcomeMessage,
} from '../../../shared/protocol/events';
import type { ErrorCode } from '../../../shared/errors';
import type { AckResponse } from '../../../shared/protocol/views';
import type { AppSocket, SocketConnectOptions } from '../api/socket';

/**
 * An in-memory Socket.IO pair for unit tests of the client's stateful modules: `FakeServer.connect`
 * stands for socket.io-client's `io` and makes a fake client socket with the part of Socket.IO's
 * surface the app uses (on/off, timeout().emit/emitWithAck, connect/disconnect, id, connected,
 * active, io.engine.close); the test plays the server: it accepts or refuses handshakes, answers
 * commands, emits server events, drops the transport and lets the client back in.
 *
 * As in Socket.IO: a dropped transport leaves the socket active (it reconnects by itself, so a
 * handshake is pending until the test accepts it); a refused handshake or disconnect() makes it
 * inactive; every handshake reads `auth` anew; an acknowledgement for a connection that is gone
 * never arrives; emits while disconnected are buffered and sent on the next connect; the
 * acknowledgement timeout runs on the (fake) timers.
 */

type ReservedEvents = {
  connect: () => void;
  disconnect: (reason: string) => void;
  connect_error: (error: Error) => void;
};
type ClientEvents = ServerToClientEvents & ReservedEvents;
type Listener = (...args: never[]) => void;
type AckCallback = (error: Error | null, response?: unknown) => void;

/** A command the client sent, as the server received it. */
export interface ReceivedCommand<E extends ClientCommand = ClientCommand> {
  event: E;
  request: CommandRequest<E>;
  /** The id of the connection it came on. */
  socketId: string;
  answered: boolean;
  /** Answers it; dropped if that connection is gone by then, as a real acknowledgement would be. */
  reply(response: AckResponse<CommandReply<E>>): void;
}

/** Answers a command at once, or returns undefined to leave it for the test to answer later. */
export type CommandHandler<E extends ClientCommand> = (
  request: CommandRequest<E>,
  received: ReceivedCommand<E>,
) => AckResponse<CommandReply<E>> | undefined;

export function ok<T>(data: T): AckResponse<T> {
  return { ok: true, data };
}

export function refusal(code: ErrorCode, details?: Record<string, unknown>): AckResponse<never> {
  return { ok: false, error: { code, details } };
}

export interface Handshake {
  token: string | undefined;
  outcome: 'accepted' | 'refused';
}

export class FakeServer {
  /** Every handshake the server answered, with the token it carried. */
  readonly handshakes: Handshake[] = [];
  /** Every command received, in order. */
  readonly received: ReceivedCommand[] = [];
  /** How many times the client asked to connect (io() itself, and connect() calls). */
  connectRequests = 0;
  private client: FakeClientSocket | undefined;
  private pending = false;
  private connections = 0;
  private readonly handlers = new Map<ClientCommand, CommandHandler<ClientCommand>>();

  /** `accountOf`: the account a handshake's token signs in (none by default). */
  constructor(
    private readonly accountOf: (token: string | undefined) => string | undefined = () => undefined,
  ) {}

  /** Stands for socket.io-client's `io()`: a socket that starts connecting at once. */
  connect = (options: SocketConnectOptions): AppSocket => {
    if (this.client) throw new Error('the app opens one socket per tab');
    this.client = new FakeClientSocket(this, options);
    this.client.connect();
    return this.client as unknown as AppSocket;
  };

  /** Whether the client is waiting for the server to answer a handshake. */
  get awaitingHandshake(): boolean {
    return this.pending;
  }

  get socket(): FakeClientSocket {
    if (!this.client) throw new Error('the app has not opened its socket');
    return this.client;
  }

  /** Lets the waiting client in, with a new socket id, and welcomes it (unless `welcome` is null). */
  accept(welcome: Partial<WelcomeMessage> | null = {}): void {
    const token = this.takeHandshake('accepted');
    this.socket.opened(`socket-${++this.connections}`);
    if (welcome === null) return;
    this.emit('session:welcome', {
      protocolVersion: PROTOCOL_VERSION,
      nodeId: 'node-test',
      serverTime: Date.now(),
      accountId: this.accountOf(token),
      ...welcome,
    });
  }

  /** Refuses the waiting handshake, as a middleware error does: Socket.IO will not retry it. */
  refuse(code: ErrorCode): void {
    this.takeHandshake('refused');
    this.socket.refused(new Error(code));
  }

  /** The transport could not open (network down): Socket.IO keeps trying, the handshake stays pending. */
  failTransport(): void {
    if (!this.pending) throw new Error('no handshake under way');
    this.socket.fire('connect_error', new Error('websocket error'));
  }

  /** The transport closes under a connected socket: Socket.IO reconnects by itself. */
  drop(): void {
    if (!this.client?.connected) return;
    this.pending = true;
    this.client.closed('transport close');
  }

  /** A server event to the client (delivered only while connected). */
  emit<E extends keyof ServerToClientEvents>(event: E, ...args: Parameters<ServerToClientEvents[E]>): void {
    if (this.client?.connected) this.client.fire(event, ...args);
  }

  /** Answers every later `event` with the handler. */
  answer<E extends ClientCommand>(event: E, handler: CommandHandler<E>): void {
    this.handlers.set(event, handler as unknown as CommandHandler<ClientCommand>);
  }

  /** The commands received of one kind, in order. */
  commands<E extends ClientCommand>(event: E): ReceivedCommand<E>[] {
    return this.received.filter((received) => received.event === event) as unknown as ReceivedCommand<E>[];
  }

  /** The last command received of one kind. */
  last<E extends ClientCommand>(event: E): ReceivedCommand<E> {
    const found = this.commands(event).at(-1);
    if (!found) throw new Error(`no ${event} received`);
    return found;
  }

  /** @internal The client wants to connect. */
  connectRequested(): void {
    this.connectRequests++;
    this.pending = true;
  }

  /** @internal The client gave up connecting (disconnect()). */
  connectAbandoned(): void {
    this.pending = false;
  }

  /** @internal A command arrives from the client. */
  receive(
    event: ClientCommand,
    request: unknown,
    socketId: string,
    respond: (response: unknown) => void,
  ): void {
    const received: ReceivedCommand = {
      event,
      request: request as CommandRequest<ClientCommand>,
      socketId,
      answered: false,
      reply: (response) => {
        received.answered = true;
        // Acknowledgements arrive later than the emit returns, and never on another connection.
        void Promise.resolve().then(() => {
          if (this.client?.connected && this.client.id === socketId) respond(response);
        });
      },
    };
    this.received.push(received);
    const response = this.handlers.get(event)?.(received.request, received);
    if (response) received.reply(response);
  }

  private takeHandshake(outcome: Handshake['outcome']): string | undefined {
    if (!this.pending) throw new Error('no handshake under way');
    this.pending = false;
    const token = this.socket.authToken();
    this.handshakes.push({ token, outcome });
    return token;
  }
}

/** The client's end: what the app holds as its AppSocket. */
export class FakeClientSocket {
  id: string | undefined;
  connected = false;
  /** Whether Socket.IO would reconnect by itself: from connect() until a refusal or disconnect(). */
  active = false;
  readonly io = { engine: { close: () => this.server.drop() } };
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly sendBuffer: (() => void)[] = [];

  constructor(
    private readonly server: FakeServer,
    private readonly options: SocketConnectOptions,
  ) {}

  on<E extends keyof ClientEvents>(event: E, listener: ClientEvents[E]): this {
    const listeners = this.listeners.get(event) ?? new Set();
    listeners.add(listener as Listener);
    this.listeners.set(event, listeners);
    return this;
  }

  off<E extends keyof ClientEvents>(event: E, listener: ClientEvents[E]): this {
    this.listeners.get(event)?.delete(listener as Listener);
    return this;
  }

  /** How many listeners an event has (to see that a module let go of the socket). */
  listenerCount(event: keyof ClientEvents): number {
    return this.listeners.get(event)?.size ?? 0;
  }

  connect(): this {
    if (this.connected || this.server.awaitingHandshake) return this;
    this.active = true;
    this.server.connectRequested();
    return this;
  }

  disconnect(): this {
    this.active = false;
    this.server.connectAbandoned();
    if (this.connected) this.closed('io client disconnect');
    return this;
  }

  timeout(timeoutMs: number) {
    return {
      emit: (event: ClientCommand, request: unknown, callback: AckCallback) =>
        this.send(event, request, timeoutMs, callback),
      emitWithAck: (event: ClientCommand, request: unknown) =>
        new Promise<unknown>((resolve, reject) =>
          this.send(event, request, timeoutMs, (error, response) =>
            error ? reject(error) : resolve(response),
          ),
        ),
    };
  }

  /** @internal */
  fire(event: string, ...args: unknown[]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])])
      (listener as (...a: unknown[]) => void)(...args);
  }

  /** @internal The handshake was accepted. */
  opened(id: string): void {
    this.id = id;
    this.connected = true;
    this.fire('connect');
    for (const send of this.sendBuffer.splice(0)) send();
  }

  /** @internal */
  refused(error: Error): void {
    this.active = false;
    this.fire('connect_error', error);
  }

  /** @internal */
  closed(reason: string): void {
    this.connected = false;
    this.id = undefined;
    this.fire('disconnect', reason);
  }

  /** @internal The token the `auth` option gives now (it is read at every handshake). */
  authToken(): string | undefined {
    const { auth } = this.options;
    let data: object | undefined;
    if (typeof auth === 'function') auth((given) => (data = given));
    else data = auth;
    return (data as { token?: string } | undefined)?.token;
  }

  private send(event: ClientCommand, request: unknown, timeoutMs: number, callback: AckCallback): void {
    let settled = false;
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      callback(new Error('operation has timed out'));
    }, timeoutMs);
    const respond = (response: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      callback(null, response);
    };
    const deliver = () => this.server.receive(event, request, this.id ?? '', respond);
    if (this.connected) deliver();
    else this.sendBuffer.push(deliver); // Socket.IO sends it on the next connect
  }
}
