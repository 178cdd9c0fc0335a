import { setImmediate as nextTurn } from 'node:timers/promises';
import { rooms } from '../../shared/protocol/events';
import type { QueueCursor } from '../../shared/protocol/views';
import type { SeatRushServer } from '../realtime/typed-socket';

/** Sockets written per turn of the event loop. */
const SLICE = 500;

/**
 * Each node's delivery of the "now serving" cursor to the waiting fans it holds (Q8), a slice of
 * sockets per turn of its event loop. One emit to the whole room wrote to every socket in one go:
 * ~11,000 waiting fans a worker in the surge's 100,000-fan sale, each write a system call, and on a
 * loaded machine the worker answered nothing else (no accept, no checkout) for seconds per cursor.
 * A newer cursor replaces one still going out: the fans not yet written to get the newer one.
 */
export class CursorRelay {
  private readonly deliveries = new Map<string, { superseded: boolean }>();

  constructor(
    private readonly io: SeatRushServer,
    private readonly slice = SLICE,
  ) {}

  /** The pacer's cursor, to every node (this one included). */
  publish(cursor: QueueCursor): void {
    this.io.serverSideEmit('queue:cursor', cursor);
    void this.deliver(cursor);
  }

  /** Writes the cursor to this node's sockets in the sale's queue room, a slice a turn. */
  async deliver(cursor: QueueCursor): Promise<void> {
    const room = rooms.queue(cursor.saleId);
    const previous = this.deliveries.get(room);
    if (previous) previous.superseded = true;
    const delivery = { superseded: false };
    this.deliveries.set(room, delivery);
    const socketIds = [...(this.io.of('/').adapter.rooms.get(room) ?? [])];
    for (let start = 0; start < socketIds.length; start += this.slice) {
      if (start > 0) await nextTurn();
      if (delivery.superseded) return;
      // Every socket is in a room of its own id: one encoding a slice.
      this.io.local.to(socketIds.slice(start, start + this.slice)).emit('queue:cursor', cursor);
    }
    if (this.deliveries.get(room) === delivery) this.deliveries.delete(room);
  }
}
