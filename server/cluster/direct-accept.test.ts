import { createServer, type Server as HttpServer } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { getOnNewConnection } from '../test/support/first-request';
import { acceptDirectly, type DirectAccept } from './direct-accept';
import { startHandshakeShedder } from './handshake-shedder';

const get = (port: number, path: string) => getOnNewConnection(`http://127.0.0.1:${port}`, path);

describe('the front door while the worker is overloaded', () => {
  let httpServer: HttpServer;
  let door: DirectAccept;
  const served: string[] = [];

  const openDoor = async (overloaded: boolean) => {
    httpServer = createServer((incoming, response) => {
      served.push(incoming.url ?? '');
      response.end('served');
    });
    door = await acceptDirectly(httpServer, {
      host: '127.0.0.1',
      port: 0,
      backlog: 64,
      maxConnections: 100,
      holdsSession: () => true,
      shedder: { overloaded: () => overloaded, retryAfterSeconds: () => 3 },
    });
  };

  afterEach(() => {
    door.close();
    httpServer.close();
    served.length = 0;
  });

  const handshake = '/socket.io/?EIO=4&transport=polling';
  const sessionRequest = `/socket.io/?EIO=4&transport=polling&sid=${'a'.repeat(20)}`;

  it('turns a new Socket.IO session away with 503, Retry-After and SERVICE_UNAVAILABLE', async () => {
    await openDoor(true);
    const refused = await get(door.port, handshake);
    expect(refused.status).toBe(503);
    expect(refused.retryAfter).toBe('3');
    expect(JSON.parse(refused.body)).toMatchObject({ error: { code: 'SERVICE_UNAVAILABLE' } });
    expect(served).toEqual([]);
    expect(door.stats().shed).toBe(1);
  });

  it('still serves the sessions it holds and the API', async () => {
    await openDoor(true);
    expect((await get(door.port, sessionRequest)).status).toBe(200);
    expect((await get(door.port, '/api/shows')).status).toBe(200);
    expect(served).toEqual([sessionRequest, '/api/shows']);
    expect(door.stats().shed).toBe(0);
  });

  it('lets a new session in when the worker keeps up', async () => {
    await openDoor(false);
    expect((await get(door.port, handshake)).status).toBe(200);
    expect(served).toEqual([handshake]);
  });
});

describe('the handshake shedder', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is overloaded from a window whose delay is over the threshold until one is not', () => {
    vi.useFakeTimers();
    let lagMs = 0;
    const shedder = startHandshakeShedder({ lagThresholdMs: 1_000, windowMs: 500, readLagMs: () => lagMs });
    lagMs = 1_500;
    expect(shedder.overloaded()).toBe(false);
    vi.advanceTimersByTime(500);
    expect(shedder.overloaded()).toBe(true);
    lagMs = 1_000;
    vi.advanceTimersByTime(500);
    expect(shedder.overloaded()).toBe(false);
    shedder.stop();
  });

  it('never sheds when turned off', () => {
    vi.useFakeTimers();
    const shedder = startHandshakeShedder({ lagThresholdMs: 0, readLagMs: () => 60_000 });
    vi.advanceTimersByTime(5_000);
    expect(shedder.overloaded()).toBe(false);
  });

  it('spreads the fans it turns away over 2 to 6 seconds', () => {
    const at = (random: number) =>
      startHandshakeShedder({ lagThresholdMs: 0, random: () => random }).retryAfterSeconds();
    expect([at(0), at(0.5), at(0.999)]).toEqual([2, 4, 6]);
  });
});
