import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { Redlock, type RedlockAbortSignal } from '@sesamecare-oss/redlock';
import type { Logger } from '../observability/logger';

/** A step taking longer than this many leases is stuck: the node gives up the lead. */
const STEP_TIMEOUT_LEASES = 4;

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
  /** A step that overran its time and still runs. */
  private stuckStep: Promise<unknown> | undefined;
  private running: Promise<void> | undefined;
  private readonly abort = new AbortController();
  leading = false;
  /** Times this node has tried to take the lead (so a watcher knows it had its chances). */
  attempts = 0;
  /** Steps this node has finished while leading. */
  completedSteps = 0;

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
      if (this.stuckStep) {
        await Promise.race([this.stuckStep, this.pause(lockTtlMs)]);
        continue;
      }
      try {
        this.attempts++;
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
        if (!(await this.stepWithin(step, lockTtlMs * STEP_TIMEOUT_LEASES))) {
          // A stuck step must not keep the lease alive (Redlock extends it on a timer): hand over.
          this.logger.error({ job: name, nodeId }, 'leader job step is stuck; giving up the lead');
          break;
        }
        this.completedSteps++;
      } catch (error) {
        this.logger.warn({ err: error, job: name }, 'leader job step failed');
      }
      await this.pause(intervalMs);
    }
    this.logger.info({ job: name, nodeId, lost: signal.aborted }, 'stopped leading job');
  }

  /**
   * True if the step finished in time. If not, it keeps running (steps are idempotent), and this
   * node does not try to lead again until it has finished.
   */
  private async stepWithin(step: () => Promise<void>, timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const running = step();
    const timedOut = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    try {
      const finished = await Promise.race([running.then(() => true as const), timedOut]);
      if (!finished)
        this.stuckStep = running.catch(() => undefined).finally(() => (this.stuckStep = undefined));
      return finished;
    } finally {
      clearTimeout(timer);
    }
  }

  private async pause(ms: number): Promise<void> {
    try {
      await sleep(ms, undefined, { signal: this.abort.signal });
    } catch {
      // Aborted by stop().
    }
  }
}
