/**
 * The end of a run, as every fan of a generator waits for it: pauses end early and waits are
 * abandoned with FanGaveUp('STOPPED'). Tens of thousands of fans pause at once, so waiters sit in a
 * Set (an AbortSignal's listeners are a list: adding and removing thousands was most of a
 * generator's CPU).
 */
export class FanGaveUp extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

export class RunStop {
  private stopped = false;
  private readonly waiters = new Set<() => void>();
  private readonly whenStoppedPromise: Promise<never>;
  private rejectWhenStopped: ((error: FanGaveUp) => void) | undefined;

  constructor() {
    this.whenStoppedPromise = new Promise<never>((_, reject) => (this.rejectWhenStopped = reject));
    this.whenStoppedPromise.catch(() => undefined);
  }

  get requested(): boolean {
    return this.stopped;
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.rejectWhenStopped?.(new FanGaveUp('STOPPED'));
    for (const wake of this.waiters) wake();
    this.waiters.clear();
  }

  /** Resolves after `ms`; rejects with FanGaveUp('STOPPED') as soon as the run stops. */
  sleep(ms: number): Promise<void> {
    if (this.stopped) return Promise.reject(new FanGaveUp('STOPPED'));
    return new Promise((resolve, reject) => {
      const onStop = () => {
        clearTimeout(timer);
        reject(new FanGaveUp('STOPPED'));
      };
      const timer = setTimeout(() => {
        this.waiters.delete(onStop);
        resolve();
      }, ms);
      this.waiters.add(onStop);
    });
  }

  /** A promise that rejects when the run stops (one for everyone: race against it). */
  whenStopped(): Promise<never> {
    return this.whenStoppedPromise;
  }
}
