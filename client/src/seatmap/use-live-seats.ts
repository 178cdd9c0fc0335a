import { startTransition, useEffect, useState } from 'react';
import { appServices } from '../app/services';
import type { VenueModel } from '../venue/venue-model';
import { LiveSeatFeed, type FeedAccess, type FeedSnapshot } from './live-seat-feed';

const IDLE: FeedSnapshot = { revision: 0, status: 'syncing', free: new Map() };

/**
 * The live feed of a show's seats while the component is mounted (one per show and venue). `access`
 * must keep its identity across renders (memoise it). A new connection status renders at once;
 * new statuses and counts render as a transition, which React may spread over several frames and
 * interrupt, so the page's panels never hold up the map's frames.
 */
export function useLiveSeats(
  showId: string,
  model: VenueModel | undefined,
  access?: FeedAccess,
): { feed: LiveSeatFeed | undefined; snapshot: FeedSnapshot } {
  const [feed, setFeed] = useState<LiveSeatFeed>();
  const [snapshot, setSnapshot] = useState<FeedSnapshot>(IDLE);
  useEffect(() => {
    if (!model) return;
    const created = new LiveSeatFeed(appServices().connection, showId, model, access);
    created.start();
    // A transition: the page's first render with the statuses (the map, the seat list, the panels)
    // yields to the feed's messages, so the first snapshot is merged while it renders, and the map's
    // first frame already shows live statuses.
    startTransition(() => {
      setFeed(created);
      setSnapshot(created.getSnapshot());
    });
    let shown = created.getSnapshot();
    const unsubscribe = created.subscribe(() => {
      const next = created.getSnapshot();
      const urgent = next.status !== shown.status;
      shown = next;
      if (urgent) setSnapshot(next);
      else startTransition(() => setSnapshot(next));
    });
    return () => {
      unsubscribe();
      created.stop();
      setFeed(undefined);
      setSnapshot(IDLE);
    };
  }, [showId, model, access]);
  return { feed, snapshot };
}
