import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../shared/protocol/events';
import type {
  ClientPlan,
  EchoEvents,
  EchoServerEvents,
  GeneratorMessage,
  GeneratorPlan,
  GeneratorResult,
  ParentMessage,
} from './generator-messages';
import { LatencyHistogram } from './latency-histogram';

/**
 * A load generator process (forked by bench-holds.ts): opens its clients at a bounded rate, runs
 * each in a closed loop (hold -> ack -> release -> ack, or echo -> ack), and reports counts and
 * latency histograms of the measured period over IPC.
 */
type BenchSocket = Socket<ServerToClientEvents & EchoServerEvents, ClientToServerEvents & EchoEvents>;

const CONNECT_TIMEOUT_MS = 60_000;
const CONNECT_ATTEMPT_TIMEOUT_MS = 5_000;
const CONNECT_STALL_MS = 5_000;
/** An acknowledgement still missing this long after its request counts as an error. */
const STALLED_AFTER_NS = 5_000_000_000n;
/** Pause after a refused hold, so a broken setup does not spin the loop. */
const RETRY_PAUSE_MS = 10;

class PhaseStats {
  measuring = false;
  roundTrips = 0;
  holds = 0;
  readonly latency = new LatencyHistogram();
  readonly holdLatency = new LatencyHistogram();
  /** Counted from the first request on, warm-up included: zero is expected. */
  readonly errors = new Map<string, number>();
  /** Server process (pid) -> clients it welcomed: how the primary spread the connections. */
  readonly clientsPerServerPid = new Map<number, number>();

  recordWelcome(pid: number): void {
    count(this.clientsPerServerPid, pid);
  }

  recordAck(sentAt: bigint, isHold: boolean): void {
    if (!this.measuring) return;
    const micros = Number(process.hrtime.bigint() - sentAt) / 1000;
    this.roundTrips++;
    this.latency.record(micros);
    if (!isHold) return;
    this.holds++;
    this.holdLatency.record(micros);
  }

  recordError(code: string): void {
    count(this.errors, code);
  }
}

/** One fan in a closed loop; it always has at most one request in flight. */
class LoopingClient {
  /** When the request in flight was sent; 0n when none is. */
  pendingSince = 0n;
  private cursor = 0;

  constructor(
    private readonly socket: BenchSocket,
    private readonly client: ClientPlan,
    private readonly plan: GeneratorPlan,
    private readonly stats: PhaseStats,
    private readonly running: () => boolean,
  ) {}

  start(): void {
    if (this.plan.phase === 'hold') this.hold();
    else this.echo();
  }

  /** The next seats of this client's own range, cycling, so holds spread over its sections. */
  private nextSeats(): number[] {
    const { seatsPerHold } = this.plan;
    if (this.cursor + seatsPerHold > this.client.seatCount) this.cursor = 0;
    const first = this.client.firstSeat + this.cursor;
    this.cursor += seatsPerHold;
    return Array.from({ length: seatsPerHold }, (_, i) => first + i);
  }

  private hold(): void {
    if (!this.running()) return;
    const seats = this.nextSeats();
    const sentAt = (this.pendingSince = process.hrtime.bigint());
    this.socket.emit('seats:hold', { showId: this.plan.showId, seats }, (reply) => {
      this.pendingSince = 0n;
      if (!reply.ok) {
        this.stats.recordError(reply.error.code);
        return void setTimeout(() => this.hold(), RETRY_PAUSE_MS);
      }
      this.stats.recordAck(sentAt, true);
      this.release(reply.data.holdId, seats.length);
    });
  }

  /** Released even when the run is stopping, so no hold outlives its loop by choice. */
  private release(holdId: string, seatCount: number): void {
    const sentAt = (this.pendingSince = process.hrtime.bigint());
    this.socket.emit('seats:release', { showId: this.plan.showId, holdId }, (reply) => {
      this.pendingSince = 0n;
      if (!reply.ok) this.stats.recordError(reply.error.code);
      else if (reply.data.seatsFreed !== seatCount) this.stats.recordError('RELEASE_FREED_FEWER_SEATS');
      else this.stats.recordAck(sentAt, false);
      this.hold();
    });
  }

  private echo(): void {
    if (!this.running()) return;
    const payload = { showId: this.plan.showId, seats: this.nextSeats() };
    const sentAt = (this.pendingSince = process.hrtime.bigint());
    this.socket.emit('echo', payload, (reply) => {
      this.pendingSince = 0n;
      if (reply.seats.length !== payload.seats.length) this.stats.recordError('ECHO_MISMATCH');
      else this.stats.recordAck(sentAt, false);
      this.echo();
    });
  }
}

function send(message: GeneratorMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) return resolve();
    process.send(message, undefined, {}, () => resolve());
  });
}

function openSocket(plan: GeneratorPlan, client: ClientPlan): BenchSocket {
  return io(plan.url, {
    transports: ['websocket'],
    forceNew: true,
    auth: client.token ? { token: client.token } : {},
    reconnectionDelay: 250,
    reconnectionDelayMax: 2_000,
    // A connection lost on its way to a worker is retried after this, not the default 20 s.
    timeout: CONNECT_ATTEMPT_TIMEOUT_MS,
  });
}

interface Ramp {
  connected: number;
  /** Failed connection attempts (each retried), by message. */
  errors: Map<string, number>;
  /** Set when the server refused a client for good (a bad token): the run cannot go on. */
  refused?: Error;
}

function count<K>(counts: Map<K, number>, key: K): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

