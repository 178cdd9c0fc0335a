import type {
  ResyncNotice,
  SeatDelta,
  SeatDeltas,
  SeatPulse,
  ShowAvailability,
  ShowSnapshot,
} from '../../../shared/protocol/views';
import { SEAT_STATUS } from '../../../shared/venue';

/**
 * Pure merging of seat-status messages into per-section sync state (docs/holds-spec.md D3, D4).
 * Nothing here touches the status array: each function returns the new state, what to write into
 * the array (`runs` from snapshots first, then `writes` from deltas, in that order), the sections to
 * redraw and the sections whose snapshot must be re-read.
 *
 * A section is either consistent at a version, or awaiting a snapshot. Deltas that arrive while it
 * awaits one are buffered and replayed on top of the snapshot, so a delta published between the
 * server reading the snapshot and the client receiving it is not lost (which would otherwise cause
 * another gap and another resync, over and over under load). Their statuses are also written at
 * once: they are the newest the client knows, and the snapshot overwrites them if it is newer.
 */

/** Deltas kept per section while its snapshot is awaited; the snapshot covers anything dropped. */
export const MAX_BUFFERED_DELTAS = 32;

export interface SectionSync {
  /** The version the section's statuses are consistent with; null while a snapshot is awaited. */
  version: number | null;
  /** Deltas received while awaiting the snapshot, replayed on top of it. */
  buffered: readonly SeatDelta[];
}

export interface SeatSyncState {
  showId: string;
  /** The show's inventory epoch; null before the first snapshot. */
  epoch: number | null;
  /** The watched sections. Messages about other sections only update `free`. */
  sections: ReadonlyMap<number, SectionSync>;
  /** Free seats per section (all sections, watched or not). */
  free: ReadonlyMap<number, number>;
  /** The versions the last pulse said had been sent, by section (D5). */
  pulsed: ReadonlyMap<number, number>;
}

/** A whole section's statuses, one SEAT_STATUS digit per seat from `firstSeat`. */
export interface StatusRun {
  firstSeat: number;
  digits: string;
}

export interface Reconciled {
  state: SeatSyncState;
  /** Snapshot statuses, to be written before `writes`. */
  runs: StatusRun[];
  /** Flat [seatIndex, status, ...] from deltas, in order. */
  writes: number[];
  /** Sections whose seats may have changed. */
  redraw: number[];
  /** Sections whose snapshot must be (re-)read. */
  resync: number[];
}

/** Where each section's seats start: seat index of its first seat. */
export type FirstSeatOf = (sectionId: number) => number | undefined;

const AWAITING: SectionSync = { version: null, buffered: [] };

/** State before any snapshot: every watched section awaits one (the caller subscribes to them). */
export function initialSyncState(showId: string, sectionIds: readonly number[]): SeatSyncState {
  return {
    showId,
    epoch: null,
    sections: new Map(sectionIds.map((id) => [id, AWAITING])),
    free: new Map(),
    pulsed: new Map(),
  };
}

/** After a reconnect nothing can be trusted: every section awaits a fresh snapshot (D4). */
export function awaitAllSnapshots(state: SeatSyncState): Reconciled {
  const sections = new Map<number, SectionSync>();
  for (const id of state.sections.keys()) sections.set(id, AWAITING);
  return result({ ...state, sections }, { resync: [...state.sections.keys()] });
}

