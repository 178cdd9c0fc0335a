import {
  SEAT_PULSE_INTERVAL_MS,
  type ResyncNotice,
  type SeatDelta,
  type SeatDeltas,
  type SeatPulse,
  type ShowAvailability,
  type ShowSnapshot,
} from '../../../shared/protocol/views';
import { toApiError, type ApiError } from '../api/api-error';
import type { AppConnection, AppSocket } from '../api/socket';
import type { VenueModel } from '../venue/venue-model';
import {
  applyAvailability,
  applyDelta,
  applyDeltas,
  applyPulse,
  applyResyncNotice,
  applySnapshot,
  applyWrites,
  awaitAllSnapshots,
  initialSyncState,
  showStatuses,
  type Reconciled,
  type SeatSyncState,
} from './reconcile';
import { feedCounters } from './seatmap-probe';
import { SEAT_STATUS_UNKNOWN } from './seat-state';
import { signalStatusChange } from './status-signal';

/**
 * A connected feed that has heard nothing of its show for this long (two pulses missed: the
 * connection is half-open, or the publisher has stopped) stops trusting its free seats (D6).
 */
const SILENCE_LIMIT_MS = SEAT_PULSE_INTERVAL_MS * 2.5;
/** Resync requests within this window go out as one show:subscribe (all sections go at once). */
const RESYNC_BATCH_MS = 30;
/**
 * React (panels, seat list, counts) hears of status changes at most this often; the canvas hears
 * of every one at once through status-signal.ts and redraws on the next frame.
 */
const UI_REFRESH_MS = 250;
const RETRY_MS = 2_000;

/** `paused`: connected, but the show's updates have stopped arriving (see SILENCE_LIMIT_MS). */
export type FeedStatus = 'syncing' | 'live' | 'paused' | 'offline';

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
 * through a waiting room, after presenting the admission on the connection), keeps what it knows
 * in a Uint8Array by seat index, merges snapshots, deltas and pulses with the pure functions of
 * ./reconcile, re-reads sections on gaps, lost deltas, new epochs and reconnects.
 *
 * `statuses`, what the page draws, is what it knows while a section is trusted, and shows that
 * section's free seats as unknown while it is not (offline, silent, awaiting a snapshot: D6). The
 * canvas hears of every change at once (status-signal.ts); listeners of the snapshot (React) at
 * most every UI_REFRESH_MS, however many deltas arrived meanwhile, and at once when the connection
 * status changes.
 */
export class LiveSeatFeed {
  /** What the page shows: changed in place. */
  readonly statuses: Uint8Array;
  /** What the feed knows, trusted or not. */
  private readonly known: Uint8Array;
  private state: SeatSyncState;
  private snapshot: FeedSnapshot;
  private readonly listeners = new Set<() => void>();
  private readonly toResync = new Set<number>();
  private resyncTimer: ReturnType<typeof setTimeout> | undefined;
  private notifyTimer: ReturnType<typeof setTimeout> | undefined;
  private silenceTimer: ReturnType<typeof setInterval> | undefined;
  private notifiedAt = 0;
  private statusesChanged = false;
  private stopped = false;
  /** Set once every section has had a snapshot: later re-reads are counted as resyncs. */
  private everSynced = false;
  /** This connection has joined the show's rooms (a snapshot arrived): silence counts from then. */
  private listening = false;
  private lastHeardAt = 0;
  private silent = false;
  /** Whether each section was trusted when `statuses` last showed it. */
  private readonly shownTrusted = new Map<number, boolean>();
  /** Free counts of the trusted sections: what the page shows. */
  private shownFree: ReadonlyMap<number, number> = new Map();
  private readonly sectionsById: VenueModel['sectionsById'];
  private readonly socket: AppSocket;

  constructor(
    private readonly connection: AppConnection,
    private readonly showId: string,
    model: VenueModel,
    private readonly access?: FeedAccess,
  ) {
    this.known = new Uint8Array(model.geometry.seatCount).fill(SEAT_STATUS_UNKNOWN);
    this.statuses = new Uint8Array(model.geometry.seatCount).fill(SEAT_STATUS_UNKNOWN);
    const sectionIds = model.geometry.sections.map((section) => section.id);
    this.state = initialSyncState(showId, sectionIds);
    this.snapshot = { revision: 0, status: 'syncing', free: this.shownFree };
    this.sectionsById = model.sectionsById;
    this.socket = connection.socket();
  }

