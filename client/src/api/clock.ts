/**
 * The server's clock as seen from here. Hold expiries are in server time; a fan whose clock is off
 * by a minute must still see the right countdown, so every message carrying serverTime updates the
 * offset. A sample is late by the network delay; when the request's start is known, the midpoint
 * of the round trip is used instead. Countdowns keep a safety margin for what remains.
 */
let offsetMs = 0;

export function noteServerTime(serverTime: number, requestStartedAt?: number, receivedAt = Date.now()): void {
  if (!Number.isFinite(serverTime)) return;
  const localMoment = requestStartedAt === undefined ? receivedAt : (requestStartedAt + receivedAt) / 2;
  offsetMs = serverTime - localMoment;
}

export function serverNow(): number {
  return Date.now() + offsetMs;
}
