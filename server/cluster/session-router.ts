import cluster, { type Worker } from 'node:cluster';
import type { Socket } from 'node:net';
import { refuse } from './direct-accept';
import { STICKY_MESSAGE } from './messages';

type StickyData = Buffer | { type: 'Buffer'; data: number[] };

type RouterMessage =
  /** @socket.io/sticky's worker half reports every Engine.IO session it opens and closes. */
  | { type: typeof STICKY_MESSAGE.connection | typeof STICKY_MESSAGE.disconnection; data: string }
  /** A worker accepted a request of a session it does not hold (direct-accept.ts). */
  | { type: typeof STICKY_MESSAGE.misrouted; sessionId: string; data: StickyData };

/**
 * The primary's half of the cluster's front door: it knows which worker holds each Engine.IO
 * session (workers report them, through @socket.io/sticky's worker half), and passes a request a
 * worker accepted for another's session to that worker, with the bytes already read, in the message
 * @socket.io/sticky's worker half takes in. Only long-polling requests and upgrades of sessions
 * that began with polling ever come here; the primary accepts nothing itself. A session whose
 * worker is gone goes back to where it came from, whose Engine.IO answers it as unknown (the client
 * then starts a new session).
 */
export class SessionRouter {
  private readonly workerOfSession = new Map<string, number>();
  private handedOver = 0;

  constructor() {
    cluster.on('message', (worker, message: RouterMessage, handle?: Socket) =>
      this.onMessage(worker, message, handle),
    );
    cluster.on('exit', (worker) => this.forget(worker));
  }

  stats(): { sessions: number; handedOver: number } {
    return { sessions: this.workerOfSession.size, handedOver: this.handedOver };
  }

  private onMessage(from: Worker, message: RouterMessage, handle: Socket | undefined): void {
    switch (message?.type) {
      case STICKY_MESSAGE.connection:
        this.workerOfSession.set(message.data, from.id);
        return;
      case STICKY_MESSAGE.disconnection:
        if (this.workerOfSession.get(message.data) === from.id) this.workerOfSession.delete(message.data);
        return;
      case STICKY_MESSAGE.misrouted:
        if (handle) this.handOver(from, message.sessionId, message.data, handle);
        return;
    }
  }

  private handOver(from: Worker, sessionId: string, data: StickyData, socket: Socket): void {
    const ownerId = this.workerOfSession.get(sessionId);
    const owner =
      (ownerId !== undefined && cluster.workers?.[ownerId]) || (from.isConnected() ? from : undefined);
    if (!owner) return refuse(socket, '503 Service Unavailable');
    this.handedOver++;
    const head = Buffer.isBuffer(data) ? data : Buffer.from(data.data);
    owner.send({ type: STICKY_MESSAGE.connection, data: head }, socket, (error) => {
      if (error) socket.destroy();
    });
  }

  private forget(worker: Worker): void {
    for (const [sessionId, owner] of this.workerOfSession) {
      if (owner === worker.id) this.workerOfSession.delete(sessionId);
    }
  }
}
