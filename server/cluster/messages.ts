/** Messages between the cluster primary and its workers (besides @socket.io/sticky's own). */
export const PRIMARY_MESSAGE = {
  shutdown: 'seatrush:shutdown',
  /** Comes with a copy of the listening socket's handle, to accept on (direct-accept.ts). */
  acceptHandle: 'seatrush:accept-handle',
} as const;
export const WORKER_MESSAGE = {
  ready: 'seatrush:ready',
  /** Comes with the worker's listening handle: send me `count` copies of it. */
  acceptHandles: 'seatrush:accept-handles',
} as const;
export const STICKY_MESSAGE = {
  /** @socket.io/sticky's names: a session opened or closed (worker to primary); a connection handed over (primary to worker). */
  connection: 'sticky:connection',
  disconnection: 'sticky:disconnection',
  /** A request of an Engine.IO session the accepting worker does not hold, for the primary to route. */
  misrouted: 'sticky:misrouted',
} as const;

export type PrimaryMessage = { type: (typeof PRIMARY_MESSAGE)[keyof typeof PRIMARY_MESSAGE] };
/** `port`: the port the worker accepts connections on (the cluster's). */
export type WorkerMessage =
  | { type: typeof WORKER_MESSAGE.ready; port: number }
  | { type: typeof WORKER_MESSAGE.acceptHandles; count: number }
  | undefined;
