import type { Redlock } from '@sesamecare-oss/redlock';
import type { Router } from 'express';
import type { Components } from './compose';
import type { SeatRushServer, SeatRushSocket } from './realtime/typed-socket';

/** A loop whose step runs on one node at a time (Redlock, with takeover when that node dies). */
export interface LeaderJob {
  /** Its name in logs and in its lock's key. */
  name: string;
  intervalMs: number;
  /** Idempotent: the lease can move to another node mid-step. */
  step: () => Promise<void>;
}

/** A loop every node runs: a step every interval, never overlapping itself; failures are logged. */
export interface NodeJob {
  name: string;
  intervalMs: number;
  step: () => Promise<unknown>;
}

/**
 * What a feature brings to a node: its HTTP routes, its socket commands, the loops it runs, and
 * what it does at start and stop. Each feature folder has one module (`<feature>.module.ts`);
 * `server/features.ts` lists them, and the node registers them from that list, so adding a feature
 * touches its folder and that list.
 */
export interface FeatureModule {
  name: string;
  /** Its HTTP routes. Each route parses the body it reads (`http-kit`'s `jsonBody`, or raw bytes). */
  routes?: Router;
  /** Registers its socket commands on a new connection (through `onCommand`). */
  connect?(socket: SeatRushSocket): void;
  leaderJobs?: LeaderJob[];
  nodeJobs?: NodeJob[];
  /** Before the node takes connections (after every module is built). */
  start?(): Promise<void>;
  /** When the node stops, after its loops and before its sockets drain. */
  stop?(): void;
}

/** What a feature module is built from: the node's components, its Socket.IO server, its locks. */
export interface FeatureContext {
  components: Components;
  io: SeatRushServer;
  /** The leases of leader-only work (the node's leader loops take theirs from it too). */
  redlock: Redlock;
}
