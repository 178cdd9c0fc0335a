import { randomUUID } from 'node:crypto';
import type {
  ClientCommand,
  CommandReply,
  CommandRequest,
  WelcomeMessage,
} from '../../../shared/protocol/events';
import type { AckResponse, OrderView } from '../../../shared/protocol/views';
import { command, connectClient, type ClientSocket } from './harness';

export interface Racer {
  accountId: string;
  socket: ClientSocket;
  nodeIds: string[];
  owned: number;
  /** A checkout that did not come back (its node died): retried with the same key. */
  pendingCheckout?: PendingCheckout;
}

interface PendingCheckout {
  holdId: string;
  key: string;
  seats: number;
}

export interface RaceResult {
  rounds: number;
  holdsWon: number;
  /** Codes of refused holds, by code. */
  refusals: Map<string, number>;
  /** Commands that got no answer (a node died under them). */
  unanswered: number;
  paidOrders: OrderView[];
}

export async function connectRacers(
  url: string,
  fans: { id: string; token: string }[],
  perSecond = 800,
): Promise<Racer[]> {
  const racers: Racer[] = [];
  for (const [i, fan] of fans.entries()) {
    const socket = connectClient(url, fan.token);
    const racer: Racer = { accountId: fan.id, socket, nodeIds: [], owned: 0 };
    socket.on('session:welcome', (welcome: WelcomeMessage) => racer.nodeIds.push(welcome.nodeId));
    racers.push(racer);
    if (i % 50 === 49) await new Promise((resolve) => setTimeout(resolve, (50 / perSecond) * 1000));
  }
  const deadline = Date.now() + 60_000;
  while (racers.some((racer) => racer.nodeIds.length === 0)) {
    if (Date.now() > deadline) throw new Error('racers did not all connect');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return racers;
}

/** A random run of 1..max adjacent free seats, or undefined if none is free. */
function pickGroup(free: number[], max: number): number[] | undefined {
  if (free.length === 0) return undefined;
  const freeSet = new Set(free);
  const start = free[Math.floor(Math.random() * free.length)]!;
  const size = 1 + Math.floor(Math.random() * max);
  const group = [start];
  while (group.length < size && freeSet.has(group.at(-1)! + 1)) group.push(group.at(-1)! + 1);
  return group;
}

/**
 * Rounds in which every racer still under the seat limit asks at once for a group of 1-4 adjacent
 * seats it believes free; winners pay at once. Runs until `seats()` reports none free or held.
 */
export async function race(
  showId: string,
  racers: Racer[],
  seats: () => Promise<{ free: number[]; held: number }>,
  options: {
    limit: number;
    /** The race gives up after this long (the caller's assertions then fail). */
    deadlineMs?: number;
    onRound?: (round: number) => void | Promise<void>;
    timeoutMs?: number;
  },
): Promise<RaceResult> {
  const result: RaceResult = { rounds: 0, holdsWon: 0, refusals: new Map(), unanswered: 0, paidOrders: [] };
  const timeoutMs = options.timeoutMs ?? 5_000;
  const deadline = Date.now() + (options.deadlineMs ?? 120_000);
  for (let round = 0; Date.now() < deadline; round++) {
    const { free, held } = await seats();
    const retries = racers.filter((racer) => racer.pendingCheckout);
    if (free.length === 0 && held === 0 && retries.length === 0) break;
    // Seats held by holds nobody will pay for (their node died, the ack with it) come back when
    // the holds expire: until then, with no free seat, no one plays.
    const playable = racers.filter(
      (racer) => racer.socket.connected && (racer.pendingCheckout || free.length > 0),
    );
    if (playable.length === 0) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      continue;
    }
    result.rounds++;
    const attempts = racers.map(async (racer) => {
      if (racer.pendingCheckout) {
        return racer.socket.connected
          ? payFor(showId, racer, racer.pendingCheckout, result, timeoutMs)
          : undefined;
      }
      const allowance = options.limit - racer.owned;
      const group = allowance > 0 && pickGroup(free, Math.min(4, allowance));
      if (!group || !racer.socket.connected) return;
      const reply = await ask(racer.socket, 'seats:hold', { showId, seats: group }, timeoutMs);
      if (!reply) return void result.unanswered++;
      if (!reply.ok)
        return void result.refusals.set(reply.error.code, (result.refusals.get(reply.error.code) ?? 0) + 1);
      result.holdsWon++;
      racer.owned += group.length;
      await payFor(
        showId,
        racer,
        { holdId: reply.data.holdId, key: randomUUID(), seats: group.length },
        result,
        timeoutMs,
      );
    });
    const roundDone = Promise.all(attempts);
    await options.onRound?.(round);
    await roundDone;
  }
  return result;
}

async function payFor(
  showId: string,
  racer: Racer,
  checkout: PendingCheckout,
  result: RaceResult,
  timeoutMs: number,
): Promise<void> {
  if (!racer.socket.connected) {
    racer.pendingCheckout = checkout;
    return;
  }
  const reply = await ask(
    racer.socket,
    'order:checkout',
    { showId, holdId: checkout.holdId, paymentMethod: 'card', idempotencyKey: checkout.key },
    timeoutMs,
  );
  if (!reply) {
    result.unanswered++;
    racer.pendingCheckout = checkout;
    return;
  }
  racer.pendingCheckout = undefined;
  if (reply.ok && reply.data.status === 'paid') {
    if (!result.paidOrders.some((order) => order.id === reply.data.id)) result.paidOrders.push(reply.data);
  } else {
    // The hold was lost (its node died before the ack, then it expired): the allowance returns.
    racer.owned = Math.max(0, racer.owned - checkout.seats);
  }
}

async function ask<E extends ClientCommand>(
  socket: ClientSocket,
  event: E,
  payload: CommandRequest<E>,
  timeoutMs: number,
): Promise<AckResponse<CommandReply<E>> | undefined> {
  try {
    return await command(socket, event, payload, timeoutMs);
  } catch {
    return undefined;
  }
}
