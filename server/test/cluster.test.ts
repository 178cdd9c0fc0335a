import { execSync } from 'node:child_process';
import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WelcomeMessage } from '../../shared/protocol/events';
import type { SeatDelta } from '../../shared/protocol/views';
import { SEAT_STATUS } from '../../shared/venue';
import { readNodeVitals } from '../observability/node-vitals';
import { RedisKeys } from '../redis/keys';
import { pidOfNode, startCluster, type RunningCluster } from './support/cluster';
import {
  command,
  connectClient,
  connected,
  createFans,
  createTestWorld,
  seedShow,
  waitFor,
  type ClientSocket,
  type TestShow,
  type TestWorld,
} from './support/harness';

let world: TestWorld;
let show: TestShow;
let cluster: RunningCluster;
let keys: RedisKeys;
const sockets: ClientSocket[] = [];

interface Client {
  socket: ClientSocket;
  nodeId: () => string | undefined;
  deltas: SeatDelta[];
}

async function client(
  options: { signedIn?: boolean; transports?: ('websocket' | 'polling')[] } = {},
): Promise<Client> {
  const [fan] = options.signedIn === false ? [undefined] : await createFans(world, 1);
  const socket = connectClient(cluster.url, fan?.token, { transports: options.transports ?? ['websocket'] });
  sockets.push(socket);
  let nodeId: string | undefined;
  const deltas: SeatDelta[] = [];
  socket.on('session:welcome', (welcome: WelcomeMessage) => (nodeId = welcome.nodeId));
  socket.on('seats:delta', (delta) => deltas.push(delta));
  socket.on('seats:deltas', (batch) =>
    deltas.push(...batch.deltas.map((delta) => ({ showId: batch.showId, ...delta }))),
  );
  await connected(socket);
  await waitFor(() => nodeId, 5_000, 'welcome');
  return { socket, nodeId: () => nodeId, deltas };
}

/** Clients until one is on a different worker than `other`. */
async function clientOnAnotherWorker(
  other: Client,
  options: Parameters<typeof client>[0] = {},
): Promise<Client> {
  for (let i = 0; i < 20; i++) {
    const candidate = await client(options);
    if (candidate.nodeId() !== other.nodeId()) return candidate;
  }
  throw new Error('every client landed on the same worker');
}

/** The primary's session routing as its next vitals write (after `after`, epoch ms) reads it. */
async function primaryRouting(after = Date.now()): Promise<{ sessions: number; at: number }> {
  return waitFor(
    async () => {
      const vitals = await readNodeVitals(world.redis, keys.vitals);
      const primary = vitals.find((entry) => entry.role === 'primary');
      const sessions = primary?.extra?.sessions;
      return (
        primary &&
        primary.at > after && { sessions: typeof sessions === 'number' ? sessions : 0, at: primary.at }
      );
    },
    5_000,
    'a vitals write of the primary',
  );
}

/** A POST whose body leaves in 4 KiB pieces, as over a real network. */
function postInPieces(url: string, body: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const bytes = Buffer.from(body);
    const outgoing = httpRequest(
      url,
      { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': bytes.length } },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) as unknown }),
        );
      },
    );
    outgoing.setTimeout(10_000, () => outgoing.destroy(new Error('no answer in 10 s')));
    outgoing.on('error', reject);
    void (async () => {
      for (let sent = 0; sent < bytes.length; sent += 4096) {
        outgoing.write(bytes.subarray(sent, sent + 4096));
        await new Promise((pause) => setTimeout(pause, 2));
      }
      outgoing.end();
    })();
  });
}

/** One request over `agent` (false: a connection of its own), its answer read whole. */
function exchange(agent: Agent | false, method: string, path: string, body?: string) {
  return new Promise<{ status: number; headers: IncomingHttpHeaders; body: string; reusedSocket: boolean }>(
    (resolve, reject) => {
      const outgoing = httpRequest(
        `${cluster.url}${path}`,
        { method, agent, headers: body === undefined ? {} : { 'content-type': 'text/plain;charset=UTF-8' } },
        (response) => {
          let text = '';
          response.on('data', (chunk: Buffer) => (text += chunk.toString()));
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              headers: response.headers,
              body: text,
              reusedSocket: outgoing.reusedSocket,
            }),
          );
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    },
  );
}

