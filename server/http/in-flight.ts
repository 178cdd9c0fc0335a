import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Counts the requests and socket commands a node is working on, so that a stopping node finishes
 * them (a checkout between its charge and its commit) before it closes Redis and PostgreSQL.
 */
export class InFlight {
  private count = 0;

  async track<T>(work: () => Promise<T>): Promise<T> {
    this.count++;
    try {
      return await work();
    } finally {
      this.count--;
    }
  }

  get size(): number {
    return this.count;
  }

  /** Resolves when nothing is in flight, or after `timeoutMs`, whichever comes first. */
  async drained(timeoutMs: number, pollMs = 20): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.count > 0) {
      if (Date.now() >= deadline) return false;
      await sleep(pollMs);
    }
    return true;
  }
}
