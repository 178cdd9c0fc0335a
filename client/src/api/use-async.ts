import { useCallback, useEffect, useState, type DependencyList } from 'react';
import { toApiError, type ApiError } from './api-error';

export type AsyncState<T> =
  { status: 'loading' } | { status: 'ready'; value: T } | { status: 'failed'; error: ApiError };

/** Runs `load` when `deps` change; results of superseded runs are dropped. */
export function useAsync<T>(load: () => Promise<T>, deps: DependencyList): [AsyncState<T>, () => void] {
  const [state, setState] = useState<AsyncState<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let current = true;
    setState({ status: 'loading' });
    load().then(
      (value) => current && setState({ status: 'ready', value }),
      (error: unknown) => current && setState({ status: 'failed', error: toApiError(error) }),
    );
    return () => {
      current = false;
    };
    // `load` is re-created every render; its inputs are the caller's deps.
  }, [...deps, attempt]);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return [state, reload];
}
