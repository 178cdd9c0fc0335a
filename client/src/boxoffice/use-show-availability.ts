import { useEffect, useState } from 'react';
import type { ShowAvailability } from '../../../shared/protocol/views';
import { toApiError, type ApiError } from '../api/api-error';
import { appServices } from '../app/services';
import { applyAvailability, applySnapshot, initialSyncState } from '../seatmap/reconcile';

const RETRY_MS = 2_000;

/**
 * Free seats per section of a show, live: the show room's `show:availability` messages on top of
 * the counts a subscription without sections returns. Re-read on reconnect and on a new epoch.
 */
export function useShowAvailability(showId: string): {
  free?: ReadonlyMap<number, number>;
  error?: ApiError;
} {
  const [free, setFree] = useState<ReadonlyMap<number, number>>();
  const [error, setError] = useState<ApiError>();

  useEffect(() => {
    const { connection } = appServices();
    const socket = connection.socket();
    let state = initialSyncState(showId, []);
    let stopped = false;
    let retry: ReturnType<typeof setTimeout> | undefined;

    const read = async () => {
      clearTimeout(retry);
      try {
        const snapshot = await connection.command('show:subscribe', { showId });
        if (stopped) return;
        state = applySnapshot(state, snapshot, () => undefined).state;
        setFree(state.free);
        setError(undefined);
      } catch (caught) {
        if (stopped) return;
        setError(toApiError(caught));
        retry = setTimeout(() => void read(), RETRY_MS);
      }
    };
    const onAvailability = (availability: ShowAvailability) => {
      const next = applyAvailability(state, availability).state;
      const rebuilt = state.epoch !== null && next.epoch !== state.epoch;
      state = next;
      setFree(state.free);
      if (rebuilt) void read(); // counts of sections that did not change are from the old epoch
    };
    const onConnect = () => void read();

    socket.on('show:availability', onAvailability);
    socket.on('connect', onConnect);
    if (socket.connected) void read();
    return () => {
      stopped = true;
      clearTimeout(retry);
      socket.off('show:availability', onAvailability);
      socket.off('connect', onConnect);
    };
  }, [showId]);

  return { free, error };
}
