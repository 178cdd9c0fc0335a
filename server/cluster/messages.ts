/** Messages between the cluster primary and its workers (besides @socket.io/sticky's own). */
export const PRIMARY_MESSAGE = { shutdown: 'seatrush:shutdown' } as const;
export const WORKER_MESSAGE = { ready: 'seatrush:ready' } as const;
/** A request of an Engine.IO session the accepting worker does not hold, for the primary to route. */
export const STICKY_MESSAGE = { misrouted: 'sticky:misrouted' } as const;

export type PrimaryMessage = { type: (typeof PRIMARY_MESSAGE)[keyof typeof PRIMARY_MESSAGE] };
/** `port`: the port the worker accepts connections on (the cluster's). */
export type WorkerMessage =
  { type: (typeof WORKER_MESSAGE)[keyof typeof WORKER_MESSAGE]; port: number } | undefined;
