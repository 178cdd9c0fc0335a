import { startTransition, useEffect, useState } from 'react';
import type { ResyncNotice, SeatDelta, ShowAvailability, ShowSnapshot } from '../../../shared/protocol/views';
import { toApiError, type ApiError } from '../api/api-error';
import { appSocket, command, type AppSocket } from '../api/socket';
import type { VenueModel } from '../venue/venue-model';
import {
  applyAvailability,
  applyDelta,
  applyResyncNotice,
  applySnapshot,
  applyWrites,
  awaitAllSnapshots,
  initialSyncState,
  type Reconciled,
  type SeatSyncState,
} from './reconcile';
import { warmUpSeatMap } from './map-warm-up';
import { feedCounters } from './seatmap-probe';
import { signalStatusChange } from './status-signal';

/** Status of a seat we have no snapshot for yet: drawn as unavailable, never as free. */
export const SEAT_STATUS_UNKNOWN = 255;
/** Resync requests within this window go out as one show:subscribe (all sections go at once). */
const RESYNC_BATCH_MS = 30;
/**
 * React (panels, seat list, counts) hears of status changes at most this often; the canvas hears
 * of every one at once through status-signal.ts and redraws on the next frame.
 */
const UI_REFRESH_MS = 250;
const RETRY_MS = 2_000;

export type FeedStatus = 'syncing' | 'live' | 'offline';

/** For a show sold through a waiting room: the seats are for admitted fans only (queue spec Q13). */
export interface FeedAccess {
  /** Runs before every subscription to sections: admits this connection (admission is per socket). */
  prepare(): Promise<void>;
  /** The server refused: the admission is gone (expired, invalid, or never given). */
  refused(error: ApiError): void;
  /** Whether an error means the admission is gone (no use retrying). */
  isRefusal(error: ApiError): boolean;
}

export interface FeedSnapshot {
  /** Bumps whenever statuses changed (the array changes in place); at most every UI_REFRESH_MS. */
  revision: number;
  status: FeedStatus;
  free: ReadonlyMap<number, number>;
}

/**
 * Live seat statuses of one show: subscribes to every section (the stadium has 60; for a show sold
 * through a waiting room, after presenting the admission on the connection), keeps statuses
 * in a Uint8Array by seat index, merges snapshots and deltas with the pure functions of
 * ./reconcile, re-reads sections on gaps, new epochs and reconnects. The canvas hears of every
 * change at once (status-signal.ts); listeners of the snapshot (React) at most every UI_REFRESH_MS,
 * however many deltas arrived meanwhile, and at once when the connection status changes.
 */
export class LiveSeatFeed {
  readonly statuses: Uint8Array;
  private state: SeatSyncState;
  private snapshot: FeedSnapshot;
  private readonly listeners = new Set<() => void>();
  private readonly toResync = new Set<number>();
  private resyncTimer: ReturnType<typeof setTimeout> | undefined;
  private notifyTimer: ReturnType<typeof setTimeout> | undefined;
  private notifiedAt = 0;
  private statusesChanged = false;
  private stopped = false;
  /** Set once every section has had a snapshot: later re-reads are counted as resyncs. */
  private everSynced = false;
  private readonly firstSeatOf: (sectionId: number) => number | undefined;

  constructor(
    private readonly socket: AppSocket,
    private readonly showId: string,
    model: VenueModel,
    private readonly access?: FeedAccess,
  ) {
    this.statuses = new Uint8Array(model.geometry.seatCount).fill(SEAT_STATUS_UNKNOWN);
    const sectionIds = model.geometry.sections.map((section) => section.id);
    this.state = initialSyncState(showId, sectionIds);
    this.snapshot = { revision: 0, status: 'syncing', free: this.state.free };
    this.firstSeatOf = (id) => model.sectionsById.get(id)?.firstSeat;
  }

