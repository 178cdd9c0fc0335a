import type { CheckoutRequest } from '../../../shared/protocol/schemas';
import type { OrderView } from '../../../shared/protocol/views';
import { sessionStore } from './session';

/**
 * Pays for a hold. The idempotency key makes a retried or doubled request return the same order (C1).
 * `headers` carries the X-Admission-Token of a show sold through a waiting room.
 */
export function checkout(request: CheckoutRequest, headers: Record<string, string> = {}): Promise<OrderView> {
  const { idempotencyKey, ...body } = request;
  return sessionStore.authedJson<OrderView>('/api/orders', {
    method: 'POST',
    body,
    headers: { ...headers, 'idempotency-key': idempotencyKey },
    // The simulated gateway answers in well under a second; a real one may take longer.
    timeoutMs: 30_000,
  });
}

export function fetchOrder(orderId: string): Promise<OrderView> {
  return sessionStore.authedJson<OrderView>(`/api/orders/${encodeURIComponent(orderId)}`);
}

export function fetchMyOrders(): Promise<OrderView[]> {
  return sessionStore.authedJson<OrderView[]>('/api/me/orders');
}

/** A random key for one checkout attempt; getRandomValues also works outside secure contexts. */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `co-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