/**
 * Follows one client until it connects. A namespace CONNECT that gets no answer is retried after
 * CONNECT_STALL_MS rather than left to the server's 45 s connectTimeout (see docs/benchmarks.md:
 * the cluster primary can drop a client's first packet).
 */
function watchConnection(socket: BenchSocket, ramp: Ramp, stats: PhaseStats): void {
  let stallTimer: NodeJS.Timeout | undefined;
  const armStallTimer = () => {
    stallTimer = setTimeout(() => {
      if (socket.connected) return;
      count(ramp.errors, `no CONNECT ack within ${CONNECT_STALL_MS / 1000} s`);
      socket.disconnect().connect();
      armStallTimer();
    }, CONNECT_STALL_MS);
  };
  armStallTimer();
  socket.once('connect', () => {
    clearTimeout(stallTimer);
    ramp.connected++;
  });
  socket.on('connect_error', (error) => {
    count(ramp.errors, error.message);
    // A refusal by the server's middleware is final (the socket gives up); network errors are retried.
    if (!socket.active) ramp.refused = error;
  });
  // SeatRush's node id is "host:pid:random".
  socket.on('session:welcome', (welcome) => stats.recordWelcome(Number(welcome.nodeId.split(':').at(-2))));
  socket.on('welcome', (welcome) => stats.recordWelcome(welcome.pid));
  socket.on('disconnect', (reason) => {
    if (reason !== 'io client disconnect') stats.recordError(`DISCONNECTED(${reason})`);
  });
}

/** Opens every client at the plan's rate; resolves once all are connected. */
async function connectAll(plan: GeneratorPlan, stats: PhaseStats): Promise<BenchSocket[]> {
  const started = performance.now();
  const intervalMs = 1000 / plan.connectPerSecond;
  const ramp: Ramp = { connected: 0, errors: new Map() };
  const sockets = [];
  for (const [i, client] of plan.clients.entries()) {
    const wait = started + i * intervalMs - performance.now();
    if (wait >= 1) await sleep(wait);
    const socket = openSocket(plan, client);
    watchConnection(socket, ramp, stats);
    sockets.push(socket);
  }
  const deadline = started + CONNECT_TIMEOUT_MS;
  while (ramp.connected < sockets.length) {
    if (ramp.refused) throw new Error(`connection refused: ${ramp.refused.message}`);
    if (performance.now() > deadline) {
      throw new Error(`only ${ramp.connected} of ${sockets.length} clients connected`);
    }
    await sleep(20);
  }
  const seconds = (performance.now() - started) / 1000;
  await send({
    type: 'connected',
    clients: sockets.length,
    seconds,
    errors: Object.fromEntries(ramp.errors),
  });
  return sockets;
}

interface Run {
  plan: GeneratorPlan;
  stats: PhaseStats;
  sockets: BenchSocket[];
  clients: LoopingClient[];
  running: boolean;
  measuredFrom?: { at: bigint; elu: EventLoopUtilization };
}

function result(run: Run): GeneratorResult {
  const now = process.hrtime.bigint();
  const from = run.measuredFrom ?? { at: now, elu: performance.eventLoopUtilization() };
  for (const client of run.clients) {
    if (client.pendingSince !== 0n && now - client.pendingSince > STALLED_AFTER_NS) {
      run.stats.recordError('NO_ACK_WITHIN_5S');
    }
  }
  return {
    pid: process.pid,
    elapsedS: Number(now - from.at) / 1e9,
    roundTrips: run.stats.roundTrips,
    holds: run.stats.holds,
    latency: run.stats.latency.toJSON(),
    holdLatency: run.stats.holdLatency.toJSON(),
    errors: Object.fromEntries(run.stats.errors),
    clientsPerServerPid: Object.fromEntries(run.stats.clientsPerServerPid),
    eventLoopUtilisation: performance.eventLoopUtilization(from.elu).utilization,
  };
}

async function onMessage(run: Run | undefined, message: ParentMessage): Promise<Run | undefined> {
  switch (message.type) {
    case 'plan': {
      const stats = new PhaseStats();
      const sockets = await connectAll(message.plan, stats);
      const next: Run = { plan: message.plan, stats, sockets, clients: [], running: false };
      next.clients = sockets.map(
        (socket, i) =>
          new LoopingClient(socket, message.plan.clients[i]!, message.plan, stats, () => next.running),
      );
      return next;
    }
    case 'start':
      if (!run) throw new Error('start before plan');
      run.running = true;
      run.clients.forEach((client) => client.start());
      return run;
    case 'measure':
      if (!run) throw new Error('measure before plan');
      run.stats.measuring = true;
      run.measuredFrom = { at: process.hrtime.bigint(), elu: performance.eventLoopUtilization() };
      return run;
    case 'finish':
      if (!run) throw new Error('finish before plan');
      run.stats.measuring = false;
      run.running = false;
      await send({ type: 'result', result: result(run) });
      run.sockets.forEach((socket) => socket.disconnect());
      process.exit(0);
  }
}

function main(): void {
  // The parent stops this process; a terminal's Ctrl-C reaches the whole process group.
  process.on('SIGINT', () => undefined);
  process.on('disconnect', () => process.exit(0));
  let run: Run | undefined;
  // Messages are handled one at a time, in order ('plan' takes as long as the ramp).
  let queue = Promise.resolve();
  process.on('message', (message: ParentMessage) => {
    queue = queue
      .then(async () => {
        run = await onMessage(run, message);
      })
      .catch(async (error: unknown) => {
        await send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
        process.exit(1);
      });
  });
}

main();
