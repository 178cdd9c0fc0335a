import { setTimeout as sleep } from 'node:timers/promises';
import type { InventoryService } from '../server/inventory/inventory.service';
import type { SeatDeltas } from '../shared/protocol/views';
import { command, connectClient, connected, type ClientSocket } from '../server/test/support/harness';

/**
 * Seat changes at a steady rate through the real path: staff blocks and unblocks run as the
 * inventory's Lua scripts in Redis (InventoryService.block/unblock, in this process), which append
 * to the show's change stream; the node's delta publisher turns that into `seats:delta` messages
 * to the section rooms every DELTA_INTERVAL_MS, exactly as for holds.
 *
 * Every tick blocks `perTick / 2` free seats picked at random across the stadium and unblocks the
 * seats it blocked LAG_TICKS earlier, so each blocked seat stays blocked about half a second.
 */
const TICK_MS = 50;
const LAG_TICKS = 10;
const REASON = 'bench:map';

export interface ChurnResult {
  /** Seat status changes made (blocks + unblocks answered by the scripts). */
  seatChanges: number;
  seconds: number;
  /** Ticks that started more than one tick late. */
  lateTicks: number;
}

export class SeatChurn {
  private readonly blocked = new Set<number>();
  private readonly batches: number[][] = [];

  constructor(
    private readonly inventory: InventoryService,
    private readonly showId: string,
    private readonly seatCount: number,
    private readonly changesPerS: number,
  ) {}

  private get perTick(): number {
    return Math.max(2, Math.round((this.changesPerS * TICK_MS) / 1000));
  }

  private pick(count: number): number[] {
    const seats: number[] = [];
    while (seats.length < count) {
      const seat = Math.floor(Math.random() * this.seatCount);
      if (!this.blocked.has(seat) && !seats.includes(seat)) seats.push(seat);
    }
    return seats;
  }

  private async tick(): Promise<number> {
    const toBlock = this.pick(this.perTick / 2);
    const toUnblock = this.batches.length >= LAG_TICKS ? this.batches.shift()! : [];
    toBlock.forEach((seat) => this.blocked.add(seat));
    this.batches.push(toBlock);
    const [blocked, unblocked] = await Promise.all([
      this.inventory.block(this.showId, toBlock, REASON),
      toUnblock.length > 0 ? this.inventory.unblock(this.showId, toUnblock) : 0,
    ]);
    toUnblock.forEach((seat) => this.blocked.delete(seat));
    return blocked + unblocked;
  }

  /** Blocks for LAG_TICKS ticks (half the rate), so that the measured period is at the full rate. */
  async warmUp(): Promise<number> {
    let seatChanges = 0;
    for (let i = 0; i < LAG_TICKS; i++) {
      seatChanges += await this.tick();
      await sleep(TICK_MS);
    }
    return seatChanges;
  }

  async run(seconds: number): Promise<ChurnResult> {
    const ticks = Math.round((seconds * 1000) / TICK_MS);
    const started = performance.now();
    let seatChanges = 0;
    let lateTicks = 0;
    for (let i = 0; i < ticks; i++) {
      const due = started + i * TICK_MS;
      const wait = due - performance.now();
      if (wait > 1) await sleep(wait);
      else if (wait < -TICK_MS) lateTicks++;
      seatChanges += await this.tick();
    }
    return { seatChanges, seconds: (performance.now() - started) / 1000, lateTicks };
  }

  /** Unblocks everything still blocked. */
  async drain(): Promise<number> {
    const seats = this.batches.flat();
    this.batches.length = 0;
    this.blocked.clear();
    return seats.length > 0 ? this.inventory.unblock(this.showId, seats) : 0;
  }
}

/**
 * A second watcher of the show, over socket.io-client as the page's own connection is: it counts
 * the section deltas (and the seat changes in them) the server sends for all sections, in its
 * `seats:deltas` messages.
 */
export class DeltaCounter {
  deltas = 0;
  seatChanges = 0;

  private constructor(private readonly socket: ClientSocket) {
    // Watching all sections: one SeatDeltas a tick, carrying every changed section's delta (D2).
    socket.on('seats:deltas', (batch: SeatDeltas) => {
      for (const delta of batch.deltas) {
        this.deltas++;
        this.seatChanges += delta.changes.length / 2;
      }
    });
  }

  static async watch(url: string, showId: string): Promise<DeltaCounter> {
    const socket = connectClient(url);
    await connected(socket);
    const counter = new DeltaCounter(socket);
    const reply = await command(socket, 'show:subscribe', { showId, sections: 'all' });
    if (!reply.ok) throw new Error(`show:subscribe refused: ${JSON.stringify(reply)}`);
    return counter;
  }

  reset(): void {
    this.deltas = 0;
    this.seatChanges = 0;
  }

  close(): void {
    this.socket.disconnect();
  }
}