export function applySnapshot(
  state: SeatSyncState,
  snapshot: ShowSnapshot,
  firstSeatOf: FirstSeatOf,
): Reconciled {
  if (snapshot.showId !== state.showId) return result(state);
  if (state.epoch !== null && snapshot.epoch < state.epoch) {
    // Read before an inventory rebuild we already know of: ask again for what it was meant to fill.
    const stale = snapshot.sections
      .map((s) => s.sectionId)
      .filter((id) => state.sections.get(id)?.version === null);
    return result(state, { resync: stale });
  }
  const newEpoch = state.epoch !== null && snapshot.epoch > state.epoch;
  const sections = new Map(state.sections);
  const out = emptyOutput();
  if (newEpoch) {
    // Everything read under the old epoch is void; keep only deltas of the new one.
    for (const [id, sync] of sections) {
      if (sync.version !== null) out.resync.push(id);
      sections.set(id, { version: null, buffered: sync.buffered.filter((d) => d.epoch === snapshot.epoch) });
    }
  }
  for (const section of snapshot.sections) {
    const sync = sections.get(section.sectionId);
    const firstSeat = firstSeatOf(section.sectionId);
    if (!sync || firstSeat === undefined) continue;
    if (sync.version !== null && sync.version >= section.version) continue; // we are as new already
    out.runs.push({ firstSeat, digits: section.statuses });
    out.redraw.push(section.sectionId);
    const sameEpoch = sync.buffered.filter((d) => d.epoch === snapshot.epoch);
    const replayed = replayBuffered(section.version, sameEpoch, out.writes);
    sections.set(section.sectionId, replayed);
    if (replayed.version === null) out.resync.push(section.sectionId);
  }
  // Sections this very snapshot filled need no second read, unless a gap remains after replay.
  const filled = new Set(snapshot.sections.map((s) => s.sectionId));
  out.resync = [...new Set(out.resync)].filter((id) => !filled.has(id) || sections.get(id)?.version === null);
  const free = new Map(state.free);
  for (let i = 0; i + 1 < snapshot.available.length; i += 2) {
    free.set(snapshot.available[i] as number, snapshot.available[i + 1] as number);
  }
  // Versions of another epoch say nothing about this one's (D5).
  const pulsed = newEpoch ? new Map<number, number>() : state.pulsed;
  return { state: { ...state, epoch: snapshot.epoch, sections, free, pulsed }, ...out };
}

export function applyDelta(state: SeatSyncState, delta: SeatDelta): Reconciled {
  if (delta.showId !== state.showId) return result(state);
  if (state.epoch !== null && delta.epoch < state.epoch) return result(state); // from before a rebuild
  const free = new Map(state.free).set(delta.sectionId, delta.free);
  const sync = state.sections.get(delta.sectionId);
  if (!sync) return result({ ...state, free });

  if (state.epoch !== null && delta.epoch > state.epoch) {
    // The inventory was rebuilt: every section must be re-read under the new epoch.
    const sections = new Map<number, SectionSync>();
    const resync: number[] = [];
    for (const [id, other] of state.sections) {
      if (other.version !== null) resync.push(id);
      sections.set(id, AWAITING);
    }
    sections.set(delta.sectionId, { version: null, buffered: [delta] });
    return result({ ...state, epoch: delta.epoch, sections, free, pulsed: new Map() }, { delta, resync });
  }

  const buffer = (resync: number[]) =>
    result(
      {
        ...state,
        free,
        sections: new Map(state.sections).set(delta.sectionId, {
          version: null,
          buffered: [...sync.buffered, delta].slice(-MAX_BUFFERED_DELTAS),
        }),
      },
      { delta, resync },
    );

  if (sync.version === null) return buffer([]); // a snapshot is on its way
  if (delta.version <= sync.version) return result(state); // duplicate or already covered
  if (delta.base > sync.version) return buffer([delta.sectionId]); // a gap: re-read (D3)
  const sections = new Map(state.sections).set(delta.sectionId, { version: delta.version, buffered: [] });
  return result({ ...state, sections, free }, { delta });
}

/** The server lost deltas of these sections: re-read them. */
export function applyResyncNotice(state: SeatSyncState, notice: ResyncNotice): Reconciled {
  if (notice.showId !== state.showId) return result(state);
  const sections = new Map(state.sections);
  const resync: number[] = [];
  for (const id of notice.sectionIds) {
    const sync = sections.get(id);
    if (!sync || sync.version === null) continue;
    sections.set(id, AWAITING);
    resync.push(id);
  }
  return result({ ...state, sections }, { resync });
}

/** Per-section free counts; a newer epoch means the whole show must be re-read. */
/**
 * A tick's changes of every section, one message (D2): each applied as its own delta, in order, the
 * outputs joined, so the page merges (and redraws) once per message.
 */
export function applyDeltas(state: SeatSyncState, batch: SeatDeltas): Reconciled {
  const out = emptyOutput();
  let current = state;
  for (const delta of batch.deltas) {
    const reconciled = applyDelta(current, { showId: batch.showId, ...delta });
    current = reconciled.state;
    out.runs.push(...reconciled.runs);
    out.writes.push(...reconciled.writes);
    out.redraw.push(...reconciled.redraw);
    out.resync.push(...reconciled.resync);
  }
  return { state: current, ...out, resync: [...new Set(out.resync)] };
}

