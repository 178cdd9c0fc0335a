import { randomBytes } from 'node:crypto';
import type { HoldView, OrderView, SeatDelta, ShowSnapshot } from '../../../shared/protocol/views';
import type { ShowInfo } from './behaviour';
import type { Fan } from './fan';
import { FanMap } from './fan-map';
import { RECONNECTED, type DeferredEvent } from '../wire/fan-socket';

/**
 * Shopping one show, as a fan on the seat map does: subscribe (snapshot, then deltas), look, pick,
 * hold (trying elsewhere when a seat was just taken), check out and pay, and hold the tickets. A fan
 * who finds nothing it wants keeps watching the map a while for returned seats, then joins the
 * waitlist of a sold-out show. Abandoning fans stop where their plan says.
 */

export type ShowOutcome = 'bought' | 'missed' | 'abandoned' | 'admission-over' | 'gave-up';

/** A refused seat counts as taken on the fan's map this long (the delta that says so is on its way). */
const REFUSED_MEMORY_MS = 3_000;
const WATCH_PAUSE_MS: [number, number] = [1_000, 2_500];
const MAX_PAYMENT_ATTEMPTS = 3;
const MAX_HOLD_ERRORS = 10;
const MAX_REREADS = 3;
/** A fan refused this often reloads the map (it must be behind); this often in all, it gives up. */
const REFUSALS_BEFORE_RELOAD = 4;
const MAX_REFUSALS = 16;
const CHECKOUT_TRIES = 3;
const PENDING_POLLS = 30;
const ADMISSION_OVER = new Set(['ADMISSION_EXPIRED', 'ADMISSION_REQUIRED', 'ADMISSION_INVALID']);

export async function shopShow(fan: Fan, show: ShowInfo): Promise<ShowOutcome> {
  const map = new FanMap(show);
  const listener = (event: string, payload: unknown) => {
    if (event === 'seats:delta' && (payload as SeatDelta).showId === show.id)
      map.applyDelta(payload as SeatDelta);
    // A new socket is in no room and missed deltas meanwhile: the map is read again before a pick.
    else if (event === RECONNECTED) map.stale = true;
  };
  const deferred = (event: DeferredEvent, frame: Buffer) => {
    if (event === 'seats:deltas') map.keep(frame);
  };
  fan.listeners.add(listener);
  fan.deferredListeners.add(deferred);
  try {
    const subscribed = await subscribe(fan, map);
    if (subscribed !== 'ok') return subscribed;
    await fan.think('browse');
    if (fan.plan.abandonAt === 'map') return 'abandoned';
    for (let payments = 0; payments < MAX_PAYMENT_ATTEMPTS; payments++) {
      const hold = await holdSeats(fan, map);
      if (typeof hold === 'string') return hold;
      if (fan.plan.abandonAt === 'hold-released') {
        await fan.command('seats:release', { showId: show.id, holdId: hold.holdId });
        return 'abandoned';
      }
      if (fan.plan.abandonAt === 'hold-kept') return 'abandoned';
      // The web app leaves the map for the checkout page: the map's rooms are left until it is back.
      leaveMap(fan, show);
      map.stale = true;
      await fan.think('checkout');
      if (fan.plan.abandonAt === 'checkout') return 'abandoned';
      const paid = await checkout(fan, show, hold);
      if (paid !== 'failed') return paid;
      // The payment was declined or the hold lapsed: the seats went back; hold again.
    }
    return 'gave-up';
  } finally {
    fan.listeners.delete(listener);
    fan.deferredListeners.delete(deferred);
    fan.metrics.counters.deltasApplied += map.deltasApplied;
    fan.metrics.counters.mapGaps += map.gaps;
    leaveMap(fan, show);
  }
}

/** The web app leaves the section rooms when the fan leaves the map (the show room stays). */
function leaveMap(fan: Fan, show: ShowInfo): void {
  if (fan.socket?.connected)
    void fan.socket.ask('show:unsubscribe', { showId: show.id, sections: 'all' }, 5_000);
}

async function subscribe(fan: Fan, map: FanMap): Promise<'ok' | 'admission-over' | 'gave-up'> {
  const reply = await fan.timedCommand<ShowSnapshot>('snapshot', 'show:subscribe', {
    showId: map.show.id,
    sections: 'all',
  });
  if (reply.ok) {
    map.applySnapshot(reply.data);
    map.catchUp();
    return 'ok';
  }
  return ADMISSION_OVER.has(reply.error.code) ? 'admission-over' : 'gave-up';
}

