import { ERROR_MESSAGES } from '../../shared/i18n/error-messages';
import { pino } from 'pino';
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ERROR_CATALOGUE, isErrorCode } from '../../shared/errors';
import type { SessionView } from '../../shared/protocol/views';
import { SessionTokens } from '../accounts/session-tokens';
import { DEMO_PRICES_SATANG, upsertShow } from '../catalogue/catalogue-seed';
import { startNode, type RunningNode } from '../node';
import { AdmissionTokens } from '../queue/admission-tokens';
import {
  badInputCases,
  type BadInputContext,
  type Codes,
  type HandshakeCase,
  type HttpCase,
  type RawCase,
  type RawOutcome,
  type SocketCase,
  type SocketRole,
} from './support/bad-input-cases';
import { accountBadInputCases } from './support/bad-input-account-cases';
import { queueBadInputCases } from './support/bad-input-queue-cases';
import { waitlistBadInputCases } from './support/bad-input-waitlist-cases';
import { settledFingerprint, storeFingerprint, type StoreFingerprint } from './support/store-fingerprint';
import {
  command,
  connectClient,
  connected,
  createFans,
  createTestWorld,
  seedSale,
  seedShow,
  TEST_PASSWORD,
  TEST_SECRET,
  waitFor,
  type ClientSocket,
  type TestWorld,
} from './support/harness';

/**
 * Bad input over every channel (Socket.IO commands and handshakes, raw Engine.IO frames, HTTP):
 * each case must get a typed error from the catalogue, change nothing in Redis or PostgreSQL, and
 * log no error. The cases live in ./support/bad-input-cases.ts (and the waiting room's, the
 * waitlist's and the fan's own account's in ./support/bad-input-{queue,waitlist,account}-cases.ts).
 */
const ACK_TIMEOUT_MS = 3_000;
const HOUR = 3600_000;
const FORGED_SECRET = 'forged-secret-forged-secret-forged-secret';
const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);
const PROBE_ACK_ID = 99;
const LAST_PROBE_ACK_ID = 98;
const cases = [...badInputCases, ...queueBadInputCases, ...waitlistBadInputCases, ...accountBadInputCases];

type LogLine = { level: number; msg?: string; path?: string; event?: string; err?: { message?: string } };
const logLines: LogLine[] = [];
const logger = pino({ level: 'info' }, { write: (line: string) => void logLines.push(JSON.parse(line)) });

let world: TestWorld;
let node: RunningNode;
let ctx: BadInputContext;
let baseline: StoreFingerprint;
let logsAtStart = 0;
let spareSocket: ClientSocket;
const sockets = new Map<SocketRole, ClientSocket>();
const extraSockets: ClientSocket[] = [];

/** Log lines at level error or above since `index`, summed up so a failure reads well. */
function errorLogsSince(index: number): string[] {
  return logLines
    .slice(index)
    .filter((line) => line.level >= 50)
    .map((line) => `${line.msg} ${line.path ?? line.event ?? ''}: ${line.err?.message}`);
}

// ---------------------------------------------------------------- clients

function ask(socket: ClientSocket, event: string, args: unknown[]): Promise<unknown> {
  const loose = socket as unknown as { timeout(ms: number): { emit(...args: unknown[]): void } };
  return new Promise((resolve, reject) => {
    loose.timeout(ACK_TIMEOUT_MS).emit(event, ...args, (error: Error | null, response: unknown) => {
      if (error) reject(new Error(`no ack for "${event.slice(0, 40)}" within ${ACK_TIMEOUT_MS} ms`));
      else resolve(response);
    });
  });
}

function expectTypedError(reply: unknown, codes: Codes, what = 'ack'): void {
  const shown = JSON.stringify(reply)?.slice(0, 300);
  const error = (reply as { ok?: unknown; error?: { code?: unknown } } | null)?.error;
  expect((reply as { ok?: unknown } | null)?.ok, `${what}: ${shown}`).toBe(false);
  expect(isErrorCode(error?.code), `${what} carries a catalogue code: ${shown}`).toBe(true);
  expect(codes, `${what}: ${shown}`).toContain(error?.code);
}

