import { describe, expect, it } from 'vitest';
import type { SeatDelta, SeatPulse, ShowSnapshot } from '../../../shared/protocol/views';
import { SEAT_STATUS } from '../../../shared/venue';
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

// Two sections of four seats: section 0 holds seats 0-3, section 1 holds seats 4-7.
const SHOW = 'bkk-test';
const EPOCH = 1000;
const FIRST_SEAT = new Map([
  [0, 0],
  [1, 4],
]);
const firstSeatOf = (id: number) => FIRST_SEAT.get(id);
const { FREE, HELD, SOLD } = SEAT_STATUS;

function snapshot(versions: [number, number], statuses: [string, string], epoch = EPOCH): ShowSnapshot {
  return {
    showId: SHOW,
    epoch,
    sections: [
      { sectionId: 0, version: versions[0], statuses: statuses[0] },
      { sectionId: 1, version: versions[1], statuses: statuses[1] },
    ],
    available: [0, 4 - [...statuses[0]].filter((d) => d !== '0').length, 1, 4],
  };
}

function delta(
  sectionId: number,
  base: number,
  version: number,
  changes: number[],
  epoch = EPOCH,
): SeatDelta {
  return { showId: SHOW, epoch, sectionId, base, version, changes, free: 0 };
}

/** Runs messages through reconcile the way the live feed does, keeping the status array. */
class Harness {
  statuses = new Uint8Array(8);
  state: SeatSyncState = initialSyncState(SHOW, [0, 1]);
  last!: Reconciled;

  apply(step: (state: SeatSyncState) => Reconciled): Reconciled {
    this.last = step(this.state);
    this.state = this.last.state;
    applyWrites(this.statuses, this.last);
    return this.last;
  }

  snapshot(message: ShowSnapshot) {
    return this.apply((state) => applySnapshot(state, message, firstSeatOf));
  }

  delta(message: SeatDelta) {
    return this.apply((state) => applyDelta(state, message));
  }

  version(sectionId: number) {
    return this.state.sections.get(sectionId)?.version;
  }
}

function synced(versions: [number, number] = [5, 5]): Harness {
  const harness = new Harness();
  harness.snapshot(snapshot(versions, ['0000', '0000']));
  return harness;
}

describe('reconcile: snapshots', () => {
  it('writes every seat, sets versions, epoch and free counts, and asks for nothing more', () => {
    const harness = new Harness();
    const result = harness.snapshot(snapshot([3, 7], ['0120', '3000']));
    expect([...harness.statuses]).toEqual([FREE, HELD, SOLD, FREE, 3, FREE, FREE, FREE]);
    expect(harness.version(0)).toBe(3);
    expect(harness.version(1)).toBe(7);
    expect(harness.state.epoch).toBe(EPOCH);
    expect(harness.state.free.get(0)).toBe(2);
    expect(result.redraw.sort()).toEqual([0, 1]);
    expect(result.resync).toEqual([]);
  });

  it('keeps newer state when a snapshot older than it arrives late', () => {
    const harness = synced([5, 5]);
    harness.delta(delta(0, 5, 6, [1, HELD]));
    const result = harness.snapshot(snapshot([5, 5], ['0000', '0000']));
    expect(harness.statuses[1]).toBe(HELD);
    expect(harness.version(0)).toBe(6);
    expect(result.runs).toEqual([]); // section 1 is at version 5 already: nothing to rewrite
  });

  it('replays deltas that arrived before the snapshot answer (D4: join first, read after)', () => {
    const harness = new Harness();
    harness.delta(delta(0, 4, 5, [2, SOLD])); // published after the server read version 4
    harness.delta(delta(0, 2, 3, [0, HELD])); // already inside the snapshot
    const result = harness.snapshot(snapshot([4, 1], ['1000', '0000']));
    expect([...harness.statuses.subarray(0, 4)]).toEqual([HELD, FREE, SOLD, FREE]);
    expect(harness.version(0)).toBe(5);
    expect(result.resync).toEqual([]);
  });
});

