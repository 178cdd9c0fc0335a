import type { ErrorCode } from '../../../shared/errors';
import type { SaleView } from '../../../shared/protocol/views';
import { ApiError, type AnyErrorCode } from '../api/api-error';
import type { AppConnection, AppSocket } from '../api/socket';
import { href } from '../app/routes';
import type { AdmissionStore } from './admission-store';

/** What the server answers when a queued show is used without a live admission. [Q13] */
const ADMISSION_ERRORS: ReadonlySet<AnyErrorCode> = new Set<ErrorCode>([
  'ADMISSION_REQUIRED',
  'ADMISSION_EXPIRED',
  'ADMISSION_INVALID',
]);

export function isAdmissionError(error: unknown): error is ApiError {
  return error instanceof ApiError && ADMISSION_ERRORS.has(error.code);
}

export interface AdmissionOptions {
  connection: AppConnection;
  /** The tab's tokens per sale, and the notices the waiting room shows. */
  store: Pick<AdmissionStore, 'get' | 'setNotice' | 'clear'>;
  /** The sale a show is sold through, if it has a waiting room (api/sales.ts). */
  saleOfShow: (showId: string) => Promise<SaleView | undefined>;
  /** Moves the tab to another page (app/routes.ts). */
  navigate: (target: string) => void;
}

/**
 * The tab's admissions in use (docs/queue-spec.md Q13): tokens handed to the connection, headers
 * for HTTP commands, and the way back to the waiting room once a token is gone.
 *
 * Admission is per socket: the server admits the connection that entered or presented a token.
 * Presentations are remembered by socket id, sale and token, so a reconnect (a new id) presents
 * everything again.
 */
export class Admission {
  private readonly presented = new Map<string, Promise<void>>();
  /** The socket whose disconnects clear `presented` (the connection keeps one for the tab's life). */
  private watched: AppSocket | undefined;

  constructor(private readonly options: AdmissionOptions) {}

  /** `queue:enter` admitted this connection already; nothing to present on it. */
  notePresented(saleId: string, token: string): void {
    const socket = this.options.connection.socket();
    if (socket.id) this.presented.set(presentationKey(socket.id, saleId, token), Promise.resolve());
  }

  /**
   * Hands this tab's token for the sale to the current connection with `queue:admission`, once per
   * connection. Call before anything the server checks admission for on the socket (subscribing to
   * seats, holding, checking out); on an admission error, send the fan back with backToWaitingRoom.
   */
  async present(saleId: string): Promise<void> {
    const stored = this.options.store.get(saleId);
    if (!stored) throw new ApiError('ADMISSION_REQUIRED');
    const socket = this.options.connection.socket();
    if (!socket.connected || !socket.id) throw new ApiError('NOT_CONNECTED');
    this.forgetOnDisconnect(socket);
    const { token } = stored.admission;
    const key = presentationKey(socket.id, saleId, token);
    let presenting = this.presented.get(key);
    if (!presenting) {
      presenting = this.options.connection
        .command('queue:admission', { saleId, token })
        .then(() => undefined);
      this.presented.set(key, presenting);
    }
    try {
      await presenting;
    } catch (error) {
      this.presented.delete(key); // the next call presents again
      throw error;
    }
  }

  /** For socket commands on a show: presents the admission first if the show is sold through a queue. */
  async admitSocketForShow(showId: string): Promise<void> {
    const sale = await this.options.saleOfShow(showId);
    if (sale) await this.present(sale.id);
  }

  /** Headers for HTTP commands on a show (holds, orders): X-Admission-Token if it has a queue. [Q13] */
  async headersForShow(showId: string): Promise<Record<string, string>> {
    const sale = await this.options.saleOfShow(showId);
    if (!sale) return {};
    const stored = this.options.store.get(sale.id);
    if (!stored) throw new ApiError('ADMISSION_REQUIRED');
    return { 'x-admission-token': stored.admission.token };
  }

  /** The admission is gone: forget the token and go back to the waiting room, which says why. */
  backToWaitingRoom(saleId: string, code: AnyErrorCode): void {
    // The reason first: pages that see the token go re-render at once and may send the fan back too.
    this.options.store.setNotice(saleId, code);
    this.options.store.clear(saleId);
    this.options.navigate(href.queue(saleId));
  }

  /** As backToWaitingRoom, for a page that knows the show only. */
  async backToWaitingRoomFromShow(showId: string, code: AnyErrorCode): Promise<void> {
    const sale = await this.options.saleOfShow(showId).catch(() => undefined);
    if (sale) this.backToWaitingRoom(sale.id, code);
  }

  private forgetOnDisconnect(socket: AppSocket): void {
    if (this.watched === socket) return;
    this.watched = socket;
    socket.on('disconnect', () => this.presented.clear());
  }
}

function presentationKey(socketId: string, saleId: string, token: string): string {
  return `${socketId} ${saleId} ${token}`;
}
