import { useSyncExternalStore } from 'react';
import { io, type Socket } from 'socket.io-client';
import {
  PROTOCOL_VERSION,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '../../../shared/protocol/events';
import type { AckResponse } from '../../../shared/protocol/views';
import { ApiError, apiErrorFrom } from './api-error';
import { noteServerTime } from './clock';
import { sessionStore } from './session';

export type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
/** `outdated`: the server speaks another protocol version; only a reload (new code) helps. */
export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'outdated';
type Command = keyof ClientToServerEvents;
type RequestOf<E extends Command> = Parameters<ClientToServerEvents[E]>[0];
type AckDataOf<E extends Command> = Parameters<ClientToServerEvents[E]>[1] extends (
  response: AckResponse<infer T>,
) => void
  ? T
  : never;

const COMMAND_TIMEOUT_MS = 10_000;
/** A handshake the server refused (e.g. a lapsed token) is not retried by Socket.IO itself. */
const REFUSED_RETRY_MS = 3_000;

let socket: AppSocket | undefined;
let status: ConnectionStatus = 'connecting';
/** The account the server has bound this socket to (a socket keeps one identity for life). */
let boundAccount: string | undefined;
let sentToken: string | null = null;
const statusListeners = new Set<() => void>();

/** The one Socket.IO connection of this tab, created on first use. */
export function appSocket(): AppSocket {
  if (socket) return socket;
  const created: AppSocket = io({
    // A function, so every reconnection presents the newest token.
    auth: (callback) => {
      sentToken = sessionStore.token();
      callback(sentToken ? { token: sentToken } : {});
    },
    transports: ['websocket', 'polling'],
  });
  created.on('connect', () => setStatus('connected'));
  created.on('disconnect', () => setStatus('reconnecting'));
  created.on('session:welcome', (welcome) => {
    if (welcome.protocolVersion !== PROTOCOL_VERSION) {
      // A deploy changed the protocol under this tab: stop talking rather than misread the server.
      setStatus('outdated');
      boundAccount = undefined;
      created.disconnect();
      return;
    }
    noteServerTime(welcome.serverTime);
    boundAccount = welcome.accountId;
  });
  created.on('connect_error', (error: Error) => {
    if (status === 'outdated') return;
    setStatus('reconnecting');
    if (created.active) return; // Socket.IO retries by itself
    const retry = () => setTimeout(() => created.connect(), REFUSED_RETRY_MS);
    if (error.message.startsWith('AUTH_')) void sessionStore.refresh().then(retry);
    else retry();
  });
  sessionStore.subscribe(() => void followSession(created));
  // A WebSocket can outlive the network by the heartbeat's interval and timeout (45 s by default).
  // When the browser knows it is offline, close the transport now: the map shows it is stale, and
  // Socket.IO reconnects (and the map re-reads its snapshot) as soon as the network is back.
  window.addEventListener('offline', () => created.io.engine?.close());
  socket = created;
  return created;
}

/** Sign-in, token renewal and sign-out reach the live socket without dropping its rooms if possible. */
async function followSession(target: AppSocket): Promise<void> {
  const session = sessionStore.getState();
  if (session.status === 'restoring' || status === 'outdated') return; // only a reload helps
  const account = session.status === 'signedIn' ? session.account.id : undefined;
  if (boundAccount !== undefined && boundAccount !== account) {
    // Another account (or none): only a new connection can change the socket's identity.
    boundAccount = undefined;
    target.disconnect().connect();
    return;
  }
  if (session.status !== 'signedIn' || !target.connected || session.token === sentToken) return;
  sentToken = session.token;
  const response = await target
    .timeout(COMMAND_TIMEOUT_MS)
    .emitWithAck('auth:refresh', { token: session.token })
    .catch(() => undefined);
  if (response?.ok) boundAccount = account;
  else target.disconnect().connect();
}

/**
 * Sends a command and waits for its acknowledgement. Fails fast when disconnected: Socket.IO would
 * otherwise buffer the command and send it on reconnection, long after the fan gave up on it.
 * A token that lapsed in between is renewed and the command sent once more.
 */
export async function command<E extends Command>(event: E, request: RequestOf<E>): Promise<AckDataOf<E>> {
  const target = appSocket();
  await sessionStore.freshToken();
  await followSession(target);
  try {
    return await sendOnce(target, event, request);
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== 'AUTH_EXPIRED') throw error;
    await sessionStore.refresh();
    await followSession(target);
    return sendOnce(target, event, request);
  }
}

async function sendOnce<E extends Command>(
  target: AppSocket,
  event: E,
  request: RequestOf<E>,
): Promise<AckDataOf<E>> {
  if (!target.connected || status === 'outdated') throw new ApiError('NOT_CONNECTED');
  // emitWithAck's types cannot follow a generic event name; the event maps above still check callers.
  const withTimeout = target.timeout(COMMAND_TIMEOUT_MS) as unknown as {
    emitWithAck(event: E, request: RequestOf<E>): Promise<AckResponse<AckDataOf<E>>>;
  };
  let response: AckResponse<AckDataOf<E>>;
  try {
    response = await withTimeout.emitWithAck(event, request);
  } catch {
    throw new ApiError('TIMEOUT');
  }
  if (!response.ok) throw apiErrorFrom(response.error);
  return response.data;
}

function setStatus(next: ConnectionStatus): void {
  if (status === next || status === 'outdated') return; // outdated lasts until the page reloads
  status = next;
  for (const listener of statusListeners) listener();
}

function subscribeStatus(listener: () => void): () => void {
  statusListeners.add(listener);
  return () => statusListeners.delete(listener);
}

export function useConnectionStatus(): ConnectionStatus {
  return useSyncExternalStore(subscribeStatus, () => status);
}
