import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { connectRetryDelayMs } from '../fans/fan';
import { ConnectFailure, FanSocket } from './fan-socket';

/** A server that answers every WebSocket upgrade with this HTTP response instead. */
async function refusingServer(response: string): Promise<{ server: Server; url: string }> {
  const server = createServer();
  server.on('upgrade', (_request, socket: Socket) => socket.end(response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

function connect(url: string): Promise<unknown> {
  const socket = new FanSocket({
    url: url.replace('http', 'ws'),
    auth: {},
    connectTimeoutMs: 10_000,
    onEvent: () => undefined,
    onClose: () => undefined,
  });
  return socket.connect().then(
    () => 'connected',
    (error: unknown) => error,
  );
}

describe('a surge fan turned away at the handshake', () => {
  let server: Server | undefined;
  afterEach(() => server?.close());

  it('reads a busy worker 503 and its Retry-After', async () => {
    const refusing = await refusingServer(
      'HTTP/1.1 503 Service Unavailable\r\nRetry-After: 4\r\nConnection: close\r\nContent-Length: 0\r\n\r\n',
    );
    server = refusing.server;
    const failure = await connect(refusing.url);
    expect(failure).toBeInstanceOf(ConnectFailure);
    expect(failure).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryable: true, retryAfterMs: 4_000 });
  });

  it('takes another HTTP answer as a failed attempt, with no time to wait given', async () => {
    const refusing = await refusingServer(
      'HTTP/1.1 500 Internal Server Error\r\nConnection: close\r\nContent-Length: 0\r\n\r\n',
    );
    server = refusing.server;
    const failure = await connect(refusing.url);
    expect(failure).toMatchObject({ code: 'HTTP_500', retryable: true, retryAfterMs: undefined });
  });
});

describe('the wait before connecting again', () => {
  it('is what the server asked, randomised by half either way', () => {
    expect(connectRetryDelayMs(1, 4_000, 0)).toBe(2_000);
    expect(connectRetryDelayMs(9, 4_000, 0.5)).toBe(4_000);
  });

  it('otherwise backs off from 250 ms, doubling, up to 10 s', () => {
    expect([1, 2, 3, 6, 12].map((attempt) => connectRetryDelayMs(attempt, undefined, 0.5))).toEqual([
      500, 1_000, 2_000, 10_000, 10_000,
    ]);
  });
});
