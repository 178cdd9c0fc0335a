import { setupWorker as setupStickyWorker } from '@socket.io/sticky';
import type { Server } from 'socket.io';
import type { Config } from '../config/config';
import { startNode, stopWithin, type NodeOptions } from '../node';
import type { Logger } from '../observability/logger';
import { PRIMARY_MESSAGE, WORKER_MESSAGE, type PrimaryMessage } from './messages';

/** A cluster worker: one node whose connections arrive from the primary. */
export async function runWorker(config: Config, logger: Logger, options: NodeOptions): Promise<void> {
  const node = await startNode(config, { ...options, logger, listen: false, role: 'worker' });
  setupStickyWorker(node.application.io as unknown as Server);
  const stop = () =>
    void stopWithin(node.stop(), config.SHUTDOWN_GRACE_MS).then((code) => process.exit(code));
  process.on('message', (message: PrimaryMessage) => {
    if (message?.type === PRIMARY_MESSAGE.shutdown) stop();
  });
  // The primary decides when workers stop; a terminal's Ctrl-C reaches every process of the group.
  process.on('SIGINT', () => undefined);
  process.on('SIGTERM', () => undefined);
  // Orphaned (the primary was killed): stop rather than serve on alone.
  process.on('disconnect', stop);
  process.send?.({ type: WORKER_MESSAGE.ready });
}
