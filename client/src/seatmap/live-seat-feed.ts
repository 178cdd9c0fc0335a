import { useEffect, useState, useSyncExternalStore } from 'react';
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

/** Status of a seat we have no snapshot for yet: drawn as unavailable, never as free. */
export const SEAT_STATUS_UNKNOWN = 255;
/** Resync requests within this window go out as one show:subscribe. */
const RESYNC_BATCH_MS = 30;
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
  /** Bumps whenever statuses changed (the array changes in place); at most once per animation frame. */
  revision: number;
  status: FeedStatus;
  free: ReadonlyMap<number, number>;
}

/**
 * Live seat statuses of one show: subscribes to every section (the stadium has 60; for a show sold
 * through a waiting room, after presenting the admission on the connection), keeps statuses
 * in a Uint8Array by seat index, merges snapshots and deltas with the pure functions of
 * ./reconcile, re-reads sections on gaps, new epochs and reconnects, and tells listeners once per
 * frame, however many deltas arrived in it.
 */
export class LiveSeatFeed {
  readonly statuses: Uint8Array;
  private state: SeatSyncState;
  private snapshot: FeedSnapshot;
  private readonly listeners = new Set<() => void>();
  private readonly toResync = new Set<number>();
  private resyncTimer: ReturnType<typeof setTimeout> | undefined;
  private notifyScheduled = false;
  private statusesChanged = false;
  private stopped = false;
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
  private readonly onDelta = (delta: SeatDelta) => this.merge(applyDelta(this.state, delta));
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
    if (reconciled.resync.length > 0) this.scheduleResync(RESYNC_BATCH_MS);
    const statusesChanged = reconciled.writes.length > 0 || reconciled.runs.length > 0;
    if (statusesChanged || freeChanged) this.scheduleNotify(statusesChanged);
    this.updateStatus();
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
    this.merge(applySnapshot(this.state, snapshot, this.firstSeatOf));
  }

  private updateStatus(): void {
    if (!this.socket.connected) return this.setStatus('offline');
    const awaiting = [...this.state.sections.values()].some((sync) => sync.version === null);
    this.setStatus(awaiting ? 'syncing' : 'live');
  }

  private setStatus(status: FeedStatus): void {
    if (this.snapshot.status === status) return;
    this.snapshot = { ...this.snapshot, status };
    this.emit();
  }

  private scheduleNotify(statusesChanged: boolean): void {
    this.statusesChanged ||= statusesChanged;
    if (this.notifyScheduled) return;
    this.notifyScheduled = true;
    const flush = () => {
      const revision = this.snapshot.revision + (this.statusesChanged ? 1 : 0);
      this.notifyScheduled = false;
      this.statusesChanged = false;
      this.snapshot = { ...this.snapshot, revision, free: this.state.free };
      this.emit();
    };
    // One redraw per frame; in a hidden tab frames stop, so fall back to a timer there.
    if (typeof document !== 'undefined' && document.visibilityState === 'visible')
      requestAnimationFrame(flush);
    else setTimeout(flush, 100);
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}

const IDLE: FeedSnapshot = { revision: 0, status: 'syncing', free: new Map() };
const noSubscription = () => () => undefined;

/**
 * The live feed of a show's seats while the component is mounted (one per show and venue). `access`
 * must keep its identity across renders (memoise it).
 */
export function useLiveSeats(
  showId: string,
  model: VenueModel | undefined,
  access?: FeedAccess,
): { feed: LiveSeatFeed | undefined; snapshot: FeedSnapshot } {
  const [feed, setFeed] = useState<LiveSeatFeed>();
  useEffect(() => {
    if (!model) return;
    const created = new LiveSeatFeed(appSocket(), showId, model, access);
    created.start();
    setFeed(created);
    return () => {
      created.stop();
      setFeed(undefined);
    };
  }, [showId, model, access]);
  const snapshot = useSyncExternalStore(feed?.subscribe ?? noSubscription, feed?.getSnapshot ?? (() => IDLE));
  return { feed, snapshot };
}
