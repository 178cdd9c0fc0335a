import { useCallback, useEffect, useEffectEvent, useState, type DependencyList } from 'react';
import { toApiError, type ApiError } from './api-error';

export type AsyncState<T> =
  { status: 'loading' } | { status: 'ready'; value: T } | { status: 'failed'; error: ApiError };

const LOADING = { status: 'loading' } as const;

/**
 * Runs `load` when `deps` change (lint checks them at each call, as for useEffect: additionalHooks
 * in eslint.config.js) or reload() is called; results of superseded runs are dropped. Until the
 * wanted run settles, the state is loading.
 */
export function useAsync<T>(load: () => Promise<T>, deps: DependencyList): [AsyncState<T>, () => void] {
  // The run the page wants: a new one whenever the deps change (noticed while rendering).
  const [wanted, setWanted] = useState({ deps, run: 0 });
  if (!sameDeps(wanted.deps, deps)) setWanted({ deps, run: wanted.run + 1 });
  const [settled, setSettled] = useState<{ run: number; state: AsyncState<T> }>();
  // The latest `load`, without making the effect depend on a function made anew every render.
  const start = useEffectEvent(load);
  const { run } = wanted;
  useEffect(() => {
    let current = true;
    start().then(
      (value) => current && setSettled({ run, state: { status: 'ready', value } }),
      (error: unknown) =>
        current && setSettled({ run, state: { status: 'failed', error: toApiError(error) } }),
    );
    return () => {
      current = false;
    };
  }, [run]);
  const reload = useCallback(() => setWanted((current) => ({ ...current, run: current.run + 1 })), []);
  return [settled?.run === run ? settled.state : LOADING, reload];
}

function sameDeps(a: DependencyList, b: DependencyList): boolean {
  return a.length === b.length && a.every((value, index) => Object.is(value, b[index]));
}