describe('reconcile: deltas (D3)', () => {
  it('applies an in-order delta (base == version) and advances the version', () => {
    const harness = synced();
    const result = harness.delta(delta(0, 5, 6, [0, HELD, 3, SOLD]));
    expect([...harness.statuses.subarray(0, 4)]).toEqual([HELD, FREE, FREE, SOLD]);
    expect(harness.version(0)).toBe(6);
    expect(result.redraw).toEqual([0]);
    expect(result.resync).toEqual([]);
  });

  it('ignores a duplicate delta, even if the seat changed again since', () => {
    const harness = synced();
    const first = delta(0, 5, 6, [1, HELD]);
    harness.delta(first);
    harness.delta(delta(0, 6, 7, [1, FREE]));
    const result = harness.delta(first);
    expect(harness.statuses[1]).toBe(FREE);
    expect(harness.version(0)).toBe(7);
    expect(result.writes).toEqual([]);
    expect(result.redraw).toEqual([]);
  });

  it('applies an overlapping delta (base < version < delta.version): final statuses are safe to reapply', () => {
    const harness = synced();
    harness.delta(delta(0, 5, 6, [1, HELD]));
    const result = harness.delta(delta(0, 5, 8, [1, SOLD, 2, HELD]));
    expect([...harness.statuses.subarray(0, 4)]).toEqual([FREE, SOLD, HELD, FREE]);
    expect(harness.version(0)).toBe(8);
    expect(result.resync).toEqual([]);
  });

  it('on a gap (version < base) asks for the snapshot, shows the newer statuses meanwhile, then continues', () => {
    const harness = synced();
    const gap = harness.delta(delta(0, 7, 8, [2, SOLD]));
    expect(gap.resync).toEqual([0]);
    expect(harness.version(0)).toBeNull();
    expect(harness.statuses[2]).toBe(SOLD); // never shown as free while the snapshot is on its way

    const again = harness.delta(delta(0, 8, 9, [3, HELD]));
    expect(again.resync).toEqual([]); // one request per gap, not one per delta

    harness.snapshot({
      ...snapshot([8, 5], ['0120', '0000']),
      sections: [{ sectionId: 0, version: 8, statuses: '0120' }],
    });
    expect(harness.version(0)).toBe(9);
    expect([...harness.statuses.subarray(0, 4)]).toEqual([FREE, HELD, SOLD, HELD]);
    expect(harness.delta(delta(0, 9, 10, [0, SOLD])).resync).toEqual([]);
    expect(harness.statuses[0]).toBe(SOLD);
  });

  it('on another epoch re-reads every section and ignores the old epoch from then on', () => {
    const harness = synced();
    const rebuilt = harness.delta(delta(1, 0, 1, [5, SOLD], EPOCH + 1));
    expect(rebuilt.resync.sort()).toEqual([0, 1]);
    expect(harness.state.epoch).toBe(EPOCH + 1);
    expect(harness.version(0)).toBeNull();

    const stale = harness.delta(delta(0, 5, 6, [0, HELD]));
    expect(stale.writes).toEqual([]);
    expect(harness.statuses[0]).toBe(FREE);

    harness.snapshot(snapshot([0, 0], ['2000', '0000'], EPOCH + 1));
    expect(harness.version(0)).toBe(0);
    expect(harness.version(1)).toBe(1); // the buffered new-epoch delta replayed on top
    expect([...harness.statuses]).toEqual([SOLD, FREE, FREE, FREE, FREE, SOLD, FREE, FREE]);
  });

  it('copes with out-of-order arrival: the later delta first (gap), then the earlier one, then the snapshot', () => {
    const harness = synced([2, 2]);
    const d1 = delta(0, 2, 4, [0, HELD, 1, HELD]);
    const d2 = delta(0, 4, 6, [0, SOLD, 2, HELD]);
    expect(harness.delta(d2).resync).toEqual([0]);
    harness.delta(d1); // late: buffered, and must not undo d2's newer status of seat 0 for good
    harness.snapshot({
      ...snapshot([6, 2], ['2110', '0000']),
      sections: [{ sectionId: 0, version: 6, statuses: '2110' }],
    });
    expect(harness.version(0)).toBe(6);
    expect([...harness.statuses.subarray(0, 4)]).toEqual([SOLD, HELD, HELD, FREE]);
    expect(harness.last.resync).toEqual([]);
  });

  it('applies buffered deltas in version order after a snapshot, whatever order they came in', () => {
    const harness = synced([2, 2]);
    harness.delta(delta(0, 6, 7, [3, SOLD])); // gap
    harness.delta(delta(0, 7, 8, [3, FREE]));
    harness.delta(delta(0, 5, 6, [1, SOLD]));
    harness.snapshot({
      ...snapshot([5, 2], ['0000', '0000']),
      sections: [{ sectionId: 0, version: 5, statuses: '0000' }],
    });
    expect(harness.version(0)).toBe(8);
    expect([...harness.statuses.subarray(0, 4)]).toEqual([FREE, SOLD, FREE, FREE]);
  });
});

