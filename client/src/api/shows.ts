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
