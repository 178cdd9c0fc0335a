/**
 * The live feed's direct line to the canvas, outside React. The feed changes its status array in
 * place and tells this signal at once (every merged message); the canvas redraws on the next frame
 * from the array and from `free`. React hears of the same changes later and less often (the feed
 * throttles its snapshot for the panels and the seat list), so a burst of deltas costs the page one
 * canvas draw per frame and no React render.
 *
 * Keyed by the status array, which the feed owns and the page hands to the canvas.
 */
export interface StatusSignal {
  /** Bumps on every change of statuses or free counts. */
  readonly version: number;
  /** Free seats per section, as the feed last heard. */
  readonly free: ReadonlyMap<number, number>;
  /** Every section has had a snapshot at least once: the statuses are live. */
  readonly synced: boolean;
  /** `sections`: the sections whose statuses changed (none when only counts did). */
  subscribe(listener: StatusListener): () => void;
}

export type StatusListener = (sections: readonly number[]) => void;

class Signal implements StatusSignal {
  version = 0;
  free: ReadonlyMap<number, number> = new Map();
  synced = false;
  private readonly listeners = new Set<StatusListener>();

  subscribe(listener: StatusListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  changed(free: ReadonlyMap<number, number>, synced: boolean, sections: readonly number[]): void {
    this.version++;
    this.free = free;
    this.synced ||= synced;
    for (const listener of this.listeners) listener(sections);
  }
}

const signals = new WeakMap<Uint8Array, Signal>();

function signalOf(statuses: Uint8Array): Signal {
  let signal = signals.get(statuses);
  if (!signal) {
    signal = new Signal();
    signals.set(statuses, signal);
  }
  return signal;
}

/** The signal of a status array, for readers. */
export function statusSignal(statuses: Uint8Array): StatusSignal {
  return signalOf(statuses);
}

/** For the feed that owns `statuses`: the statuses of `sections` (or the free counts) changed. */
export function signalStatusChange(
  statuses: Uint8Array,
  free: ReadonlyMap<number, number>,
  synced: boolean,
  sections: readonly number[],
): void {
  signalOf(statuses).changed(free, synced, sections);
}