describe('reconcile: a tick of every section in one message (D2)', () => {
  it('applies each section in it as its own delta: statuses, versions, free counts and gaps', () => {
    const harness = synced();
    const result = harness.apply((state) =>
      applyDeltas(state, {
        showId: SHOW,
        deltas: [
          { ...delta(0, 5, 6, [1, HELD]), free: 3 },
          { ...delta(1, 7, 8, [6, SOLD]), free: 3 }, // section 1 is at 5: a gap
        ],
      }),
    );
    expect([...harness.statuses]).toEqual([FREE, HELD, FREE, FREE, FREE, FREE, SOLD, FREE]);
    expect(harness.version(0)).toBe(6);
    expect(harness.version(1)).toBeNull();
    expect(harness.state.free.get(0)).toBe(3);
    expect(harness.state.free.get(1)).toBe(3);
    expect(result.redraw).toEqual([0, 1]);
    expect(result.resync).toEqual([1]);
  });

  it('ends where the same deltas one message each would', () => {
    const messages = [
      delta(0, 5, 6, [0, HELD]),
      delta(0, 6, 7, [0, FREE, 2, SOLD]),
      delta(1, 5, 6, [4, HELD]),
    ];
    const oneByOne = synced();
    for (const message of messages) oneByOne.delta(message);
    const batched = synced();
    batched.apply((state) =>
      applyDeltas(state, { showId: SHOW, deltas: messages.map(({ showId: _showId, ...rest }) => rest) }),
    );
    expect([...batched.statuses]).toEqual([...oneByOne.statuses]);
    expect(batched.state).toEqual(oneByOne.state);
  });
});

describe('reconcile: notices, availability, reconnects', () => {
  it('re-reads the sections a resync notice names, once', () => {
    const harness = synced();
    const first = harness.apply((state) => applyResyncNotice(state, { showId: SHOW, sectionIds: [1] }));
    expect(first.resync).toEqual([1]);
    const second = harness.apply((state) => applyResyncNotice(state, { showId: SHOW, sectionIds: [1] }));
    expect(second.resync).toEqual([]);
  });

  it('takes free counts from availability, and re-reads everything when it shows a new epoch', () => {
    const harness = synced();
    harness.apply((state) =>
      applyAvailability(state, { showId: SHOW, epoch: EPOCH, sections: [0, 1, 1, 3] }),
    );
    expect(harness.state.free.get(0)).toBe(1);
    expect(harness.state.free.get(1)).toBe(3);
    const rebuilt = harness.apply((state) =>
      applyAvailability(state, { showId: SHOW, epoch: EPOCH + 1, sections: [0, 4] }),
    );
    expect(rebuilt.resync.sort()).toEqual([0, 1]);
    expect(harness.state.epoch).toBe(EPOCH + 1);
  });

  it('after a reconnect awaits a snapshot of every section and ignores deltas until then', () => {
    const harness = synced();
    const reset = harness.apply(awaitAllSnapshots);
    expect(reset.resync.sort()).toEqual([0, 1]);
    expect(harness.delta(delta(0, 5, 6, [0, HELD])).resync).toEqual([]);
    harness.snapshot(snapshot([6, 5], ['1000', '0000']));
    expect(harness.version(0)).toBe(6);
  });

  it('ignores messages about another show', () => {
    const harness = synced();
    const result = harness.delta({ ...delta(0, 5, 6, [0, SOLD]), showId: 'other-show' });
    expect(result.writes).toEqual([]);
    expect(harness.statuses[0]).toBe(FREE);
  });
});

function pulse(versions: number[], epoch = EPOCH): SeatPulse {
  return { showId: SHOW, epoch, versions };
}