export function applyAvailability(state: SeatSyncState, availability: ShowAvailability): Reconciled {
  if (availability.showId !== state.showId) return result(state);
  if (state.epoch !== null && availability.epoch < state.epoch) return result(state);
  const free = new Map(state.free);
  for (let i = 0; i + 1 < availability.sections.length; i += 2) {
    free.set(availability.sections[i] as number, availability.sections[i + 1] as number);
  }
  if (state.epoch !== null && availability.epoch > state.epoch) {
    const reset = awaitAllSnapshots({ ...state, free });
    return { ...reset, state: { ...reset.state, epoch: availability.epoch, pulsed: new Map() } };
  }
  return result({ ...state, free });
}

/**
 * The publisher's pulse (D5). A section still behind the version the previous pulse gave, a whole
 * pulse interval later, lost a delta: re-read it (a delta sent just before a pulse may arrive after
 * it, so one interval of lag is allowed). A newer epoch means the whole show must be re-read.
 */
export function applyPulse(state: SeatSyncState, pulse: SeatPulse): Reconciled {
  if (pulse.showId !== state.showId) return result(state);
  if (state.epoch !== null && pulse.epoch < state.epoch) return result(state);
  const pulsed = new Map<number, number>();
  for (let i = 0; i + 1 < pulse.versions.length; i += 2) {
    pulsed.set(pulse.versions[i] as number, pulse.versions[i + 1] as number);
  }
  if (state.epoch !== null && pulse.epoch > state.epoch) {
    const reset = awaitAllSnapshots(state);
    return { ...reset, state: { ...reset.state, epoch: pulse.epoch, pulsed } };
  }
  const sections = new Map(state.sections);
  const resync: number[] = [];
  for (const [id, sync] of state.sections) {
    const promised = state.pulsed.get(id);
    if (sync.version === null || promised === undefined || sync.version >= promised) continue;
    sections.set(id, AWAITING);
    resync.push(id);
  }
  return result({ ...state, sections, pulsed }, { resync });
}

/**
 * Copies one section's known statuses into the array the page draws (D6): as they are while the
 * section is trusted (connected, pulses arriving, consistent at a version), and with every free seat
 * shown as `unknown` otherwise. A seat is never shown free on information that may be stale; taken
 * seats stay taken (showing one too many as taken is the safe side).
 */
export function showStatuses(
  known: Uint8Array,
  shown: Uint8Array,
  range: { firstSeat: number; seatCount: number },
  trusted: boolean,
  unknown: number,
): void {
  const end = Math.min(range.firstSeat + range.seatCount, known.length, shown.length);
  for (let seat = range.firstSeat; seat < end; seat++) {
    const status = known[seat] as number;
    shown[seat] = trusted || status !== SEAT_STATUS.FREE ? status : unknown;
  }
}

/** Plays buffered deltas on top of a snapshot at `version`; leaves the section awaiting on a gap. */
function replayBuffered(version: number, buffered: readonly SeatDelta[], writes: number[]): SectionSync {
  let current = version;
  const pending = [...buffered].sort((a, b) => a.base - b.base || a.version - b.version);
  for (const delta of pending) {
    if (delta.version <= current) continue;
    if (delta.base > current) return { version: null, buffered: pending.filter((d) => d.version > current) };
    writes.push(...delta.changes);
    current = delta.version;
  }
  return { version: current, buffered: [] };
}

interface Output {
  runs: StatusRun[];
  writes: number[];
  redraw: number[];
  resync: number[];
}

function emptyOutput(): Output {
  return { runs: [], writes: [], redraw: [], resync: [] };
}

/** A result that changes no statuses but a delta's own (if given) and re-reads `resync`. */
function result(state: SeatSyncState, options: { delta?: SeatDelta; resync?: number[] } = {}): Reconciled {
  const { delta, resync = [] } = options;
  return {
    state,
    runs: [],
    writes: delta ? [...delta.changes] : [],
    redraw: delta ? [delta.sectionId] : [],
    resync,
  };
}

/** Writes a result's statuses into the status array (snapshot runs first, then delta changes). */
export function applyWrites(statuses: Uint8Array, reconciled: Pick<Reconciled, 'runs' | 'writes'>): void {
  for (const run of reconciled.runs) {
    for (let i = 0; i < run.digits.length; i++) {
      const seat = run.firstSeat + i;
      if (seat < statuses.length) statuses[seat] = run.digits.charCodeAt(i) - 48;
    }
  }
  const { writes } = reconciled;
  for (let i = 0; i + 1 < writes.length; i += 2) {
    const seat = writes[i] as number;
    if (seat >= 0 && seat < statuses.length) statuses[seat] = writes[i + 1] as number;
  }
}
