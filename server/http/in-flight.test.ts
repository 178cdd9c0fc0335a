import { describe, expect, it } from 'vitest';
import { InFlight } from './in-flight';

describe('work in flight', () => {
  it('is counted until it settles, and drained() waits for it', async () => {
    const inFlight = new InFlight();
    let finish!: () => void;
    const work = inFlight.track(() => new Promise<void>((resolve) => (finish = resolve)));
    const failing = inFlight.track(() => Promise.reject(new Error('boom'))).catch(() => 'caught');
    expect(inFlight.size).toBe(2);
    expect(await failing).toBe('caught');
    expect(await inFlight.drained(30)).toBe(false);
    setTimeout(finish, 10);
    expect(await inFlight.drained(2_000)).toBe(true);
    await work;
    expect(inFlight.size).toBe(0);
  });
});
