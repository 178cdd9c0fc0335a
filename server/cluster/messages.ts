/** Messages between the cluster primary and its workers (besides @socket.io/sticky's own). */
export const PRIMARY_MESSAGE = { shutdown: 'seatrush:shutdown' } as const;
export const WORKER_MESSAGE = { ready: 'seatrush:ready' } as const;

export type PrimaryMessage = { type: (typeof PRIMARY_MESSAGE)[keyof typeof PRIMARY_MESSAGE] };
export type WorkerMessage = { type: (typeof WORKER_MESSAGE)[keyof typeof WORKER_MESSAGE] } | undefined;
