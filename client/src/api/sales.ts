import type {
  AdmissionView,
  QueueEntryView,
  QueueStatusView,
  SaleView,
} from '../../../shared/protocol/views';
import { requestJson } from './http';
import { sessionStore } from './session';
import { useAsync, type AsyncState } from './use-async';

let sales: Promise<SaleView[]> | undefined;

/**
 * Sales and their waiting rooms. Which shows a sale covers does not change, so the list is read
 * once per page load (a failed read is tried again); the seed, revealed at the shuffle, comes
 * from fetchSale.
 */
export function loadSales(): Promise<SaleView[]> {
  sales ??= requestJson<SaleView[]>('/api/sales').catch((error: unknown) => {
    sales = undefined;
    throw error;
  });
  return sales;
}

export function useSales(): [AsyncState<SaleView[]>, () => void] {
  return useAsync(loadSales, []);
}

/** One sale as it is now (the seed appears once the pre-queue has been shuffled). */
export function fetchSale(saleId: string): Promise<SaleView> {
  return requestJson<SaleView>(`/api/sales/${encodeURIComponent(saleId)}`);
}

/** The sale a show is sold through, if it has a waiting room. */
export async function saleOfShow(showId: string): Promise<SaleView | undefined> {
  return (await loadSales()).find((sale) => sale.showIds.includes(showId));
}

/** The cursor for fans without a socket, with how long to wait before asking again. [Q9] */
export function fetchQueueStatus(saleId: string, place: number | null): Promise<QueueStatusView> {
  const query = place === null ? '' : `?place=${place}`;
  return requestJson<QueueStatusView>(`/api/sales/${encodeURIComponent(saleId)}/queue/status${query}`);
}

/** The fan's own place; asking also counts as being present. [Q10] */
export function fetchMyQueueEntry(saleId: string): Promise<QueueEntryView> {
  return sessionStore.authedJson<QueueEntryView>(`/api/sales/${encodeURIComponent(saleId)}/queue/me`);
}

export function joinQueueOverHttp(saleId: string): Promise<QueueEntryView> {
  return sessionStore.authedJson<QueueEntryView>(`/api/sales/${encodeURIComponent(saleId)}/queue`, {
    method: 'POST',
  });
}

export function leaveQueueOverHttp(saleId: string): Promise<void> {
  return sessionStore.authedJson<void>(`/api/sales/${encodeURIComponent(saleId)}/queue/me`, {
    method: 'DELETE',
  });
}

/** An admitted fan's token for the shopping window. [Q13] */
export function enterOverHttp(saleId: string): Promise<AdmissionView> {
  return sessionStore.authedJson<AdmissionView>(`/api/sales/${encodeURIComponent(saleId)}/admission`, {
    method: 'POST',
  });
}