  start(): void {
    this.socket.on('seats:delta', this.onDelta);
    this.socket.on('seats:resync', this.onResyncNotice);
    this.socket.on('show:availability', this.onAvailability);
    this.socket.on('connect', this.onConnect);
    this.socket.on('disconnect', this.onDisconnect);
    if (this.socket.connected) this.onConnect();
    else this.setStatus('offline');
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.resyncTimer);
    clearTimeout(this.notifyTimer);
    this.socket.off('seats:delta', this.onDelta);
    this.socket.off('seats:resync', this.onResyncNotice);
    this.socket.off('show:availability', this.onAvailability);
    this.socket.off('connect', this.onConnect);
    this.socket.off('disconnect', this.onDisconnect);
    // Leave the section rooms, sent at once so it cannot overtake a later subscribe. The show room
    // stays joined: it carries one small availability message per tick, and leaving it could race
    // with another page of this tab joining it again.
    if (this.socket.connected) {
      this.socket
        .timeout(5_000)
        .emit('show:unsubscribe', { showId: this.showId, sections: 'all' }, () => undefined);
    }
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): FeedSnapshot => this.snapshot;

  private readonly onConnect = () => {
    // After any disconnect, deltas may have been missed: re-read everything (D4).
    this.merge(awaitAllSnapshots(this.state));
  };

  private readonly onDisconnect = () => this.setStatus('offline');
  private readonly onDelta = (delta: SeatDelta) => {
    feedCounters.deltasReceived++;
    const reconciled = applyDelta(this.state, delta);
    if (reconciled.writes.length > 0) {
      feedCounters.deltasApplied++;
      feedCounters.seatChangesApplied += reconciled.writes.length / 2;
    }
    this.merge(reconciled);
  };
  private readonly onResyncNotice = (notice: ResyncNotice) =>
    this.merge(applyResyncNotice(this.state, notice));
  private readonly onAvailability = (availability: ShowAvailability) =>
    this.merge(applyAvailability(this.state, availability));

  private merge(reconciled: Reconciled): void {
    if (this.stopped) return;
    const freeChanged = reconciled.state.free !== this.state.free;
    this.state = reconciled.state;
    applyWrites(this.statuses, reconciled);
    for (const id of reconciled.resync) this.toResync.add(id);
    if (reconciled.resync.length > 0) {
      // A (re)connection asks for everything at once: no use waiting for more requests to batch.
      const everything = this.toResync.size === this.state.sections.size;
      this.scheduleResync(everything ? 0 : RESYNC_BATCH_MS);
    }
    const statusesChanged = reconciled.writes.length > 0 || reconciled.runs.length > 0;
    this.updateStatus();
    if (statusesChanged || freeChanged) {
      signalStatusChange(this.statuses, this.state.free, this.everSynced, reconciled.redraw);
      this.scheduleNotify(statusesChanged);
    }
  }

  private scheduleResync(delayMs: number): void {
    if (this.resyncTimer !== undefined) return;
    this.resyncTimer = setTimeout(() => {
      this.resyncTimer = undefined;
      void this.resync();
    }, delayMs);
  }

  private async resync(): Promise<void> {
    if (this.stopped || this.toResync.size === 0 || !this.socket.connected) return;
    const sectionIds = [...this.toResync];
    this.toResync.clear();
    if (this.everSynced) feedCounters.resyncRequests += sectionIds.length;
    const everything = sectionIds.length === this.state.sections.size;
    let snapshot: ShowSnapshot;
    try {
      await this.access?.prepare();
      snapshot = await command('show:subscribe', {
        showId: this.showId,
        sections: everything ? 'all' : sectionIds,
      });
    } catch (caught) {
      const error = toApiError(caught);
      if (this.access?.isRefusal(error)) {
        if (!this.stopped) this.access.refused(error);
        return;
      }
      // SALE_UNAVAILABLE while the inventory is rebuilt, a timeout, a dropped connection: try again
      // for the sections still waiting (a reconnect re-reads everything anyway).
      for (const id of sectionIds) if (this.state.sections.get(id)?.version === null) this.toResync.add(id);
      if (!this.stopped) this.scheduleResync(RETRY_MS);
      return;
    }
    const reconciled = applySnapshot(this.state, snapshot, this.firstSeatOf);
    feedCounters.sectionSnapshots += reconciled.runs.length;
    this.merge(reconciled);
  }

  private updateStatus(): void {
    if (!this.socket.connected) return this.setStatus('offline');
    const awaiting = [...this.state.sections.values()].some((sync) => sync.version === null);
    if (!awaiting) this.everSynced = true;
    this.setStatus(awaiting ? 'syncing' : 'live');
  }

  private setStatus(status: FeedStatus): void {
    if (this.snapshot.status === status) return;
    this.snapshot = { ...this.snapshot, status };
    this.emit();
  }

  private scheduleNotify(statusesChanged: boolean): void {
    this.statusesChanged ||= statusesChanged;
    if (this.notifyTimer !== undefined) return;
    const flush = () => {
      this.notifyTimer = undefined;
      this.notifiedAt = Date.now();
      const revision = this.snapshot.revision + (this.statusesChanged ? 1 : 0);
      this.statusesChanged = false;
      this.snapshot = { ...this.snapshot, revision, free: this.state.free };
      this.emit();
    };
    this.notifyTimer = setTimeout(flush, Math.max(0, this.notifiedAt + UI_REFRESH_MS - Date.now()));
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}

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
    const created = new LiveSeatFeed(appSocket(), showId, model, access);
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

// The map's code has loaded: start the connection and the downloads its first frame needs.
warmUpSeatMap();
