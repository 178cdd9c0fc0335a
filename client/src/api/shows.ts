import type { ShowView } from '../../../shared/protocol/views';
import { requestJson } from './http';
import { useAsync, type AsyncState } from './use-async';

let shows: Promise<ShowView[]> | undefined;

/** The catalogue changes rarely: read once per page load (a failed read is tried again). */
export function loadShows(): Promise<ShowView[]> {
  shows ??= requestJson<ShowView[]>('/api/shows').catch((error: unknown) => {
    shows = undefined;
    throw error;
  });
  return shows;
}

export function useShows(): [AsyncState<ShowView[]>, () => void] {
  return useAsync(loadShows, []);
}

/** One show, or undefined when the catalogue has no such show. */
export function useShow(showId: string): [AsyncState<ShowView | undefined>, () => void] {
  return useAsync(async () => (await loadShows()).find((show) => show.id === showId), [showId]);
}

/**
 * Free seats in the whole show now. The server refuses (SALE_UNAVAILABLE) while the show's
 * inventory is being rebuilt, so zero always means sold out.
 */
export async function fetchFreeSeats(showId: string): Promise<number> {
  const { freeSeats } = await requestJson<{ freeSeats: number }>(
    `/api/shows/${encodeURIComponent(showId)}/availability`,
  );
  return freeSeats;
}
