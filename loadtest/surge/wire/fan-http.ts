import { Agent, request } from 'node:http';
import type { Reply } from './fan-socket';

/**
 * The fans' HTTP client: JSON requests over keep-alive connections from one loopback address (one
 * pool per generator process, as many fans behind one carrier NAT share connections to a CDN edge).
 * Answers are Replies: the body of a 2xx, or the server's `{ error: { code } }`, or a code of the
 * fan's own for a failure on the way (HTTP_<status>, TIMEOUT, a socket error code).
 */

export interface FanHttpOptions {
  /** http://host:port */
  baseUrl: string;
  localAddress?: string;
  /** Connections kept open at most. */
  maxSockets: number;
  timeoutMs: number;
  /** Told where each answered request's time went. */
  onTimings?: (timings: HttpTimings) => void;
}

/**
 * Where one answered request's time went, in milliseconds: waiting for a free connection in the
 * fan's pool, opening a new one (when none was kept alive), the server's own time (its
 * Server-Timing header), and the rest until the answer's head arrived: on the way, in the server's
 * accept and read queues and the event-loop turns of both sides.
 */
export interface HttpTimings {
  queuedMs: number;
  connectMs?: number;
  serverMs?: number;
  wireMs: number;
}

export interface HttpCall {
  method: 'GET' | 'POST' | 'DELETE' | 'PATCH';
  path: string;
  body?: unknown;
  token?: string;
  headers?: Record<string, string>;
}

/** A 2xx answer's body and the cookies it set (the refresh token comes as a cookie). */
export interface HttpAnswer<T> {
  data: T;
  cookies: string[];
}

export class FanHttp {
  private readonly agent: Agent;
  private readonly url: URL;

  constructor(private readonly options: FanHttpOptions) {
    this.url = new URL(options.baseUrl);
    this.agent = new Agent({
      keepAlive: true,
      maxSockets: options.maxSockets,
      ...(options.localAddress && { localAddress: options.localAddress }),
    });
  }

  async call<T>(call: HttpCall): Promise<Reply<T>> {
    const answer = await this.exchange<T>(call);
    return answer.ok ? { ok: true, data: answer.data.data } : answer;
  }

  /**
   * Like call, with the Set-Cookie headers of a successful answer. A request on a kept-alive
   * connection that the server closed as it was sent (its idle timeout) goes again, as browsers
   * send it again: it was closed unanswered.
   */
  async exchange<T>(call: HttpCall): Promise<Reply<HttpAnswer<T>>> {
    for (let attempt = 1; ; attempt++) {
      const reply = await this.exchangeOnce<T>(call);
      if (reply.ok || reply.error.code !== CLOSED_ON_REUSE) return reply;
      if (attempt === ATTEMPTS_ON_REUSE) return { ok: false, error: { code: 'ECONNRESET' } };
    }
  }

  private exchangeOnce<T>(call: HttpCall): Promise<Reply<HttpAnswer<T>>> {
    const body = call.body === undefined ? undefined : JSON.stringify(call.body);
    const headers: Record<string, string> = {
      accept: 'application/json',
      ...(body !== undefined && {
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(body)),
      }),
      ...(call.token && { authorization: `Bearer ${call.token}` }),
      ...call.headers,
    };
    return new Promise((resolve) => {
      const startedAt = performance.now();
      let socketAt = startedAt;
      let connectedAt: number | undefined;
      const outgoing = request(
        {
          host: this.url.hostname,
          port: this.url.port,
          method: call.method,
          path: call.path,
          headers,
          agent: this.agent,
          timeout: this.options.timeoutMs,
        },
        (response) => {
          this.options.onTimings?.(
            timings(startedAt, socketAt, connectedAt, performance.now(), response.headers['server-timing']),
          );
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', () => resolve({ ok: false, error: { code: 'RESPONSE_ERROR' } }));
          response.on('end', () => {
            const status = response.statusCode ?? 0;
            const text = Buffer.concat(chunks).toString('utf8');
            const parsed = text.length > 0 ? parseJson(text) : null;
            if (status >= 200 && status < 300) {
              const cookies = response.headers['set-cookie'] ?? [];
              return resolve({ ok: true, data: { data: parsed as T, cookies } });
            }
            const code = (parsed as { error?: { code?: unknown } } | null)?.error?.code;
            resolve({ ok: false, error: { code: typeof code === 'string' ? code : `HTTP_${status}` } });
          });
        },
      );
      outgoing.once('socket', (socket) => {
        socketAt = performance.now();
        if (socket.connecting) socket.once('connect', () => (connectedAt = performance.now()));
      });
      outgoing.on('timeout', () =>
        outgoing.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })),
      );
      outgoing.on('error', (error: NodeJS.ErrnoException) => {
        const closedOnReuse = outgoing.reusedSocket && error.code === 'ECONNRESET';
        resolve({
          ok: false,
          error: { code: closedOnReuse ? CLOSED_ON_REUSE : (error.code ?? 'REQUEST_ERROR') },
        });
      });
      outgoing.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** A kept-alive connection reset before any answer (FanHttp.exchange sends the request again). */
const CLOSED_ON_REUSE = 'ECONNRESET_ON_REUSE';
/** Each may find another idle connection the server has just closed. */
const ATTEMPTS_ON_REUSE = 3;

const APP_DURATION = /(?:^|,)\s*app;dur=([\d.]+)/;

function timings(
  startedAt: number,
  socketAt: number,
  connectedAt: number | undefined,
  answeredAt: number,
  serverTiming: string | string[] | undefined,
): HttpTimings {
  const serverMatch = APP_DURATION.exec([serverTiming ?? []].flat().join(','));
  const serverMs = serverMatch ? Number(serverMatch[1]) : undefined;
  const writtenAt = connectedAt ?? socketAt;
  return {
    queuedMs: socketAt - startedAt,
    ...(connectedAt !== undefined && { connectMs: connectedAt - socketAt }),
    ...(serverMs !== undefined && { serverMs }),
    wireMs: Math.max(0, answeredAt - writtenAt - (serverMs ?? 0)),
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