/** A raw Engine.IO v4 WebSocket client: frames in, frames out, pings answered. */
class RawClient {
  readonly frames: string[] = [];
  closed = false;
  /** Called on every frame in and on the close: the conditions `until` waits for. */
  private readonly watchers = new Set<() => void>();

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      const text = isBinary ? '<binary>' : data.toString();
      if (text === '2') ws.send('3');
      this.frames.push(text);
      this.changed();
    });
    const closed = () => {
      this.closed = true;
      this.changed();
    };
    ws.on('close', closed);
    ws.on('error', closed);
  }

  private changed(): void {
    for (const watcher of [...this.watchers]) watcher();
  }

  static async open(): Promise<RawClient> {
    const ws = new WebSocket(`${node.url!.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`);
    const client = new RawClient(ws);
    await client.until(() => client.frames.some((frame) => frame.startsWith('0{')), 'the open packet');
    return client;
  }

  send(frame: string | Buffer): void {
    if (!this.closed && this.ws.readyState === WebSocket.OPEN) this.ws.send(frame);
  }

  /** Resolves with `check`'s value once it has one: checked now, then on every frame and on the close. */
  until<T>(check: () => T | undefined | false, what: string, timeoutMs = 5_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const stop = () => {
        clearTimeout(timer);
        this.watchers.delete(watcher);
      };
      const watcher = () => {
        const value = check();
        if (!value) return;
        stop();
        resolve(value);
      };
      const timer = setTimeout(() => {
        stop();
        reject(new Error(`raw client: timed out waiting for ${what}`));
      }, timeoutMs);
      this.watchers.add(watcher);
      watcher();
    });
  }

  terminate(): void {
    this.ws.terminate();
  }
}

