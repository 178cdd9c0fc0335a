import { useSyncExternalStore } from 'react';
import type { ManagerOptions, Socket, SocketOptions } from 'socket.io-client';
import {
  PROTOCOL_VERSION,
  type ClientCommand,
  type ClientToServerEvents,
  type CommandReply,
  type CommandRequest,
  type ServerToClientEvents,
  type WelcomeMessage,
} from '../../../shared/protocol/events';
import type { AckResponse } from '../../../shared/protocol/views';
import { ApiError, apiErrorFrom } from './api-error';
import type { SessionStore } from './session';

export type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
/** `outdated`: the server speaks another protocol version; only a reload (new code) helps. */
export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'outdated';
export type SocketConnectOptions = Partial<ManagerOptions & SocketOptions>;

export const COMMAND_TIMEOUT_MS = 10_000;
/** A handshake the server refused (e.g. a lapsed token) is not retried by Socket.IO itself. */
export const REFUSED_RETRY_MS = 3_000;

/** What the connection needs of the fan's session (api/session.ts). */
export type SessionSource = Pick<SessionStore, 'getState' | 'subscribe' | 'token' | 'refresh' | 'freshToken'>;

export interface AppConnectionOptions {
  /** Opens a socket: socket.io-client's `io` in the app, an in-memory pair in tests. */
  connect: (options: SocketConnectOptions) => AppSocket;
  session: SessionSource;
  /** Told the server's time by every welcome (hold countdowns follow the server's clock). */
  clock: { noteServerTime(serverTime: number): void };
  /** Calls the listener when the browser knows it is offline (not given outside a browser). */
  onOffline?: (listener: () => void) => void;
}

/**
 * The tab's one Socket.IO connection, opened on first use: its status, the account the server
 * bound it to, and commands with acknowledgements. It follows the session (sign-in, renewal and
 * sign-out reach the live socket) and stops for good when the server speaks another protocol.
 */
export class AppConnection {
  private opened: AppSocket | undefined;
  private currentStatus: ConnectionStatus = 'connecting';
  /** The account the server has bound this socket to (a socket keeps one identity for life). */
  private boundAccount: string | undefined;
  private sentToken: string | null = null;
  private readonly statusListeners = new Set<() => void>();

  constructor(private readonly options: AppConnectionOptions) {}

  /** The socket, opened on first use. */
  socket(): AppSocket {
    this.opened ??= this.open();
    return this.opened;
  }

  status = (): ConnectionStatus => this.currentStatus;

  subscribeStatus = (listener: () => void): (() => void) => {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  };

  /**
   * Sends a command and waits for its acknowledgement. Fails fast when disconnected: Socket.IO would
   * otherwise buffer the command and send it on reconnection, long after the fan gave up on it.
   * A token that lapsed in between is renewed and the command sent once more.
   */
  async command<E extends ClientCommand>(event: E, request: CommandRequest<E>): Promise<CommandReply<E>> {
    const target = this.socket();
    await this.options.session.freshToken();
    await this.followSession(target);
    try {
      return await this.sendOnce(target, event, request);
    } catch (error) {
      if (!(error instanceof ApiError) || error.code !== 'AUTH_EXPIRED') throw error;
      await this.options.session.refresh();
      await this.followSession(target);
      return this.sendOnce(target, event, request);
    }
  }

  private open(): AppSocket {
    const { connect, session, onOffline } = this.options;
    const created = connect({
      // A function, so every reconnection presents the newest token.
      auth: (callback) => {
        this.sentToken = session.token();
        callback(this.sentToken ? { token: this.sentToken } : {});
      },
      transports: ['websocket', 'polling'],
    });
    created.on('connect', () => this.setStatus('connected'));
    created.on('disconnect', () => this.setStatus('reconnecting'));
    created.on('session:welcome', (welcome) => this.welcomed(created, welcome));
    created.on('connect_error', (error: Error) => this.connectFailed(created, error));
    session.subscribe(() => void this.followSession(created));
    // A WebSocket can outlive the network by the heartbeat's interval and timeout (45 s by default).
    // When the browser knows it is offline, close the transport now: the map shows it is stale, and
    // Socket.IO reconnects (and the map re-reads its snapshot) as soon as the network is back.
    onOffline?.(() => created.io.engine?.close());
    return created;
  }

  private welcomed(target: AppSocket, welcome: WelcomeMessage): void {
    if (welcome.protocolVersion !== PROTOCOL_VERSION) {
      // A deploy changed the protocol under this tab: stop talking rather than misread the server.
      this.setStatus('outdated');
      this.boundAccount = undefined;
      target.disconnect();
      return;
    }
    this.options.clock.noteServerTime(welcome.serverTime);
    this.boundAccount = welcome.accountId;
  }

  private connectFailed(target: AppSocket, error: Error): void {
    if (this.currentStatus === 'outdated') return;
    this.setStatus('reconnecting');
    if (target.active) return; // Socket.IO retries by itself
    const retry = () => setTimeout(() => target.connect(), REFUSED_RETRY_MS);
    if (error.message.startsWith('AUTH_')) void this.options.session.refresh().then(retry);
    else retry();
  }

  /** Sign-in, token renewal and sign-out reach the live socket without dropping its rooms if possible. */
  private async followSession(target: AppSocket): Promise<void> {
    const session = this.options.session.getState();
    if (session.status === 'restoring' || this.currentStatus === 'outdated') return; // only a reload helps
    const account = session.status === 'signedIn' ? session.account.id : undefined;
    if (this.boundAccount !== undefined && this.boundAccount !== account) {
      // Another account (or none): only a new connection can change the socket's identity.
      this.boundAccount = undefined;
      target.disconnect().connect();
      return;
    }
    if (session.status !== 'signedIn' || !target.connected || session.token === this.sentToken) return;
    this.sentToken = session.token;
    const response = await target
      .timeout(COMMAND_TIMEOUT_MS)
      .emitWithAck('auth:refresh', { token: session.token })
      .catch(() => undefined);
    if (response?.ok) this.boundAccount = account;
    else target.disconnect().connect();
  }

  private async sendOnce<E extends ClientCommand>(
    target: AppSocket,
    event: E,
    request: CommandRequest<E>,
  ): Promise<CommandReply<E>> {
    if (!target.connected || this.currentStatus === 'outdated') throw new ApiError('NOT_CONNECTED');
    // emitWithAck's types cannot follow a generic event name; the event maps above still check callers.
    const withTimeout = target.timeout(COMMAND_TIMEOUT_MS) as unknown as {
      emitWithAck(event: E, request: CommandRequest<E>): Promise<AckResponse<CommandReply<E>>>;
    };
    let response: AckResponse<CommandReply<E>>;
    try {
      response = await withTimeout.emitWithAck(event, request);
    } catch {
      throw new ApiError('TIMEOUT');
    }
    if (!response.ok) throw apiErrorFrom(response.error);
    return response.data;
  }

  private setStatus(next: ConnectionStatus): void {
    // Outdated lasts until the page reloads.
    if (this.currentStatus === next || this.currentStatus === 'outdated') return;
    this.currentStatus = next;
    for (const listener of this.statusListeners) listener();
  }
}

/** The connection's status, re-rendering when it changes. */
export function useConnectionStatus(connection: AppConnection): ConnectionStatus {
  return useSyncExternalStore(connection.subscribeStatus, connection.status);
}
