import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import type { QueueCursor, QueueEntryView } from '../shared/protocol/views';
import { parseSeedHex, queuePermutation, type QueuePermutation } from '../shared/queue-permutation';
import { LatencyHistogram } from './latency-histogram';
import type {
  CursorReceipts,
  QueueGeneratorMessage,
  QueueGeneratorPlan,
  QueueParentMessage,
} from './queue-messages';

/**
 * A waiting-room load generator process (forked by bench-queue.ts). Each fan is a bare WebSocket
 * speaking Engine.IO 4 / Socket.IO 5 by hand: about a quarter of socket.io-client's CPU per
 * message and a third of its memory, so that six of these hold 100,000 fans beside the server
 * on two cores.
 */

const CONNECT_ATTEMPTS = 20;
const CONNECT_ATTEMPT_TIMEOUT_MS = 20_000;
/** Handshakes in progress at once, per generator: more only queue up in the kernel. */
const MAX_PENDING_HANDSHAKES = 400;
const ACK_TIMEOUT_MS = 30_000;

type Reply = { ok: true; data: unknown } | { ok: false; error: { code: string } };

interface Fan {
  token: string;
  /** The loopback address it connects from. */
  localAddress: string;
  socket?: WebSocket;
  ready: boolean;
  arrival: number | null;
  place: number | null;
  entered: boolean;
  pending: Map<number, (reply: Reply) => void>;
  nextAckId: number;
}

const send = (message: QueueGeneratorMessage) => process.send?.(message);
const count = (counts: Record<string, number>, key: string) => (counts[key] = (counts[key] ?? 0) + 1);

let plan: QueueGeneratorPlan;
let fans: Fan[] = [];
let droppedAfterConnect = 0;
let shopping: { dwellMs: number } | undefined;
/** The highest place the pacer has dealt with, as last heard by any fan here. */
let nowServing = 0;
const cursorLatency = new Map<number, { cursor: QueueCursor; latency: LatencyHistogram }>();
const enterLatency = new LatencyHistogram();
const enterErrors: Record<string, number> = {};
/** How long after T0 each fan knew its place, computed from the cursor's revealed seed. */
const placeKnown = new LatencyHistogram();
let permutation: QueuePermutation | undefined;
let entered = 0;
let left = 0;
/** When each fan that left the queue room left it: from then on it hears no cursor. */
const leftAt: number[] = [];

/** Sends a Socket.IO event with an acknowledgement id; resolves with the server's reply. */
function ask(fan: Fan, event: string, payload: unknown): Promise<Reply> {
  const socket = fan.socket;
  if (!socket || !fan.ready) return Promise.resolve({ ok: false, error: { code: 'DISCONNECTED' } });
  const id = fan.nextAckId++;
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      fan.pending.delete(id);
      resolve({ ok: false, error: { code: 'ACK_TIMEOUT' } });
    }, ACK_TIMEOUT_MS);
    fan.pending.set(id, (reply) => {
      clearTimeout(timer);
      resolve(reply);
    });
    socket.send(`42${id}${JSON.stringify([event, payload])}`);
  });
}

function onCursor(fan: Fan, cursor: QueueCursor, receivedAt: number): void {
  let receipts = cursorLatency.get(cursor.at);
  if (!receipts) cursorLatency.set(cursor.at, (receipts = { cursor, latency: new LatencyHistogram() }));
  receipts.latency.record(Math.max(0, receivedAt - cursor.at) * 1000);
  nowServing = Math.max(nowServing, cursor.nowServing);
  if (fan.place === null && fan.arrival !== null && cursor.shuffle) {
    // As the web app does: the place from the seed and the arrival number, no request. [Q5]
    const { seed, size } = cursor.shuffle;
    permutation ??= queuePermutation(parseSeedHex(seed), size);
    fan.place = fan.arrival < size ? permutation.permute(fan.arrival) + 1 : fan.arrival + 1;
    placeKnown.record(Math.max(0, receivedAt - cursor.startsAt) * 1000);
  }
  if (shopping && !fan.entered && fan.place !== null && fan.place <= cursor.nowServing) void shop(fan);
}

/** An admitted fan takes the token, shops for a moment and leaves, freeing the slot. */
async function shop(fan: Fan): Promise<void> {
  fan.entered = true;
  const started = performance.now();
  const reply = await ask(fan, 'queue:enter', { saleId: plan.saleId });
  if (!reply.ok) return void count(enterErrors, reply.error.code);
  enterLatency.record((performance.now() - started) * 1000);
  entered++;
  await sleep(Math.random() * (shopping?.dwellMs ?? 0));
  const leaving = Date.now();
  if ((await ask(fan, 'queue:leave', { saleId: plan.saleId })).ok) {
    left++;
    leftAt.push(leaving);
  }
}

/** One Engine.IO text frame. */
function onFrame(fan: Fan, frame: string, onReady: () => void, onRefused: (why: string) => void): void {
  switch (frame[0]) {
    case '0': // Engine.IO open: connect to the main namespace with the session token.
      fan.socket?.send(`40${JSON.stringify({ token: fan.token })}`);
      return;
    case '2': // ping
      fan.socket?.send('3');
      return;
    case '4':
      break;
    default:
      return;
  }
  switch (frame[1]) {
    case '0':
      fan.ready = true;
      return onReady();
    case '4':
      return onRefused(frame.slice(2));
    case '2': {
      const [event, payload] = JSON.parse(frame.slice(2)) as [string, unknown];
      if (event === 'queue:cursor') onCursor(fan, payload as QueueCursor, Date.now());
      return;
    }
    case '3': {
      const bracket = frame.indexOf('[');
      const id = Number(frame.slice(2, bracket));
      const [reply] = JSON.parse(frame.slice(bracket)) as [Reply];
      const resolve = fan.pending.get(id);
      fan.pending.delete(id);
      resolve?.(reply);
      return;
    }
  }
}

