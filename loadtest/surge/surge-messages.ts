import type { CrowdSettings } from './fans/behaviour';
import type { FanIdentity } from './fans/fan';
import type { GeneratorCounters, GeneratorResults, TickLatency } from './fans/fan-metrics';

/** IPC between `npm run surge` and its generator processes. */

export interface ShowSpec {
  id: string;
  name: string;
  seatCount: number;
  seatLimitPerAccount: number;
  geometryUrl: string;
  tiers: { code: string; priceSatang: number }[];
}

export interface GeneratorPlan {
  generator: number;
  /** http://host:port of SeatRush. */
  baseUrl: string;
  /**
   * The loopback addresses this generator connects from, each with its own range of ephemeral
   * ports: the first for its HTTP connections, the rest shared by its fans' sockets.
   */
  localAddresses: { http: string; sockets: string[] };
  saleId: string;
  shows: ShowSpec[];
  crowd: CrowdSettings;
  seed: number;
  fans: ({ index: number; behaviour: string } & FanIdentity)[];
  connectPerSecond: number;
  maxPendingHandshakes: number;
  /** Keep-alive HTTP connections of this generator at most. */
  httpSockets: number;
  /** Connections of the pool for checkouts and orders (FanEnvironment.shoppingHttp). */
  shoppingHttpSockets: number;
}

export type SurgeParentMessage =
  | { type: 'plan'; plan: GeneratorPlan }
  /** T0 is set: every fan's clock starts (fans' times are relative to T0). */
  | { type: 'start'; t0: number }
  /** Both shows are sold out: the rush is over (latencies after this are not the rush's). */
  | { type: 'soldOut'; at: number }
  /** The run is over: stop every fan, report, exit. */
  | { type: 'stop' };

export type SurgeGeneratorMessage =
  | { type: 'ready' }
  | { type: 'tick'; at: number; counters: GeneratorCounters; latency: TickLatency; lagP99Ms: number }
  | { type: 'results'; results: GeneratorResults }
  | { type: 'failed'; message: string };