/** On failure, says why: the cluster's own log (crashes, restarts) and its processes. */
async function explained<T>(waiting: Promise<T>): Promise<T> {
  try {
    return await waiting;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${message}; workers ${liveWorkerPids().join(', ')}\n${cluster.output().slice(-3000)}`, {
      cause: error,
    });
  }
}

/**
 * Worker processes of the cluster's primary, as the OS sees them (not other children, such as the
 * esbuild service tsx starts when it has TypeScript to compile).
 */
function liveWorkerPids(): number[] {
  try {
    return execSync(`pgrep -P ${cluster.process.pid} -f server/main.ts`)
      .toString()
      .trim()
      .split('\n')
      .map(Number);
  } catch {
    return [];
  }
}

function sawStatus(watcher: Client, seat: number, status: number): boolean {
  return watcher.deltas.some((delta) => {
    for (let i = 0; i < delta.changes.length; i += 2)
      if (delta.changes[i] === seat && delta.changes[i + 1] === status) return true;
    return false;
  });
}

beforeAll(async () => {
  world = await createTestWorld();
  show = await seedShow(world.db, { seatCount: 500 });
  keys = new RedisKeys(world.config.REDIS_KEY_PREFIX);
  cluster = await startCluster(world.config, { WORKERS: '2', HOLD_TTL_MS: '1500' });
}, 90_000);

afterAll(async () => {
  sockets.forEach((socket) => socket.disconnect());
  await cluster?.stop();
  await world.dispose();
});

describe('the node cluster', () => {
  it('serves the API and the sockets through the primary', async () => {
    const response = await fetch(`${cluster.url}/api/shows/${show.showId}`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { id: string }).id).toBe(show.showId);
  });

  it('a hold made through one worker reaches a client connected to another worker', async () => {
    const holder = await client();
    const watcher = await clientOnAnotherWorker(holder, { signedIn: false });
    const subscribed = await command(watcher.socket, 'show:subscribe', {
      showId: show.showId,
      sections: 'all',
    });
    expect(subscribed.ok).toBe(true);
    const hold = await command(holder.socket, 'seats:hold', { showId: show.showId, seats: [7] });
    expect(hold.ok).toBe(true);
    await waitFor(() => sawStatus(watcher, 7, SEAT_STATUS.HELD), 5_000, 'the delta on the other worker');
  });

  it("a long-polling client works through the cluster's session routing: holds, and sees others' holds", async () => {
    const poller = await client({ transports: ['polling'] });
    expect(poller.socket.io.engine.transport.name).toBe('polling');
    const other = await clientOnAnotherWorker(poller);
    const subscribed = await command(poller.socket, 'show:subscribe', {
      showId: show.showId,
      sections: 'all',
    });
    expect(subscribed.ok).toBe(true);
    const own = await command(poller.socket, 'seats:hold', { showId: show.showId, seats: [20] });
    expect(own.ok).toBe(true);
    await command(other.socket, 'seats:hold', { showId: show.showId, seats: [21] });
    await waitFor(() => sawStatus(poller, 21, SEAT_STATUS.HELD), 5_000, 'the delta over long-polling');
  });

  it('60 long-polling clients at once all connect and are answered: requests that reach the other worker go to the one holding the session', async () => {
    const pollers = Array.from({ length: 60 }, () => {
      const socket = connectClient(cluster.url, undefined, { transports: ['polling'] });
      sockets.push(socket);
      return socket;
    });
    const answers = await Promise.all(
      pollers.map(async (socket) => {
        await connected(socket);
        // Several exchanges each: every one is a new HTTP request, accepted by any worker.
        const replies = [];
        for (let i = 0; i < 3; i++)
          replies.push(await command(socket, 'show:subscribe', { showId: show.showId }));
        return replies;
      }),
    );
    expect(answers.flat().every((reply) => reply.ok)).toBe(true);
    expect(pollers.every((socket) => socket.io.engine.transport.name === 'polling')).toBe(true);
    // Some requests reached the worker not holding their session and were passed on by the primary.
    const handedOver = await waitFor(
      async () => {
        const vitals = Object.values(await world.redis.hgetall(keys.vitals)).map(
          (raw) => JSON.parse(raw) as { role: string; extra?: { handedOver?: number } },
        );
        const primary = vitals.find((entry) => entry.role === 'primary');
        return primary?.extra?.handedOver ? primary.extra.handedOver : undefined;
      },
      5_000,
      'requests handed over by the primary',
    );
    expect(handedOver).toBeGreaterThan(0);
    pollers.forEach((socket) => socket.disconnect());
  }, 30_000);

  it('tells the primary only of sessions that begin on long-polling, and of their end', async () => {
    const before = await primaryRouting();
    const websockets = await Promise.all([1, 2, 3, 4].map(() => client({ signedIn: false })));
    const pollers = await Promise.all([1, 2, 3].map(() => client({ transports: ['polling'] })));
    const known = await waitFor(
      async () => {
        const routing = await primaryRouting(before.at);
        return routing.sessions >= before.sessions + pollers.length && routing;
      },
      5_000,
      'the pollers known to the primary',
    );
    // A later reading still counts the pollers alone: the WebSocket sessions, older, never came.
    expect((await primaryRouting(known.at)).sessions).toBe(before.sessions + pollers.length);
    pollers.forEach(({ socket }) => socket.disconnect());
    await waitFor(
      async () => (await primaryRouting()).sessions === before.sessions,
      5_000,
      'the pollers forgotten',
    );
    websockets.forEach(({ socket }) => socket.disconnect());
  });

  it("subscribes each worker to its namespace's channels, not to a channel a room", async () => {
    const fan = await client();
    await clientOnAnotherWorker(fan);
    const channels = (await world.redis.call(
      'PUBSUB',
      'SHARDCHANNELS',
      `${keys.adapterChannel}*`,
    )) as string[];
    // The namespace's channel, and each worker's own channel for answers.
    expect(channels.filter((channel) => !channel.includes('account:'))).toHaveLength(3);
    expect(channels.filter((channel) => channel.includes('account:'))).toEqual([]);
  });

  it('takes request bodies of any allowed size, sent in pieces', async () => {
    for (const size of [1_000, 17_000, 60_000]) {
      const body = JSON.stringify({
        email: 'big@example.test',
        password: 'x'.repeat(size),
        displayName: 'Big',
      });
      const answer = await postInPieces(`${cluster.url}/api/auth/signup`, body);
      expect(answer).toEqual({
        status: 400,
        body: { error: expect.objectContaining({ code: 'VALIDATION_FAILED' }) },
      });
    }
  });

  it('keeps an API connection open between requests, and closes an Engine.IO one after its answer', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const first = await exchange(agent, 'GET', '/healthz');
    const second = await exchange(agent, 'GET', '/api/shows');
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(first.headers.connection).toBe('keep-alive');
    expect(second.reusedSocket).toBe(true);
    const handshake = await exchange(agent, 'GET', '/socket.io/?EIO=4&transport=polling');
    expect(handshake.status).toBe(200);
    expect(handshake.reusedSocket).toBe(true);
    expect(handshake.headers.connection).toBe('close');
    agent.destroy();
  });

  it("drops unanswered a kept-alive connection that brings another worker's polling session; sent again on a new connection, it reaches the session", async () => {
    const handshake = await exchange(false, 'GET', '/socket.io/?EIO=4&transport=polling');
    const { sid } = JSON.parse(handshake.body.slice(1)) as { sid: string };
    const send = `/socket.io/?EIO=4&transport=polling&sid=${sid}`;
    const outcomes = new Set<string>();
    // Each kept-alive connection lands on either worker, as the kernel hands them out.
    for (let attempt = 0; attempt < 200 && outcomes.size < 2; attempt++) {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      await exchange(agent, 'GET', '/healthz');
      const noop = await exchange(agent, 'POST', send, '6').catch((error: NodeJS.ErrnoException) => error);
      agent.destroy();
      if (noop instanceof Error) {
        expect(noop.code).toBe('ECONNRESET');
        outcomes.add('dropped');
        // What a browser does with a reused connection closed before any answer.
        const again = await exchange(false, 'POST', send, '6');
        expect([again.status, again.body]).toEqual([200, 'ok']);
      } else {
        expect([noop.status, noop.body, noop.reusedSocket]).toEqual([200, 'ok', true]);
        outcomes.add('answered by its worker');
      }
    }
    expect([...outcomes].sort()).toEqual(['answered by its worker', 'dropped']);
  }, 30_000);

  it('spreads a burst of connections over the workers, and every one of them connects', async () => {
    const burst = Array.from({ length: 200 }, () => connectClient(cluster.url, undefined));
    sockets.push(...burst);
    const nodeIds = await Promise.all(
      burst.map(
        (socket) =>
          new Promise<string>((resolve) => socket.once('session:welcome', (w) => resolve(w.nodeId))),
      ),
    );
    const perWorker = [...new Set(nodeIds)].map((nodeId) => nodeIds.filter((id) => id === nodeId).length);
    // The kernel hands each connection to whichever worker accepts first: both take part of a
    // burst, but how much varies (16 to 100 of 200 seen), so
    // only that both serve is asserted.
    expect(perWorker).toHaveLength(2);
    expect(Math.min(...perWorker)).toBeGreaterThan(0);
    burst.forEach((socket) => socket.disconnect());
  }, 15_000);

  it('[H5] killing the worker that runs the sweeper does not stop expiry', async () => {
    const holderKey = `${keys.leaderLock('hold-sweeper')}:holder`;
    const sweeperNode = await waitFor(
      async () => (await world.redis.get(holderKey)) ?? undefined,
      10_000,
      'a sweeper',
    );
    process.kill(pidOfNode(sweeperNode), 'SIGKILL');

    const holder = await client();
    const watcher = await client({ signedIn: false });
    await command(watcher.socket, 'show:subscribe', { showId: show.showId, sections: 'all' });
    const hold = await command(holder.socket, 'seats:hold', {
      showId: show.showId,
      seats: [30, 31],
    });
    expect(hold.ok).toBe(true);

    await waitFor(
      () => sawStatus(watcher, 30, SEAT_STATUS.FREE) && sawStatus(watcher, 31, SEAT_STATUS.FREE),
      15_000,
      'expiry',
    );
    const newSweeper = await world.redis.get(holderKey);
    expect(newSweeper).not.toBeNull();
    expect(newSweeper).not.toBe(sweeperNode);
    expect(await world.redis.hget(keys.show(show.showId).holds, hold.ok ? hold.data.holdId : '')).toBeNull();
  });

  it('re-forks a worker that dies, and new connections reach the new worker', async () => {
    const before = await explained(
      waitFor(() => liveWorkerPids().length === 2 && liveWorkerPids(), 60_000, 'two workers'),
    );
    process.kill(before[0]!, 'SIGKILL');
    const replacement = await explained(
      waitFor(() => liveWorkerPids().find((pid) => !before.includes(pid)), 20_000, 'a replacement worker'),
    );
    // Booting a worker (compiling TypeScript, loading the catalogue) takes seconds on a loaded machine.
    await explained(
      waitFor(
        async () => {
          const fresh = await client({ signedIn: false });
          fresh.socket.disconnect();
          return pidOfNode(fresh.nodeId()!) === replacement;
        },
        60_000,
        'a connection to the replacement',
      ),
    );
    expect(liveWorkerPids().sort()).toEqual([before[1]!, replacement].sort());
  }, 150_000);

  it('drains its sockets (they may reconnect elsewhere) and exits cleanly on SIGTERM', async () => {
    const watchers = await Promise.all([client(), client(), client({ signedIn: false })]);
    const reasons = watchers.map(
      (watcher) => new Promise<string>((resolve) => watcher.socket.once('disconnect', resolve)),
    );
    const exited = new Promise<number | null>((resolve) => cluster.process.once('exit', resolve));
    cluster.process.kill('SIGTERM');
    expect(await Promise.all(reasons)).toEqual(['transport close', 'transport close', 'transport close']);
    expect(await exited).toBe(0);
  });
});
