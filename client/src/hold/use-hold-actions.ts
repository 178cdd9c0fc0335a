import { useState } from 'react';
import { ApiError, toApiError } from '../api/api-error';
import { sessionStore } from '../api/session';
import { appServices } from '../app/services';
import { isAdmissionError } from '../queue/admission';
import { holdStore, type StoredHold } from './hold-store';

/**
 * Hold and release over the socket, with the busy state and the last error for the panel. Shows
 * sold through a waiting room need this connection admitted first; without admission, the fan goes
 * back to the waiting room.
 */
export function useHoldActions(showId: string) {
  const [busy, setBusy] = useState<'holding' | 'releasing'>();
  const [error, setError] = useState<ApiError>();
  const { connection, admission } = appServices();

  const run = async <T>(kind: 'holding' | 'releasing', action: () => Promise<T>): Promise<T | ApiError> => {
    setBusy(kind);
    setError(undefined);
    try {
      return await action();
    } catch (caught) {
      const apiError = toApiError(caught);
      setError(apiError);
      if (isAdmissionError(apiError)) void admission.backToWaitingRoomFromShow(showId, apiError.code);
      return apiError;
    } finally {
      setBusy(undefined);
    }
  };

  /** Holds all the seats or none (H1); resolves to the error when refused. */
  const hold = (seats: number[]) =>
    run('holding', async () => {
      const session = sessionStore.getState();
      if (session.status !== 'signedIn') throw new ApiError('AUTH_REQUIRED');
      await admission.admitSocketForShow(showId);
      const held = await connection.command('seats:hold', { showId, seats });
      holdStore.save({ accountId: session.account.id, hold: held });
      return held;
    });

  const release = (stored: StoredHold) =>
    run('releasing', async () => {
      try {
        await connection.command('seats:release', { showId, holdId: stored.hold.holdId });
      } catch (caught) {
        // Gone already (expired, or paid elsewhere): either way it is no longer ours to show.
        const code = toApiError(caught).code;
        if (code !== 'HOLD_NOT_FOUND' && code !== 'HOLD_EXPIRED') throw caught;
      }
      holdStore.clear(showId);
    });

  return { busy, error, setError, hold, release };
}