async function holdSeats(fan: Fan, map: FanMap): Promise<HoldView | Exclude<ShowOutcome, 'bought'>> {
  const { show } = map;
  const refusedAt = new Map<number, number>();
  let attempt = 0;
  let errors = 0;
  let refusals = 0;
  let lingerUntil: number | undefined;
  for (;;) {
    map.catchUp();
    // A gap: read the map again (as the web app re-reads a section), a few times at most.
    for (let reads = 0; map.stale && reads < MAX_REREADS; reads++) {
      const subscribed = await subscribe(fan, map);
      if (subscribed !== 'ok') return subscribed;
    }
    const now = Date.now();
    for (const [seat, at] of refusedAt) if (now - at > REFUSED_MEMORY_MS) refusedAt.delete(seat);
    const seats = fan.behaviour.chooseSeats({
      show,
      plan: fan.plan,
      statuses: map.statuses,
      refused: new Set(refusedAt.keys()),
      attempt,
      lingering: lingerUntil !== undefined,
      random: fan.random,
    });
    if (!seats) {
      lingerUntil ??= now + fan.env.crowd.lingerSeconds * 1000;
      if (now >= lingerUntil) return missedOut(fan, map);
      await fan.pause(fan.random.between(...WATCH_PAUSE_MS));
      continue;
    }
    attempt++;
    const reply = await fan.timedCommand<HoldView>('hold', 'seats:hold', { showId: show.id, seats });
    if (reply.ok) {
      if (fan.admittedAt) fan.metrics.duration('admissionToSeats', Date.now() - fan.admittedAt);
      return reply.data;
    }
    const code = reply.error.code;
    if (ADMISSION_OVER.has(code)) return 'admission-over';
    if (code === 'SEAT_UNAVAILABLE') {
      for (const seat of seats) refusedAt.set(seat, Date.now());
      if (++refusals >= MAX_REFUSALS) return missedOut(fan, map);
      if (refusals % REFUSALS_BEFORE_RELOAD === 0) map.stale = true;
      await fan.think('repick');
    } else if (code === 'LIMIT_EXCEEDED' || ++errors > MAX_HOLD_ERRORS) {
      return 'gave-up';
    } else {
      await fan.pause(fan.random.between(...WATCH_PAUSE_MS));
    }
  }
}

/** Nothing the fan would take came back: it joins the waitlist if the show is sold out. */
async function missedOut(fan: Fan, map: FanMap): Promise<'missed'> {
  map.catchUp();
  if (map.freeSeats() === 0) await fan.takeTheWaitlist([map.show.id], { readFirst: false });
  return 'missed';
}

type CheckoutResult = 'bought' | 'failed' | 'admission-over' | 'gave-up';

async function checkout(fan: Fan, show: ShowInfo, hold: HoldView): Promise<CheckoutResult> {
  const admission = fan.admission;
  if (!admission) return 'admission-over';
  const idempotencyKey = `surge-${fan.index}-${randomBytes(6).toString('hex')}`;
  const started = Date.now();
  for (let attempt = 1; attempt <= CHECKOUT_TRIES; attempt++) {
    const reply = await fan.timedHttp<OrderView>(
      'checkout',
      {
        method: 'POST',
        path: '/api/orders',
        body: { showId: show.id, holdId: hold.holdId, paymentMethod: fan.plan.paymentMethod },
        headers: { 'idempotency-key': idempotencyKey, 'x-admission-token': admission.token },
      },
      fan.env.shoppingHttp,
    );
    if (reply.ok) return settle(fan, show, await untilSettled(fan, reply.data), started);
    const code = reply.error.code;
    if (ADMISSION_OVER.has(code)) return 'admission-over';
    if (code === 'HOLD_EXPIRED' || code === 'HOLD_NOT_FOUND') return 'failed';
    // A lost answer or a restart: the same key returns the same order (C1).
    await fan.pause(1_000 * attempt);
  }
  return 'gave-up';
}

async function untilSettled(fan: Fan, order: OrderView): Promise<OrderView> {
  let current = order;
  for (let poll = 0; current.status === 'pending_payment' && poll < PENDING_POLLS; poll++) {
    await fan.pause(1_000);
    const reply = await fan.http<OrderView>(
      { method: 'GET', path: `/api/orders/${order.id}` },
      fan.env.shoppingHttp,
    );
    if (reply.ok) current = reply.data;
  }
  return current;
}

function settle(fan: Fan, show: ShowInfo, order: OrderView, startedAt: number): CheckoutResult {
  if (order.status === 'paid') {
    if (order.tickets.length !== order.seats.length) fan.noteError('TICKETS_MISSING');
    fan.metrics.counters.ordersPaid++;
    fan.metrics.sold(show.id, order.seats.length);
    fan.metrics.step('ticket', Date.now() - startedAt);
    if (fan.admittedAt) fan.metrics.duration('admissionToTickets', Date.now() - fan.admittedAt);
    return 'bought';
  }
  if (order.status === 'payment_failed') fan.metrics.paymentsFailed++;
  else fan.noteError(`ORDER_${order.status.toUpperCase()}`);
  return 'failed';
}
