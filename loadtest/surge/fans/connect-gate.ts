import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Paces new connections of one generator: at most `perSecond` started a second, at most
 * `maxPending` handshakes in flight (more only wait in the kernel's accept queue and time out).
 * MACHINE-NOTES.md: past ~2,400 new connections a second on this machine, half are reset.
 */
export class ConnectGate {
  private nextSlotAt = 0;
  private pending = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly perSecond: number,
    private readonly maxPending: number,
  ) {}

  /** Waits for a slot; call the returned function when the handshake has ended either way. */
  async acquire(): Promise<() => void> {
    const now = Date.now();
    const slot = Math.max(now, this.nextSlotAt);
    this.nextSlotAt = slot + 1000 / this.perSecond;
    if (slot > now) await sleep(slot - now);
    while (this.pending >= this.maxPending) await new Promise<void>((wake) => this.waiting.push(wake));
    this.pending++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.pending--;
      this.waiting.shift()?.();
    };
  }
}
