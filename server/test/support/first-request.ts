import { request } from 'node:http';

/** A plain answer: status, Retry-After and the body as text. */
export interface PlainAnswer {
  status: number;
  retryAfter: string | undefined;
  body: string;
}

/**
 * A GET on a connection of its own: the cluster's front door (server/cluster/direct-accept.ts)
 * judges the first request of each connection, so each probe must open one.
 */
export function getOnNewConnection(base: string, path: string): Promise<PlainAnswer> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: hostname, port, path, agent: false }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, retryAfter: response.headers['retry-after'], body }),
      );
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}
