/**
 * Fans' sockets bound to one loopback address at most. A connection from a given address first
 * binds an ephemeral port of it, and the kernel's search for a free one grows with the ports taken:
 * about 0.15 ms of a generator's CPU up to 12,000 sockets on one address, then 1 to 8 ms
 * (`npm run bench:bind`). At 16,700 sockets a generator, every reconnection and every new HTTP
 * connection at T0 stalled its event loop, and the server timed out the heartbeats it held up.
 */
export const SOCKETS_PER_ADDRESS = 5_000;

/**
 * Where load generator g connects from: 127.0.(10 + g).1 for HTTP, and from .2 on, one address per
 * SOCKETS_PER_ADDRESS of its `sockets`.
 */
export function loopbackAddressesOf(generator: number, sockets: number): { http: string; sockets: string[] } {
  const address = (host: number) => `127.0.${10 + generator}.${host}`;
  const socketAddresses = Math.max(1, Math.ceil(sockets / SOCKETS_PER_ADDRESS));
  return { http: address(1), sockets: Array.from({ length: socketAddresses }, (_, i) => address(2 + i)) };
}
