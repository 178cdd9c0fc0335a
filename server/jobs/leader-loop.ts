import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { Redlock, type RedlockAbortSignal } from '@sesamecare-oss/redlock';
import type { Logger } from '../observability/logger';

export interface LeaderLoopOptions {
  /** Job name, for logs and the lock key. */
  name: string;
  lockKey: string;
  /** Lock lease; a dead leader is replaced within about this long. */
  lockTtlMs: number;
  intervalMs: number;
  /** Written to `${lockKey}:holder` while leading, so operators and tests can see who leads. */
  nodeId: string;
  step: () => Promise<void>;
}

/**
 * Runs a periodic job on exactly one node at a time: the node holding a Redlock lease runs `step`
 * every interval, extending the lease as it goes; the others retry acquiring it. When the leader
 * dies, its lease lapses and another node takes over.
 */
export class LeaderLoop {
  private stopped = false;
  private running: Promise<void> | undefined;
  private readonly abort = new AbortController();
  leading = false;

  constructor(
    private readonly redis: Redis,
    private readonly redlock: Redlock,
    private readonly options: LeaderLoopOptions,
    private readonly logger: Logger,
  ) {}

  static createRedlock(redis: Redis, lockTtlMs: number): Redlock {
    const redlock = new Redlock([redis], {
      retryCount: 0,
      automaticExtensionThreshold: Math.floor(lockTtlMs / 2),
    });
    redlock.on('error', () => undefined); // failed attempts are expected while another node leads
    return redlock;
  }

  start(): void {
    this.running ??= this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    await this.running;
  }

  private async loop(): Promise<void> {
    const { lockKey, lockTtlMs } = this.options;
    while (!this.stopped) {
      try {
        await this.redlock.using([lockKey], lockTtlMs, (signal) => this.lead(signal));
      } catch {
        // Another node leads, or Redis is unreachable: try again after a while.
      }
      this.leading = false;
      await this.pause(lockTtlMs / 2 + Math.random() * (lockTtlMs / 4));
    }
  }

  private async lead(signal: RedlockAbortSignal): Promise<void> {
    const { name, lockKey, lockTtlMs, intervalMs, nodeId, step } = this.options;
    this.leading = true;
    this.logger.info({ job: name, nodeId }, 'leading job');
    while (!this.stopped && !signal.aborted) {
      await this.redis.set(`${lockKey}:holder`, nodeId, 'PX', lockTtlMs);
      try {
        await step();
      } catch (error) {
        this.logger.warn({ err: error, job: name }, 'leader job step failed');
      }
      await this.pause(intervalMs);
    }
    this.logger.info({ job: name, nodeId, lost: signal.aborted }, 'stopped leading job');
  }

  private async pause(ms: number): Promise<void> {
    try {
      await sleep(ms, undefined, { signal: this.abort.signal });
    } catch {
      // Aborted by stop().
    }
  }
}
