import { rooms } from '../../shared/protocol/events';
import type { SaleLookup } from '../catalogue/catalogue';
import type { Logger } from '../observability/logger';
import type { SeatRushServer } from '../realtime/typed-socket';
import type { QueueService } from './queue.service';
import type { SalesRepository } from './sales.repository';

/**
 * The cursor is broadcast when it moves, and otherwise at least this often: a broadcast to 100,000
 * sockets costs seconds of CPU (docs/benchmarks.md), and a waiting fan's screen counts down by itself.
 */
const CURSOR_HEARTBEAT_MS = 30_000;

/**
 * Leader-only step of the waiting rooms, every QUEUE_STEP_MS: sets each sale's queue up, shuffles
 * it at T0, runs one admission step and broadcasts the "now serving" cursor to the sale's queue
 * room. [Q5, Q8, Q11]
 */
export function queuePacerStep(
  sales: SaleLookup,
  queue: QueueService,
  salesRepository: SalesRepository,
  io: SeatRushServer,
  logger: Logger,
  stepMs: number,
): () => Promise<void> {
  const lastBroadcast = new Map<string, { cursor: number; phase: string; at: number }>();
  return async () => {
    for (const sale of sales.sales()) {
      // Closed sales are set up too, so that joining one answers QUEUE_CLOSED, not "try again".
      await queue.ensure(sale);
      if (Date.now() >= sale.closesAt.getTime()) continue;
      // T0 falls before the next step: wait for it, so the shuffle happens on time, not up to a step late.
      const untilT0 = sale.startsAt.getTime() - Date.now();
      if (untilT0 > 0 && untilT0 < stepMs) await new Promise((resolve) => setTimeout(resolve, untilT0));
      const live = await queue.freezeIfDue(sale, () => salesRepository.seed(sale.id));
      const step = live ? await queue.admitStep(sale.id) : undefined;
      if (step && (step.admitted > 0 || step.noShows > 0))
        logger.debug({ saleId: sale.id, ...step }, 'admission step');

      const cursor = await queue.cursor(sale.id);
      const previous = lastBroadcast.get(sale.id);
      const moved = !previous || previous.cursor !== cursor.nowServing || previous.phase !== cursor.phase;
      if (moved || Date.now() - previous.at >= CURSOR_HEARTBEAT_MS) {
        io.to(rooms.queue(sale.id)).emit('queue:cursor', cursor);
        lastBroadcast.set(sale.id, { cursor: cursor.nowServing, phase: cursor.phase, at: Date.now() });
      }
    }
  };
}

/**
 * Every node, every QUEUE_PRESENCE_MS: the fans with a socket in a queue room here are present,
 * so their places are kept while they wait. [Q10]
 */
export function queuePresenceStep(
  sales: SaleLookup,
  queue: QueueService,
  io: SeatRushServer,
): () => Promise<void> {
  return async () => {
    const namespace = io.of('/');
    for (const sale of sales.sales()) {
      const socketIds = namespace.adapter.rooms.get(rooms.queue(sale.id));
      if (!socketIds) continue;
      const accountIds = new Set<string>();
      for (const socketId of socketIds) {
        const accountId = namespace.sockets.get(socketId)?.data.identity?.accountId;
        if (accountId) accountIds.add(accountId);
      }
      await queue.touch(sale.id, [...accountIds]);
    }
  };
}
