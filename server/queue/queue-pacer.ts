import { rooms } from '../../shared/protocol/events';
import type { QueueCursor } from '../../shared/protocol/views';
import type { SaleLookup } from '../catalogue/catalogue';
import type { Logger } from '../observability/logger';
import type { SeatRushServer } from '../realtime/typed-socket';
import type { QueueService } from './queue.service';
import { startingShare, type GovernorSettings } from './admission-governor';
import type { CursorRelay } from './cursor-relay';
import type { SalesRepository } from './sales.repository';

/**
 * The cursor is broadcast when it moves, and otherwise at least this often (or as the budget allows,
 * if less often): a broadcast to 100,000 sockets costs seconds of CPU (docs/benchmarks.md), and a
 * waiting fan's screen counts down by itself.
 */
const CURSOR_HEARTBEAT_MS = 30_000;
/**
 * While admission is held back by the nodes' delay (Q17), the cursor's budget shrinks with the
 * admission share, down to this part of it: the cursor moves that much slower, so fans learn as much
 * from fewer broadcasts, and the CPU goes to the shoppers who are late.
 */
const MIN_BUDGET_SHARE = 0.25;

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
  options: PacerOptions,
): () => Promise<void> {
  const { stepMs } = options;
  const lastBroadcast = new Map<string, QueueCursor>();
  /** Each sale's admission share as last governed [Q17]: the cursor's budget follows it. */
  const healthShares = new Map<string, number>();
  const governor = options.health && governorStep(options.health, queue, logger);
  const startShare = startingShare(options.health?.settings);
  return async () => {
    const worstLagMs = await governor?.readLag();
    for (const sale of sales.sales()) {
      // Closed sales are set up too, so that joining one answers QUEUE_CLOSED, not "try again".
      await queue.ensure(sale);
      if (Date.now() >= sale.closesAt.getTime()) continue;
      // T0 falls before the next step: wait for it, so the shuffle happens on time, not up to a step late.
      const untilT0 = sale.startsAt.getTime() - Date.now();
      if (untilT0 > 0 && untilT0 < stepMs) await new Promise((resolve) => setTimeout(resolve, untilT0));
      const live = await queue.freezeIfDue(sale, () => salesRepository.seed(sale.id), startShare);
      if (live && governor && worstLagMs !== undefined)
        healthShares.set(sale.id, await governor.govern(sale.id, worstLagMs));
      // What is left to sell first: while no seat is free, the step admits nobody. [Q8]
      if (live) await queue.noteSoldOut(sale);
      const step = live ? await queue.admitStep(sale.id) : undefined;
      if (step && step.admittedAccounts.length > 0) {
        // The admitted fans hear it now, not with the next (sparse, in a big room) cursor. [Q8]
        io.to(step.admittedAccounts.map(rooms.account)).emit('queue:admitted', { saleId: sale.id });
      }
      if (step && (step.admitted > 0 || step.noShows > 0 || step.idleReleased > 0))
        logger.debug({ saleId: sale.id, ...step, admittedAccounts: undefined }, 'admission step');

      const cursor = await queue.cursor(sale.id);
      const budget = { ...options, healthShare: healthShares.get(sale.id) ?? 1 };
      if (broadcastDue(lastBroadcast.get(sale.id), cursor, budget)) {
        options.cursors.publish(cursor);
        lastBroadcast.set(sale.id, { ...cursor, at: Date.now() });
      }
    }
  };
}

export interface PacerOptions {
  stepMs: number;
  /** Where the cursor goes to the sale's queue room, on every node. */
  cursors: Pick<CursorRelay, 'publish'>;
  /** Cursor messages per second the cluster may spend on a queue room (QUEUE_BROADCAST_FANS_PER_S). */
  broadcastFansPerSecond: number;
  /** Admission by the nodes' health [Q17]; without it the sale's rate is admitted whatever their load. */
  health?: AdmissionHealth;
}

export interface AdmissionHealth {
  /** The slowest serving node's event-loop delay, ms (worstServingLag over the nodes' vitals). */
  worstLagMs(): Promise<number | undefined>;
  settings: GovernorSettings;
}

/** Vitals come once a second: the share moves at most once a second, whatever the step. */
const GOVERN_INTERVAL_MS = 1_000;

function governorStep(health: AdmissionHealth, queue: QueueService, logger: Logger) {
  let readAt = 0;
  return {
    /** The delay to govern by this step, or undefined if the last reading is too recent. */
    async readLag(): Promise<number | undefined> {
      if (Date.now() - readAt < GOVERN_INTERVAL_MS) return undefined;
      readAt = Date.now();
      // Turned off: a share left from before is put back to 1 (nextHealthShare).
      return health.settings.lagTargetMs <= 0 ? 0 : health.worstLagMs();
    },
    /** Sets the sale's admission share from the delay; returns the share now. */
    async govern(saleId: string, worstLagMs: number): Promise<number> {
      const { from, to } = await queue.governAdmission(saleId, worstLagMs, health.settings);
      if (from !== to)
        logger.info({ saleId, worstLagMs: Math.round(worstLagMs), share: to }, 'admission share changed');
      return to;
    },
  };
}

/**
 * Whether to broadcast the cursor now. The shuffle, pauses and the sale selling out for good (or
 * seats put back on sale) go out at once. A moving cursor goes out every step while the room is
 * small, and less often as it grows, so that broadcasts stay within the budget of messages a
 * second: each message costs the server about 50 us of CPU (docs/benchmarks.md), and a room of
 * 100,000 fans updated every second would take all of it from the shoppers. The budget shrinks
 * with the admission share while the nodes are late (Q17). Otherwise a heartbeat, within the
 * budget too. [Q8]
 */
export function broadcastDue(
  previous: QueueCursor | undefined,
  cursor: QueueCursor,
  options: Pick<PacerOptions, 'stepMs' | 'broadcastFansPerSecond'> & { healthShare?: number },
  now = Date.now(),
): boolean {
  if (!previous || previous.phase !== cursor.phase || previous.paused !== cursor.paused) return true;
  if (previous.allSold !== cursor.allSold) return true;
  const sinceLast = now - previous.at;
  const waiting = Math.max(0, cursor.joined - cursor.nowServing);
  const budget = options.broadcastFansPerSecond * Math.max(MIN_BUDGET_SHARE, options.healthShare ?? 1);
  const budgetInterval = (waiting / budget) * 1000;
  if (sinceLast >= Math.max(CURSOR_HEARTBEAT_MS, budgetInterval)) return true;
  // soldOut flips as the last seats go into baskets and come back: it goes out as the cursor moves.
  const moved =
    previous.nowServing !== cursor.nowServing ||
    previous.admitRatePerSecond !== cursor.admitRatePerSecond ||
    previous.soldOut !== cursor.soldOut;
  return moved && sinceLast >= Math.max(options.stepMs, budgetInterval) - options.stepMs / 2;
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