  start(): void {
    this.socket.on('seats:delta', this.onDelta);
    this.socket.on('seats:deltas', this.onDeltas);
    this.socket.on('seats:resync', this.onResyncNotice);
    this.socket.on('seats:pulse', this.onPulse);
    this.socket.on('show:availability', this.onAvailability);
    this.socket.on('connect', this.onConnect);
    this.socket.on('disconnect', this.onDisconnect);
    this.silenceTimer = setInterval(this.checkSilence, SEAT_PULSE_INTERVAL_MS / 2);
    if (this.socket.connected) this.onConnect();
    else this.setStatus('offline');
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.resyncTimer);
    clearTimeout(this.notifyTimer);
    clearInterval(this.silenceTimer);
    this.socket.off('seats:delta', this.onDelta);
    this.socket.off('seats:deltas', this.onDeltas);
    this.socket.off('seats:resync', this.onResyncNotice);
    this.socket.off('seats:pulse', this.onPulse);
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
    this.listening = false;
    this.silent = false;
    // After any disconnect, deltas may have been missed: re-read everything (D4).
    this.merge(awaitAllSnapshots(this.state));
  };

  private readonly onDisconnect = () => {
    this.listening = false;
    this.reconsiderTrust();
  };

  private readonly onDelta = (delta: SeatDelta) => {
    if (!this.heard(delta.showId)) return;
    feedCounters.deltasReceived++;
    const reconciled = applyDelta(this.state, delta);
    if (reconciled.writes.length > 0) {
      feedCounters.deltasApplied++;
      feedCounters.seatChangesApplied += reconciled.writes.length / 2;
    }
    this.merge(reconciled);
  };
  /** A tick's changes of every section at once (this feed watches all of them). */
  private readonly onDeltas = (batch: SeatDeltas) => {
    if (!this.heard(batch.showId)) return;
    feedCounters.deltasReceived += batch.deltas.length;
    const reconciled = applyDeltas(this.state, batch);
    if (reconciled.writes.length > 0) {
      feedCounters.deltasApplied += batch.deltas.length;
      feedCounters.seatChangesApplied += reconciled.writes.length / 2;
    }
    this.merge(reconciled);
  };
  private readonly onResyncNotice = (notice: ResyncNotice) => {
    if (this.heard(notice.showId)) this.merge(applyResyncNotice(this.state, notice));
  };
  private readonly onAvailability = (availability: ShowAvailability) => {
    if (this.heard(availability.showId)) this.merge(applyAvailability(this.state, availability));
  };
  private readonly onPulse = (pulse: SeatPulse) => {
    if (this.heard(pulse.showId)) this.merge(applyPulse(this.state, pulse));
  };

  /** Notes a message about this show (the connection and the publisher are alive). */
  private heard(showId: string): boolean {
    if (showId !== this.showId || this.stopped) return false;
    this.lastHeardAt = Date.now();
    this.silent = false;
    return true;
  }

  private readonly checkSilence = () => {
    if (!this.listening || this.silent || Date.now() - this.lastHeardAt <= SILENCE_LIMIT_MS) return;
    this.silent = true;
    this.reconsiderTrust();
  };

  /** The connection or the silence changed, not the statuses: show every section as it now stands. */
  private reconsiderTrust(): void {
    this.merge({ state: this.state, runs: [], writes: [], redraw: [], resync: [] });
  }

  private merge(reconciled: Reconciled): void {
    if (this.stopped) return;
    const freeChanged = reconciled.state.free !== this.state.free;
    this.state = reconciled.state;
    applyWrites(this.known, reconciled);
    for (const id of reconciled.resync) this.toResync.add(id);
    if (reconciled.resync.length > 0) {
      // A (re)connection asks for everything at once: no use waiting for more requests to batch.
      const everything = this.toResync.size === this.state.sections.size;
      this.scheduleResync(everything ? 0 : RESYNC_BATCH_MS);
    }
    this.updateStatus();
    const shown = this.showChanged(reconciled.redraw);
    if (shown.length === 0 && !freeChanged) return;
    this.showFree();
    signalStatusChange(this.statuses, this.shownFree, this.everSynced, shown);
    this.scheduleNotify(shown.length > 0);
  }

  private trusted(sectionId: number): boolean {
    const version = this.state.sections.get(sectionId)?.version;
    return this.socket.connected && !this.silent && typeof version === 'number';
  }

  /** Shows the sections whose statuses changed or whose trust did; returns them. */
  private showChanged(changed: readonly number[]): number[] {
    const shown: number[] = [];
    const changedSet = new Set(changed);
    for (const id of this.state.sections.keys()) {
      const trusted = this.trusted(id);
      if (!changedSet.has(id) && this.shownTrusted.get(id) === trusted) continue;
      const section = this.sectionsById.get(id);
      if (section) showStatuses(this.known, this.statuses, section, trusted, SEAT_STATUS_UNKNOWN);
      this.shownTrusted.set(id, trusted);
      shown.push(id);
    }
    return shown;
  }

  private showFree(): void {
    const free = new Map<number, number>();
    for (const [id, count] of this.state.free) if (this.trusted(id)) free.set(id, count);
    this.shownFree = free;
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
      snapshot = await this.connection.command('show:subscribe', {
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
    this.listening = this.socket.connected;
    this.heard(this.showId);
    const reconciled = applySnapshot(this.state, snapshot, (id) => this.sectionsById.get(id)?.firstSeat);
    feedCounters.sectionSnapshots += reconciled.runs.length;
    this.merge(reconciled);
  }

  private updateStatus(): void {
    if (!this.socket.connected) return this.setStatus('offline');
    const awaiting = [...this.state.sections.values()].some((sync) => sync.version === null);
    if (!awaiting) this.everSynced = true;
    this.setStatus(this.silent ? 'paused' : awaiting ? 'syncing' : 'live');
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
      this.snapshot = { ...this.snapshot, revision, free: this.shownFree };
      this.emit();
    };
    this.notifyTimer = setTimeout(flush, Math.max(0, this.notifiedAt + UI_REFRESH_MS - Date.now()));
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}
