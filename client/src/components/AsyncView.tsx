import type { ReactNode } from 'react';
import type { AsyncState } from '../api/use-async';
import { ErrorNotice } from './ErrorNotice';
import { Loading } from './Loading';

/** Loading, error with retry, or the content. */
export function AsyncView<T>({
  state,
  retry,
  loadingLabel,
  children,
}: {
  state: AsyncState<T>;
  retry: () => void;
  loadingLabel?: string;
  children: (value: T) => ReactNode;
}) {
  if (state.status === 'loading') return <Loading label={loadingLabel} />;
  if (state.status === 'failed') return <ErrorNotice error={state.error} onRetry={retry} />;
  return <>{children(state.value)}</>;
}
