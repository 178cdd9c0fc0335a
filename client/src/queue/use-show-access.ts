import { useEffect } from 'react';
import type { ApiError } from '../api/api-error';
import { saleOfShow } from '../api/sales';
import { useAsync } from '../api/use-async';
import { href, navigate } from '../app/routes';
import { admissionStore, useAdmission } from './admission-store';

export type ShowAccess =
  | { status: 'checking' }
  /** Not sold through a waiting room: the map is open to everyone. */
  | { status: 'open' }
  | { status: 'admitted'; saleId: string; windowEndsAt: number }
  /** No admission for this show's sale: on the way to its waiting room. */
  | { status: 'queued'; saleId: string }
  | { status: 'failed'; error: ApiError; retry: () => void };

/**
 * Whether this tab may shop for a show: shows sold through a waiting room need the sale's
 * admission token (docs/queue-spec.md Q13). Without one, the fan is sent to the waiting room.
 */
export function useShowAccess(showId: string): ShowAccess {
  const [saleState, retry] = useAsync(() => saleOfShow(showId), [showId]);
  const sale = saleState.status === 'ready' ? saleState.value : undefined;
  const stored = useAdmission(sale?.id);
  const missing = sale !== undefined && stored === undefined;

  useEffect(() => {
    if (!missing || !sale) return;
    // A page that lost the token says why itself (expired, refused); otherwise: enter first.
    if (admissionStore.notice(sale.id) === undefined) admissionStore.setNotice(sale.id, 'ADMISSION_REQUIRED');
    navigate(href.queue(sale.id));
  }, [missing, sale]);

  if (saleState.status === 'loading') return { status: 'checking' };
  if (saleState.status === 'failed') return { status: 'failed', error: saleState.error, retry };
  if (!sale) return { status: 'open' };
  if (!stored) return { status: 'queued', saleId: sale.id };
  return { status: 'admitted', saleId: sale.id, windowEndsAt: stored.admission.expiresAt };
}
