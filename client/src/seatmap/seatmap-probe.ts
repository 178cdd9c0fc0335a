import type Konva from 'konva';

/**
 * Permanent, cheap instrumentation of the seat map, read by `npm run bench:map`
 * (loadtest/bench-map.ts) and visible in DevTools:
 *
 * - `performance.mark('seatmap:first-render')`: the end of the first Konva draw of a show's map with
 *   live statuses (every section's snapshot applied). One entry per page: a new map replaces it.
 * - `globalThis.__seatmapFeed`: counters of the live seat feed, plain integers bumped per message.
 *
 * Nothing here allocates per frame or per message.
 */
export const FIRST_RENDER_MARK = 'seatmap:first-render';

export interface FeedCounters {
  /** `seats:delta` messages heard. */
  deltasReceived: number;
  /** Of those, deltas whose changes were written into the status array (not duplicates or stale). */
  deltasApplied: number;
  /** Seat status changes written from deltas. */
  seatChangesApplied: number;
  /** Section snapshots written (first load, gaps, reconnects). */
  sectionSnapshots: number;
  /** Sections whose snapshot was asked for again after the first load. */
  resyncRequests: number;
}

export const feedCounters: FeedCounters = {
  deltasReceived: 0,
  deltasApplied: 0,
  seatChangesApplied: 0,
  sectionSnapshots: 0,
  resyncRequests: 0,
};

if (typeof globalThis !== 'undefined') {
  (globalThis as { __seatmapFeed?: FeedCounters }).__seatmapFeed = feedCounters;
}

/**
 * Marks FIRST_RENDER_MARK at the end of the layer's first draw for which `isLive()` holds (the
 * statuses it drew were live). Returns a function that stops watching (the map unmounted first).
 */
export function watchFirstRender(layer: Konva.Layer, isLive: () => boolean): () => void {
  const event = 'draw.seatmapFirstRender';
  layer.on(event, () => {
    if (!isLive()) return;
    layer.off(event);
    if (typeof performance === 'undefined' || typeof performance.mark !== 'function') return;
    performance.clearMarks(FIRST_RENDER_MARK);
    performance.mark(FIRST_RENDER_MARK);
  });
  return () => void layer.off(event);
}