/** One connection attempt: resolves when the server accepted the Socket.IO connection. */
function connectOnce(fan: Fan): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${plan.url}/socket.io/?EIO=4&transport=websocket`, {
      localAddress: fan.localAddress,
      perMessageDeflate: false,
      handshakeTimeout: CONNECT_ATTEMPT_TIMEOUT_MS,
    });
    fan.socket = socket;
    let settled = false;
    const settle = (error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) {
        socket.terminate();
        reject(error);
      } else resolve();
    };
    const timer = setTimeout(() => settle(new Error('timeout')), CONNECT_ATTEMPT_TIMEOUT_MS);
    socket.on('message', (data) =>
      onFrame(
        fan,
        data.toString(),
        () => settle(),
        (why) => settle(new Error(`refused ${why}`)),
      ),
    );
    socket.on('error', (error) => settle(error));
    socket.on('close', () => {
      const wasReady = fan.ready;
      fan.ready = false;
      for (const resolvePending of fan.pending.values())
        resolvePending({ ok: false, error: { code: 'DISCONNECTED' } });
      fan.pending.clear();
      if (wasReady) droppedAfterConnect++;
      settle(new Error('closed'));
    });
  });
}

async function connectAll(): Promise<void> {
  const started = Date.now();
  let retries = 0;
  let gaveUp = 0;
  let pending = 0;
  const connectWithRetries = async (fan: Fan) => {
    for (let attempt = 1; attempt <= CONNECT_ATTEMPTS; attempt++) {
      try {
        return await connectOnce(fan);
      } catch {
        retries++;
        await sleep(Math.min(5_000, 100 * 2 ** attempt) * (0.5 + Math.random()));
      }
    }
    gaveUp++;
  };
  const intervalMs = 1000 / plan.connectPerSecond;
  const attempts: Promise<void>[] = [];
  for (const [i, fan] of fans.entries()) {
    while (pending >= MAX_PENDING_HANDSHAKES) await sleep(5);
    const due = started + i * intervalMs;
    if (due > Date.now()) await sleep(due - Date.now());
    pending++;
    attempts.push(connectWithRetries(fan).finally(() => pending--));
  }
  await Promise.all(attempts);
  const connected = fans.filter((fan) => fan.ready).length;
  send({ type: 'connected', connected, retries, gaveUp, elapsedMs: Date.now() - started });
}

/** Every connected fan sends `command` once, `inFlight` at a time. */
async function askAll(command: 'queue:join' | 'queue:status', inFlight: number): Promise<void> {
  const latency = new LatencyHistogram();
  const errors: Record<string, number> = {};
  const firstSentAt = Date.now();
  let lastAnsweredAt = firstSentAt;
  let answered = 0;
  let next = 0;
  const worker = async () => {
    while (next < fans.length) {
      const fan = fans[next++]!;
      if (!fan.ready) continue;
      const started = performance.now();
      const reply = await ask(fan, command, { saleId: plan.saleId });
      if (!reply.ok) {
        count(errors, reply.error.code);
        continue;
      }
      latency.record((performance.now() - started) * 1000);
      answered++;
      lastAnsweredAt = Date.now();
      const entry = reply.data as QueueEntryView;
      fan.arrival = entry.arrival;
      fan.place = entry.place;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  send({ type: 'asked', answered, errors, firstSentAt, lastAnsweredAt, latency: latency.toJSON() });
}

function report(): void {
  const cursors: CursorReceipts[] = [...cursorLatency.values()].map(({ cursor, latency }) => ({
    at: cursor.at,
    nowServing: cursor.nowServing,
    phase: cursor.phase,
    latency: latency.toJSON(),
  }));
  send({
    type: 'report',
    connected: fans.filter((fan) => fan.ready).length,
    droppedAfterConnect,
    entered,
    left,
    leftAt,
    enterErrors,
    enterLatency: enterLatency.toJSON(),
    placeKnown: placeKnown.toJSON(),
    cursors,
    rssBytes: process.memoryUsage().rss,
  });
}

process.on('message', (message: QueueParentMessage) => {
  const run = async () => {
    switch (message.type) {
      case 'plan':
        plan = message.plan;
        fans = plan.tokens.map((token, i) => ({
          token,
          localAddress: plan.localAddresses[i % plan.localAddresses.length]!,
          ready: false,
          arrival: null,
          place: null,
          entered: false,
          pending: new Map(),
          nextAckId: 0,
        }));
        return send({ type: 'ready' });
      case 'connect':
        return connectAll();
      case 'ask':
        return askAll(message.command, message.inFlight);
      case 'shop':
        shopping = { dwellMs: message.dwellMs };
        // Fans admitted before shopping began go now; the others when the cursor reaches them.
        for (const fan of fans)
          if (fan.ready && fan.place !== null && fan.place <= nowServing) void shop(fan);
        return;
      case 'report':
        return report();
    }
  };
  run().catch((error: unknown) => send({ type: 'failed', message: String(error) }));
});
process.on('disconnect', () => process.exit(0));
// Exit normally on SIGTERM, so that BENCH_PROFILE_DIR profiles get written.
process.on('SIGTERM', () => process.exit(0));
