import type { ErrorCode } from '../../../shared/errors';
import { ApiError, type AnyErrorCode } from '../api/api-error';
import { saleOfShow } from '../api/sales';
import { appSocket, command } from '../api/socket';
import { href, navigate } from '../app/routes';
import { admissionStore } from './admission-store';

/** What the server answers when a queued show is used without a live admission. [Q13] */
const ADMISSION_ERRORS: ReadonlySet<AnyErrorCode> = new Set<ErrorCode>([
  'ADMISSION_REQUIRED',
  'ADMISSION_EXPIRED',
  'ADMISSION_INVALID',
]);

export function isAdmissionError(error: unknown): error is ApiError {
  return error instanceof ApiError && ADMISSION_ERRORS.has(error.code);
}

/**
 * Admission is per socket: the server admits the connection that entered or presented a token.
 * Presentations made on this connection, by socket id, sale and token (a reconnect brings a new
 * id, so everything is presented again).
 */
const presented = new Map<string, Promise<void>>();
let forgetsOnDisconnect = false;

function presentationKey(socketId: string, saleId: string, token: string): string {
  return `${socketId} ${saleId} ${token}`;
}

/** `queue:enter` admitted this connection already; nothing to present on it. */
export function notePresented(saleId: string, token: string): void {
  const socket = appSocket();
  if (socket.id) presented.set(presentationKey(socket.id, saleId, token), Promise.resolve());
}

/**
 * Hands this tab's token for the sale to the current connection with `queue:admission`, once per
 * connection. Call before anything the server checks admission for on the socket (subscribing to
 * seats, holding, checking out); on an admission error, send the fan back with backToWaitingRoom.
 */
export async function presentAdmission(saleId: string): Promise<void> {
  const stored = admissionStore.get(saleId);
  if (!stored) throw new ApiError('ADMISSION_REQUIRED');
  const socket = appSocket();
  if (!socket.connected || !socket.id) throw new ApiError('NOT_CONNECTED');
  if (!forgetsOnDisconnect) {
    forgetsOnDisconnect = true;
    socket.on('disconnect', () => presented.clear());
  }
  const { token } = stored.admission;
  const key = presentationKey(socket.id, saleId, token);
  let presenting = presented.get(key);
  if (!presenting) {
    presenting = command('queue:admission', { saleId, token }).then(() => undefined);
    presented.set(key, presenting);
  }
  try {
    await presenting;
  } catch (error) {
    presented.delete(key);
    throw error;
  }
}

/** For socket commands on a show: presents the admission first if the show is sold through a queue. */
export async function admitSocketForShow(showId: string): Promise<void> {
  const sale = await saleOfShow(showId);
  if (sale) await presentAdmission(sale.id);
}

/** Headers for HTTP commands on a show (holds, orders): X-Admission-Token if it has a queue. [Q13] */
export async function admissionHeaders(showId: string): Promise<Record<string, string>> {
  const sale = await saleOfShow(showId);
  if (!sale) return {};
  const stored = admissionStore.get(sale.id);
  if (!stored) throw new ApiError('ADMISSION_REQUIRED');
  return { 'x-admission-token': stored.admission.token };
}

/** The admission is gone: forget the token and go back to the waiting room, which says why. */
export function backToWaitingRoom(saleId: string, code: AnyErrorCode): void {
  // The reason first: pages that see the token go re-render at once and may send the fan back too.
  admissionStore.setNotice(saleId, code);
  admissionStore.clear(saleId);
  navigate(href.queue(saleId));
}

/** As backToWaitingRoom, for a page that knows the show only. */
export async function backToWaitingRoomFromShow(showId: string, code: AnyErrorCode): Promise<void> {
  const sale = await saleOfShow(showId).catch(() => undefined);
  if (sale) backToWaitingRoom(sale.id, code);
}