const ackFrame = /^43(\d+)(\[.*)$/s;
const ERROR_CODES_ALL = Object.keys(ERROR_CATALOGUE) as Codes;

/** Resolves once the node works on no request or command (InFlight counts both until answered). */
function nothingInFlight(): Promise<boolean> {
  return waitFor(() => node.components.inFlight.size === 0, ACK_TIMEOUT_MS, 'the node’s work in flight');
}

/** What the server did with the frames: closed, answered an ack or connect_error, or ignored them. */
async function rawOutcome(client: RawClient, testCase: RawCase): Promise<RawOutcome> {
  const handshake = typeof testCase.handshake === 'function' ? testCase.handshake(ctx) : testCase.handshake;
  if (handshake !== null) {
    client.send(handshake);
    const answered = () => client.closed || client.frames.find((frame) => /^4[04]/.test(frame));
    const answer = await client.until(answered, 'the CONNECT answer');
    if (answer === true) return 'close';
    if (answer.startsWith('44')) {
      const body = JSON.parse(answer.slice(2)) as { message?: string; data?: { code?: unknown } };
      expect(body.message).toBe(body.data?.code);
      return { connectError: [body.data?.code as never] };
    }
  }
  const start = client.frames.length;
  /** The acks that came since the case's frames were sent, by ack id. */
  const acks = () =>
    client.frames.slice(start).flatMap((frame) => {
      const match = ackFrame.exec(frame);
      return match ? [{ id: Number(match[1]), payload: (JSON.parse(match[2]!) as unknown[])[0] }] : [];
    });
  /** The close, or an ack to one of the case's frames (not to a probe): whichever came first. */
  const reaction = () => {
    if (client.closed) return 'close' as const;
    return acks().find(({ id }) => id !== PROBE_ACK_ID && id !== LAST_PROBE_ACK_ID);
  };
  const probed = (id: number) => acks().some((ack) => ack.id === id);
  for (const frame of testCase.frames(ctx)) client.send(frame);
  client.send(`42${PROBE_ACK_ID}["probe:raw",{}]`);
  const early = await client.until(() => reaction() ?? probed(PROBE_ACK_ID), 'the probe', ACK_TIMEOUT_MS);
  let seen = early === true ? undefined : early;
  if (seen === undefined) {
    // Nothing yet, but a command may still be at work (a hold goes to Redis before it answers). The
    // node handles a socket's frames in order, so by the probe's answer every frame before it was
    // handled, and a command one of them started is counted in flight until it has answered. Once
    // none is, a last probe's answer comes after any answer those frames could get.
    await nothingInFlight();
    client.send(`42${LAST_PROBE_ACK_ID}["probe:raw",{}]`);
    const late = await client.until(
      () => reaction() ?? probed(LAST_PROBE_ACK_ID),
      'the last probe',
      ACK_TIMEOUT_MS,
    );
    if (late === true) return 'ignored';
    seen = late;
  }
  if (seen === 'close') return 'close';
  expectTypedError(seen.payload, ERROR_CODES_ALL, 'raw ack');
  return { ack: [(seen.payload as { error?: { code?: unknown } }).error?.code as never] };
}

function outcomeMatches(outcome: RawOutcome, expected: readonly RawOutcome[]): boolean {
  return expected.some((option) => {
    if (typeof option === 'string' || typeof outcome === 'string') return option === outcome;
    if ('ack' in option && 'ack' in outcome) return option.ack.includes(outcome.ack[0]!);
    if ('connectError' in option && 'connectError' in outcome)
      return option.connectError.includes(outcome.connectError[0]!);
    return false;
  });
}

/** The node still serves a fresh connection after one was closed on it. */
async function expectNodeServesRawClients(): Promise<void> {
  const client = await RawClient.open();
  try {
    client.send('40');
    await client.until(() => client.frames.some((frame) => frame.startsWith('40{')), 'CONNECT');
    client.send(`42${PROBE_ACK_ID}["probe:alive",{}]`);
    const frame = await client.until(
      () => client.frames.find((f) => f.startsWith(`43${PROBE_ACK_ID}`)),
      'probe',
    );
    expect(JSON.parse(frame.slice(`43${PROBE_ACK_ID}`.length))).toEqual([
      { ok: false, error: { code: 'UNKNOWN_COMMAND', message: ERROR_MESSAGES.en.UNKNOWN_COMMAND } },
    ]);
  } finally {
    client.terminate();
  }
}

// ---------------------------------------------------------------- runners per channel

async function runSocketCase(testCase: SocketCase): Promise<void> {
  const socket = sockets.get(testCase.as)!;
  expect(socket.connected, `the ${testCase.as} socket is connected`).toBe(true);
  if (testCase.codes !== null) {
    expectTypedError(await ask(socket, testCase.event, testCase.args(ctx)), testCase.codes);
    return;
  }
  (socket as unknown as { emit(...args: unknown[]): void }).emit(testCase.event, ...testCase.args(ctx));
  // Whatever was dropped must stay dropped: the socket keeps answering in order, and nothing moves.
  expectTypedError(await ask(socket, 'probe:after-no-ack', [{}]), ['UNKNOWN_COMMAND'], 'probe');
  // The node handles a socket's frames in order: by the probe's answer, a command the dropped frame
  // started (had it run) is counted in flight, and once none is, it has written all it would.
  await nothingInFlight();
}

async function runHandshakeCase(testCase: HandshakeCase): Promise<void> {
  const socket = connect(node.url!, {
    auth: testCase.auth(ctx) as Record<string, unknown>,
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
  });
  extraSockets.push(socket);
  try {
    const outcome = await new Promise<{ connected: true } | { error: Error & { data?: unknown } }>(
      (resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no connect, no connect_error')), ACK_TIMEOUT_MS);
        socket.once('connect', () => (clearTimeout(timer), resolve({ connected: true })));
        socket.once('connect_error', (error) => (clearTimeout(timer), resolve({ error })));
      },
    );
    expect('error' in outcome, 'the handshake is refused').toBe(true);
    if (!('error' in outcome)) return;
    expectTypedError({ ok: false, error: outcome.error.data }, testCase.codes, 'connect_error data');
    expect(outcome.error.message).toBe((outcome.error.data as { code?: unknown } | undefined)?.code);
  } finally {
    socket.close();
  }
}

async function runRawCase(testCase: RawCase): Promise<void> {
  const client = await RawClient.open();
  try {
    const outcome = await rawOutcome(client, testCase);
    expect(outcomeMatches(outcome, testCase.expect), `outcome ${JSON.stringify(outcome)}`).toBe(true);
  } finally {
    client.terminate();
  }
  if (testCase.expect.includes('close')) await expectNodeServesRawClients();
}

async function runHttpCase(testCase: HttpCase): Promise<void> {
  const headers: Record<string, string> = {};
  const { auth } = testCase;
  if (auth === 'fan' || auth === 'staff') headers.authorization = `Bearer ${ctx.tokens[auth]}`;
  else if (auth !== 'none') headers.authorization = auth(ctx);
  const body = testCase.body?.(ctx);
  if (typeof body === 'string') headers['content-type'] = 'application/json';
  Object.assign(headers, testCase.headers?.(ctx));
  const { method } = testCase;
  const response = await fetch(`${node.url}${testCase.path(ctx)}`, { method, headers, body });
  const text = await response.text();
  const parsed: unknown = text.startsWith('{') ? JSON.parse(text) : text;
  expectTypedError({ ok: false, ...(parsed as object) }, testCase.codes, `HTTP ${response.status}`);
  const code = (parsed as { error: { code: keyof typeof ERROR_CATALOGUE } }).error.code;
  expect(response.status, `status of ${code}`).toBe(ERROR_CATALOGUE[code].status);
}

// ---------------------------------------------------------------- the world and its baseline

async function post<T>(path: string, body: unknown, token?: string): Promise<T> {
  const response = await fetch(`${node.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function holdAndMaybePay(socket: ClientSocket, seats: number[], key?: string) {
  const hold = await command(socket, 'seats:hold', { showId: ctx.showId, seats });
  if (!hold.ok) throw new Error(`baseline hold failed: ${hold.error.code}`);
  if (key === undefined) return { holdId: hold.data.holdId, orderId: '' };
  const order = await command(socket, 'order:checkout', {
    showId: ctx.showId,
    holdId: hold.data.holdId,
    paymentMethod: 'card',
    idempotencyKey: key,
  });
  if (!order.ok || order.data.status !== 'paid')
    throw new Error(`baseline checkout: ${JSON.stringify(order)}`);
  return { holdId: hold.data.holdId, orderId: order.data.id };
}

/** Admission tokens that must all be refused: the attacking fan was never admitted to the test sale. */
async function admissionTokens(fanId: string, otherFanId: string): Promise<BadInputContext['admission']> {
  const issue = (saleId: string, accountId = fanId, expiresAt = Date.now() + HOUR, secret = TEST_SECRET) =>
    new AdmissionTokens(secret).issue({ accountId, saleId, expiresAt });
  return {
    inactive: await issue('test-sale'),
    expired: await issue('test-sale', fanId, Date.now() - HOUR),
    otherFan: await issue('test-sale', otherFanId),
    otherSale: await issue('early-sale'),
    forged: await issue('test-sale', fanId, Date.now() + HOUR, FORGED_SECRET),
  };
}

function socketWith(auth: Record<string, unknown>): ClientSocket {
  const socket: ClientSocket = connect(node.url!, { auth, transports: ['websocket'], forceNew: true });
  extraSockets.push(socket);
  return socket;
}

beforeAll(async () => {
  world = await createTestWorld();
  const show = await seedShow(world.db, { seatCount: 500 });
  const other = await seedShow(world.db, { showId: 'other-show', seatCount: 2000 });
  await upsertShow(world.db, {
    id: 'later-show',
    tourId: 'test-tour',
    venueId: show.venueId,
    name: 'Later night',
    startsAt: new Date(Date.now() + 60 * 24 * HOUR),
    onSaleAt: new Date(Date.now() + 30 * 24 * HOUR),
    pricesSatang: DEMO_PRICES_SATANG,
  });
  const saleShow = await seedShow(world.db, { showId: 'sale-show', seatCount: 500 });
  const early = await seedShow(world.db, { showId: 'early-show', seatCount: 500 });
  const closed = await seedShow(world.db, { showId: 'closed-show', seatCount: 500 });
  const soldOut = await seedShow(world.db, { showId: 'sold-out-show', seatCount: 100 });
  await seedSale(world.db, { id: 'test-sale', showIds: [saleShow.showId] });
  await seedSale(world.db, {
    id: 'early-sale',
    showIds: [early.showId],
    prequeueOpensAt: new Date(Date.now() + HOUR),
    startsAt: new Date(Date.now() + 2 * HOUR),
  });
  await seedSale(world.db, {
    id: 'closed-sale',
    showIds: [closed.showId],
    prequeueOpensAt: new Date(Date.now() - 3 * HOUR),
    startsAt: new Date(Date.now() - 2 * HOUR),
    closesAt: new Date(Date.now() - HOUR),
  });
  node = await startNode(world.config, { logger });

  const [fan, otherFan, spareFan] = await createFans(world, 3);
  const staffEmail = 'box-office@example.test';
  await node.components.accounts.createStaff(staffEmail, TEST_PASSWORD, 'Box office', 'admin');
  const staffCredentials = { email: staffEmail, password: TEST_PASSWORD };
  const staff = await post<SessionView>('/api/staff/auth/signin', staffCredentials);
  const agentId = await node.components.accounts.createStaff(
    'agent@ex.test',
    TEST_PASSWORD,
    'Agent',
    'agent',
  );
  const { email: otherFanEmail } = await world.db
    .selectFrom('accounts')
    .select('email')
    .where('id', '=', otherFan!.id)
    .executeTakeFirstOrThrow();
  sockets.set('expired', socketWith({ token: fan!.token }));
  sockets.set('fan', connectClient(node.url!, fan!.token));
  sockets.set('anonymous', connectClient(node.url!));
  sockets.set('staff', socketWith({ token: staff.token, kind: 'staff' }));
  const otherSocket = connectClient(node.url!, otherFan!.token);
  spareSocket = connectClient(node.url!, spareFan!.token);
  extraSockets.push(otherSocket, spareSocket, sockets.get('fan')!, sockets.get('anonymous')!);
  await Promise.all([...sockets.values(), otherSocket, spareSocket].map((socket) => connected(socket)));
  // The 'expired' socket signed in with a live token whose time has since run out: its identity on
  // the node ends in the past, as it would once the clock passed it (commands compare it with now).
  const expired = node.application.io.of('/').sockets.get(sockets.get('expired')!.id!);
  expired!.data.identity!.expiresAt = Date.now() - HOUR;

  ctx = {
    showId: show.showId,
    otherShowId: other.showId,
    offSaleShowId: 'later-show',
    soldOutShowId: soldOut.showId,
    seatCount: show.seatCount,
    missingSection: Math.max(...node.components.catalogue.layout(show.showId)!.venue.sectionIds()) + 1,
    ownHoldId: '',
    foreignHoldId: '',
    foreignPaidHoldId: '',
    foreignOrderId: '',
    usedKey: 'bad-input-used-key-0001',
    seats: { free: range(101, 10), ownHeld: 10, foreignHeld: 30, sold: 20, blocked: 50 },
    tokens: {
      fan: fan!.token,
      otherFan: otherFan!.token,
      staff: staff.token,
      expired: (await new SessionTokens(TEST_SECRET, 60_000, () => Date.now() - HOUR).issue('fan', fan!.id))
        .token,
      forged: (await new SessionTokens(FORGED_SECRET, 60_000).issue('fan', fan!.id)).token,
      agent: (await world.tokens.issue('staff', agentId)).token,
    },
    otherFanEmail,
    saleId: 'test-sale',
    saleShowId: saleShow.showId,
    earlySaleId: 'early-sale',
    closedSaleId: 'closed-sale',
    admission: await admissionTokens(fan!.id, otherFan!.id),
  };
  const fanSocket = sockets.get('fan')!;
  ctx.ownHoldId = (await holdAndMaybePay(fanSocket, [10, 11])).holdId;
  await holdAndMaybePay(fanSocket, [20], ctx.usedKey);
  ctx.foreignHoldId = (await holdAndMaybePay(otherSocket, [30])).holdId;
  const paid = await holdAndMaybePay(otherSocket, [40], 'bad-input-other-key-0001');
  ctx.foreignPaidHoldId = paid.holdId;
  ctx.foreignOrderId = paid.orderId;
  await post(`/api/admin/shows/${ctx.showId}/blocks`, { seats: [50], reason: 'camera' }, staff.token);
  const everySeat = { seats: range(0, soldOut.seatCount), reason: 'production' };
  await post(`/api/admin/shows/${ctx.soldOutShowId}/blocks`, everySeat, staff.token);
  await post(`/api/shows/${ctx.soldOutShowId}/waitlist`, {}, otherFan!.token);
  // The pacer sets the open sales' queues up; another fan waits in the pre-queue (joined over HTTP,
  // so no socket of theirs sits in the queue room and presence never touches the state).
  await waitFor(async () => (await world.redis.exists(node.components.keys.sale('early-sale').meta)) > 0);
  await waitFor(async () => (await world.redis.exists(node.components.keys.sale(ctx.saleId).meta)) > 0);
  await post(`/api/sales/${ctx.saleId}/queue`, {}, otherFan!.token);

  baseline = await settledFingerprint(world);
  logsAtStart = logLines.length;
});

afterAll(async () => {
  for (const socket of extraSockets) socket.disconnect();
  await node?.stop();
  await world?.dispose();
});

describe('bad input gets a typed error and changes nothing', () => {
  it('the table has at least 50 distinct kinds of malformed input, over every channel', () => {
    const names = cases.map((testCase) => testCase.name);
    expect(new Set(names).size).toBe(names.length);
    expect(cases.length).toBeGreaterThanOrEqual(50);
    const perChannel = (channel: string) => cases.filter((c) => c.channel === channel).length;
    for (const channel of ['socket', 'handshake', 'raw', 'http']) {
      expect(perChannel(channel), channel).toBeGreaterThanOrEqual(5);
    }
  });

  it('the fingerprint covers the waiting room: the sale’s Redis keys and the sales table', () => {
    expect(Object.keys(baseline.redis)).toEqual(
      expect.arrayContaining(['{sale:test-sale}:meta', '{sale:test-sale}:arrivals', '{sale:test-sale}:seen']),
    );
    expect(baseline.postgres.sales).toContain('test-sale:');
  });

  it('the fingerprint covers the waitlist and the fans’ languages', () => {
    expect(baseline.postgres.waitlist_entries).toContain('sold-out-show:');
    expect(baseline.postgres.accounts).toMatch(/:en(,|$)/);
  });

  for (const testCase of cases) {
    it(testCase.name, async () => {
      const before = await storeFingerprint(world);
      const logIndex = logLines.length;
      if (testCase.channel === 'socket') await runSocketCase(testCase);
      else if (testCase.channel === 'handshake') await runHandshakeCase(testCase);
      else if (testCase.channel === 'raw') await runRawCase(testCase);
      else await runHttpCase(testCase);
      expect(await storeFingerprint(world)).toEqual(before);
      expect(errorLogsSince(logIndex)).toEqual([]);
    });
  }

  it('after the whole run the state is the baseline and nothing was logged as an error', async () => {
    // Every command and request the cases sent has been answered: what they wrote is in the stores.
    await nothingInFlight();
    expect(await storeFingerprint(world)).toEqual(baseline);
    expect(errorLogsSince(logsAtStart)).toEqual([]);
  });

  it('the node is alive: /healthz answers and a valid hold still works', async () => {
    const health = await fetch(`${node.url}/healthz`);
    expect(health.status).toBe(200);
    expect(sockets.get('fan')!.connected).toBe(true);
    const reply = await command(spareSocket, 'seats:hold', { showId: ctx.showId, seats: [105] });
    expect(reply.ok && reply.data.seats).toEqual([105]);
  });
});
