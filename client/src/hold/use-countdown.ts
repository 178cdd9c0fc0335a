import { useEffect, useState } from 'react';
import { serverNow } from '../api/clock';

const TICK_MS = 250;
/** Shown time ends this much early: better a fan hurries than pays for a hold that just lapsed. */
const SAFETY_MARGIN_MS = 1_000;

function remainingUntil(expiresAt: number | undefined): number {
  return expiresAt === undefined ? 0 : Math.max(0, expiresAt - serverNow() - SAFETY_MARGIN_MS);
}

/** Milliseconds until `expiresAt` (server clock, less a safety margin), four updates a second; 0 once past. */
export function useCountdown(expiresAt: number | undefined): number {
  const [tick, setTick] = useState(() => ({ expiresAt, remaining: remainingUntil(expiresAt) }));
  let { remaining } = tick;
  if (tick.expiresAt !== expiresAt) {
    // Another deadline: count from it in this render, not from the next tick.
    remaining = remainingUntil(expiresAt);
    setTick({ expiresAt, remaining });
  }
  useEffect(() => {
    if (expiresAt === undefined) return;
    const timer = setInterval(() => setTick({ expiresAt, remaining: remainingUntil(expiresAt) }), TICK_MS);
    return () => clearInterval(timer);
  }, [expiresAt]);
  return remaining;
}
