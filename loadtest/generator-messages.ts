import type { HistogramCounts } from './latency-histogram';
import type { PhaseName } from './bench-options';

/** One simulated fan: its session token (hold phase only) and the seats only it ever asks for. */
export interface ClientPlan {
  token?: string;
  firstSeat: number;
  seatCount: number;
}

/** What a generator process is told to do, once, right after it starts. */
export interface GeneratorPlan {
  phase: PhaseName;
  url: string;
  showId: string;
  seatsPerHold: number;
  /** New connections per second for this generator. */
  connectPerSecond: number;
  clients: ClientPlan[];
}

export type ParentMessage =
  | { type: 'plan'; plan: GeneratorPlan }
  /** Start every client's closed loop (the warm-up begins). */
  | { type: 'start' }
  /** Forget what was counted so far: the measured period begins. */
  | { type: 'measure' }
  /** The measured period ends: report, stop the loops, disconnect, exit. */
  | { type: 'finish' };

export interface SerializedHistogram {
  counts: HistogramCounts;
  sumMicros: number;
  maxMicros: number;
}

export interface GeneratorResult {
  pid: number;
  /** Length of this generator's measured period, by its own clock, seconds. */
  elapsedS: number;
  /** Acks received in the measured period: holds, releases or echoes. */
  roundTrips: number;
  holds: number;
  /** Every round trip (hold, release or echo). */
  latency: SerializedHistogram;
  /** Hold round trips only (hold phase). */
  holdLatency: SerializedHistogram;
  /** Refused or missing acknowledgements, by error code. */
  errors: Record<string, number>;
  /** How many of this generator's clients each server process serves, by pid. */
  clientsPerServerPid: Record<string, number>;
  /** Event-loop utilisation of this generator over the measured period, 0..1. */
  eventLoopUtilisation: number;
}

export type GeneratorMessage =
  /** `errors`: failed connection attempts (retried) by message. */
  | { type: 'connected'; clients: number; seconds: number; errors: Record<string, number> }
  | { type: 'result'; result: GeneratorResult }
  | { type: 'failed'; message: string };

/** The echo server's one event: it acknowledges with the payload it got. */
export interface EchoEvents {
  echo: (payload: EchoPayload, ack: (payload: EchoPayload) => void) => void;
}

/** Sent by the echo server on connection, as SeatRush sends session:welcome with its node id. */
export interface EchoServerEvents {
  welcome: (welcome: { pid: number }) => void;
}

/** Shaped and sized like a hold request, so both phases move similar frames. */
export interface EchoPayload {
  showId: string;
  seats: number[];
}
