import { useEffect, useState } from 'react';
import type { SaleView } from '../../../shared/protocol/views';
import { fetchSale } from '../api/sales';

/** How often to look for the seed once the shuffle is due (the sale is cached for 5 s). */
const REVEAL_POLL_MS = 5_000;

/**
 * A sale that picks up its seed once shuffled (Q6): while `shuffled` is true and the seed is still
 * unknown, the sale is read again every few seconds until the seed is published.
 */
export function useRevealedSale(initial: SaleView, shuffled: boolean): SaleView {
  // The sale read again with its seed, for the `initial` it was read for (a new one starts over).
  const [revealed, setRevealed] = useState<{ initial: SaleView; sale: SaleView }>();
  const sale = revealed?.initial === initial ? revealed.sale : initial;
  const waiting = shuffled && sale.seed === null;
  useEffect(() => {
    if (!waiting) return;
    let stopped = false;
    const timer = setInterval(() => {
      fetchSale(initial.id).then(
        (latest) => !stopped && latest.seed !== null && setRevealed({ initial, sale: latest }),
        () => undefined, // offline for a moment: the next round tries again
      );
    }, REVEAL_POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [waiting, initial]);
  return sale;
}
