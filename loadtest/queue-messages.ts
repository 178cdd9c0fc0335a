import type { SerializedHistogram } from './generator-messages';

/** What one queue generator process is given: its fans' tokens, and where to connect from. */
export interface QueueGeneratorPlan {
  /** ws://host:port of the cluster. */
  url: string;
  /** The loopback source addresses this generator's fans connect from, in turn (loopback-addresses.ts). */
  localAddresses: string[];
  saleId: string;
  tokens: string[];
  connectPerSecond: number;
}

export type QueueParentMessage =
  | { type: 'plan'; plan: QueueGeneratorPlan }
  /** Open every fan's WebSocket at the planned rate. */
  | { type: 'connect' }
  /** Every fan sends `command` once, at most `inFlight` of them awaiting an answer at a time. */
  | { type: 'ask'; command: 'queue:join' | 'queue:status'; inFlight: number }
  /** From now on, fans whose place the cursor reaches enter, shop a moment and leave. */
  | { type: 'shop'; dwellMs: number }
  | { type: 'report' };

export interface AskResult {
  answered: number;
  errors: Record<string, number>;
  /** Epoch ms of the first request sent and the last answer received. */
  firstSentAt: number;
  lastAnsweredAt: number;
  latency: SerializedHistogram;
}

/** Per cursor update (keyed by its `at`): how many fans got it and how long after it was made. */
export interface CursorReceipts {
  at: number;
  nowServing: number;
  phase: string;
  latency: SerializedHistogram;
}

export type QueueGeneratorMessage =
  | { type: 'ready' }
  | { type: 'connected'; connected: number; retries: number; gaveUp: number; elapsedMs: number }
  | ({ type: 'asked' } & AskResult)
  | {
      type: 'report';
      connected: number;
      droppedAfterConnect: number;
      entered: number;
      left: number;
      /** Epoch ms each leaving fan sent queue:leave. */
      leftAt: number[];
      enterErrors: Record<string, number>;
      enterLatency: SerializedHistogram;
      /** From T0 until each fan had computed its place from the revealed seed. */
      placeKnown: SerializedHistogram;
      cursors: CursorReceipts[];
      rssBytes: number;
    }
  | { type: 'failed'; message: string };