describe('reconcile: pulses (D5)', () => {
  it('re-reads a section still behind the previous pulse: its last delta was lost', () => {
    const harness = synced([5, 5]);
    // The publisher sent section 0 up to version 6; that delta never arrived.
    expect(harness.apply((state) => applyPulse(state, pulse([0, 6, 1, 5]))).resync).toEqual([]);
    const next = harness.apply((state) => applyPulse(state, pulse([0, 6, 1, 5])));
    expect(next.resync).toEqual([0]);
    expect(harness.version(0)).toBeNull();
    expect(harness.version(1)).toBe(5);
    // Once re-read, the same pulse asks for nothing more.
    harness.snapshot(snapshot([6, 5], ['1000', '0000']));
    expect(harness.apply((state) => applyPulse(state, pulse([0, 6, 1, 5]))).resync).toEqual([]);
  });

  it('allows a delta sent before a pulse to arrive after it', () => {
    const harness = synced([5, 5]);
    harness.apply((state) => applyPulse(state, pulse([0, 6])));
    harness.delta(delta(0, 6, 6, [1, HELD]));
    expect(harness.apply((state) => applyPulse(state, pulse([0, 6]))).resync).toEqual([]);
    expect(harness.statuses[1]).toBe(HELD);
  });

  it('leaves sections awaiting a snapshot alone, ignores older epochs, re-reads all on a newer one', () => {
    const harness = synced([5, 5]);
    harness.apply(awaitAllSnapshots);
    harness.apply((state) => applyPulse(state, pulse([0, 9, 1, 9])));
    expect(harness.apply((state) => applyPulse(state, pulse([0, 9, 1, 9]))).resync).toEqual([]);

    const live = synced([5, 5]);
    live.apply((state) => applyPulse(state, pulse([0, 9], EPOCH - 1)));
    expect(live.apply((state) => applyPulse(state, pulse([0, 9], EPOCH - 1))).resync).toEqual([]);
    const rebuilt = live.apply((state) => applyPulse(state, pulse([0, 1], EPOCH + 1)));
    expect(rebuilt.resync.sort()).toEqual([0, 1]);
    expect(live.state.epoch).toBe(EPOCH + 1);
    expect(live.apply((state) => applyPulse(state, { ...pulse([0, 9]), showId: 'other' })).resync).toEqual(
      [],
    );
  });

  it("forgets an old epoch's versions when a rebuild is learnt from a snapshot, delta or count", () => {
    const rebuilds: ((harness: Harness) => unknown)[] = [
      (harness) => harness.snapshot(snapshot([1, 1], ['0000', '0000'], EPOCH + 1)),
      (harness) => harness.delta(delta(0, 1, 1, [0, HELD], EPOCH + 1)),
      (harness) =>
        harness.apply((state) => applyAvailability(state, { showId: SHOW, epoch: EPOCH + 1, sections: [] })),
    ];
    for (const learnRebuild of rebuilds) {
      const harness = synced([500, 500]);
      harness.apply((state) => applyPulse(state, pulse([0, 500, 1, 500])));
      learnRebuild(harness);
      harness.snapshot(snapshot([1, 1], ['0000', '0000'], EPOCH + 1));
      // The new epoch's first pulse: sections at 1 are not behind the old epoch's 500.
      expect(harness.apply((state) => applyPulse(state, pulse([0, 1, 1, 1], EPOCH + 1))).resync).toEqual([]);
    }
  });
});

describe('reconcile: what the page shows (D6)', () => {
  const UNKNOWN = 255;
  it('shows known statuses while trusted, and free seats as unknown while not', () => {
    const known = Uint8Array.from([FREE, HELD, FREE, SOLD, FREE, FREE, FREE, FREE]);
    const shown = new Uint8Array(8).fill(UNKNOWN);
    showStatuses(known, shown, { firstSeat: 0, seatCount: 4 }, true, UNKNOWN);
    expect([...shown]).toEqual([FREE, HELD, FREE, SOLD, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN]);
    showStatuses(known, shown, { firstSeat: 0, seatCount: 4 }, false, UNKNOWN);
    expect([...shown.subarray(0, 4)]).toEqual([UNKNOWN, HELD, UNKNOWN, SOLD]);
    // Trusted again: the known statuses come back, untouched by the masking.
    showStatuses(known, shown, { firstSeat: 0, seatCount: 4 }, true, UNKNOWN);
    expect([...shown.subarray(0, 4)]).toEqual([FREE, HELD, FREE, SOLD]);
    // A range past the end of the arrays stops at their end.
    showStatuses(known, shown, { firstSeat: 6, seatCount: 10 }, true, UNKNOWN);
    expect([...shown.subarray(4)]).toEqual([UNKNOWN, UNKNOWN, FREE, FREE]);
  });
});
