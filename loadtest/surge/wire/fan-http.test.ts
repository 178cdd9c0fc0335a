import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { FanHttp, type HttpTimings } from './fan-http';

/** A server that answers each request only when the test says so, with a Server-Timing header. */
async function heldServer() {
  const waiting: Array<{ request: IncomingMessage; response: ServerResponse }> = [];
  const arrived: Array<() => void> = [];
  const server = createServer((request, response) => {
    waiting.push({ request, response });
    arrived.shift()?.();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** The next request the server has received and not answered. */
    async next() {
      if (waiting.length === 0) await new Promise<void>((resolve) => arrived.push(resolve));
      return waiting.shift()!;
    },
    answer(response: ServerResponse, serverTiming: string) {
      response.writeHead(200, { 'content-type': 'application/json', 'server-timing': serverTiming });
      response.end('{"ok":true}');
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

let server: Awaited<ReturnType<typeof heldServer>> | undefined;
let http: FanHttp | undefined;

afterEach(async () => {
  http?.close();
  await server?.close();
});

/** A held server, and a one-connection FanHttp to it that collects its timings. */
async function clientOfHeldServer() {
  server = await heldServer();
  const timings: HttpTimings[] = [];
  http = new FanHttp({
    baseUrl: server.url,
    maxSockets: 1,
    timeoutMs: 10_000,
    onTimings: (each) => timings.push(each),
  });
  return { server, http, timings };
}

describe('FanHttp timings', () => {
  it('splits a request into pool wait, new connection, server time and the rest', async () => {
    const { server, http, timings } = await clientOfHeldServer();
    const first = http.call({ method: 'GET', path: '/first' });
    const second = http.call({ method: 'GET', path: '/second' });
    const firstHeld = await server.next();
    expect(firstHeld.request.url).toBe('/first');
    server.answer(firstHeld.response, 'db;dur=3, app;dur=12.5');
    expect(await first).toEqual({ ok: true, data: { ok: true } });

    // The pool's one connection was busy: the second request waited for it, then reused it.
    const secondHeld = await server.next();
    expect(secondHeld.request.url).toBe('/second');
    server.answer(secondHeld.response, 'app;dur=0.4');
    await second;

    expect(timings).toHaveLength(2);
    const [opened, reused] = timings as [HttpTimings, HttpTimings];
    expect(opened.connectMs).toBeGreaterThanOrEqual(0);
    expect(opened.serverMs).toBe(12.5);
    expect(reused.connectMs).toBeUndefined();
    expect(reused.serverMs).toBe(0.4);
    // It waited for the first request's connection to open and its answer to come back.
    expect(reused.queuedMs).toBeGreaterThanOrEqual(opened.queuedMs + opened.connectMs!);
  });

  it('reports no server time for an answer without a Server-Timing header', async () => {
    const { server, http, timings } = await clientOfHeldServer();
    const answered = http.call({ method: 'GET', path: '/plain' });
    const held = await server.next();
    held.response.writeHead(503, { 'content-type': 'application/json' });
    held.response.end('{"error":{"code":"DRAINING"}}');
    expect(await answered).toEqual({ ok: false, error: { code: 'DRAINING' } });
    expect(timings).toHaveLength(1);
    expect(timings[0]!.serverMs).toBeUndefined();
    expect(timings[0]!.wireMs).toBeGreaterThanOrEqual(0);
  });

  it('sends a request again when its kept-alive connection is closed unanswered, as browsers do', async () => {
    const { server, http } = await clientOfHeldServer();
    const first = http.call({ method: 'GET', path: '/first' });
    server.answer((await server.next()).response, 'app;dur=1');
    await first;

    const second = http.call({ method: 'POST', path: '/second', body: { n: 2 } });
    const closed = await server.next();
    expect(closed.request.url).toBe('/second');
    closed.request.socket.destroy(); // the server's idle timeout, as the request came in
    const again = await server.next();
    expect(again.request.url).toBe('/second');
    server.answer(again.response, 'app;dur=1');
    expect(await second).toEqual({ ok: true, data: { ok: true } });
  });
});
