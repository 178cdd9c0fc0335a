import type { ReactNode } from 'react';
import { ErrorNotice } from '../components/ErrorNotice';
import { Loading } from '../components/Loading';
import type { ShowAccess } from './use-show-access';

export interface Admitted {
  saleId: string;
  windowEndsAt: number;
}

/**
 * Renders a show's shopping pages once access is known: for everyone when the show has no waiting
 * room, for admitted fans otherwise (`admitted` then says until when). Fans without admission see
 * a moment of loading while they are sent to the waiting room.
 */
export function ShowAccessGate({
  access,
  children,
}: {
  access: ShowAccess;
  children: (admitted: Admitted | undefined) => ReactNode;
}) {
  switch (access.status) {
    case 'checking':
    case 'queued':
      return <Loading />;
    case 'failed':
      return <ErrorNotice error={access.error} onRetry={access.retry} />;
    case 'open':
      return <>{children(undefined)}</>;
    case 'admitted':
      return <>{children({ saleId: access.saleId, windowEndsAt: access.windowEndsAt })}</>;
  }
}
