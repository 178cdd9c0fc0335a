import cluster from 'node:cluster';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { runPrimary } from './cluster/primary';
import { runWorker } from './cluster/worker';
import { ConfigError, loadConfig } from './config/config';
import { startNode, stopWithin } from './node';
import { createLogger } from './observability/logger';

/**
 * Entry point: `node --import tsx server/main.ts`. With WORKERS > 0 this process becomes the
 * cluster primary and forks the workers; with WORKERS=0 it is a single node (one per pod).
 */
const CLIENT_DIR = fileURLToPath(new URL('../dist/client', import.meta.url));

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env, () => randomBytes(32).toString('base64url'));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(78); // EX_CONFIG
  }
  const logger = createLogger(config.LOG_LEVEL, { role: cluster.isPrimary ? 'primary' : 'worker' });
  if (config.ephemeralSecrets && cluster.isPrimary) {
    logger.warn('SESSION_SECRET / TICKET_SECRET not set: generated for this run only (not for production)');
  }
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));

  if (config.WORKERS === 0) {
    const node = await startNode(config, { logger, clientDir: CLIENT_DIR });
    logger.info({ url: node.url }, 'SeatRush is up (single process)');
    process.stdout.write(`\nSeatRush is up: ${node.url}\n\n`);
    const stop = () =>
      void stopWithin(node.stop(), config.SHUTDOWN_GRACE_MS).then((code) => process.exit(code));
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  } else if (cluster.isPrimary) {
    runPrimary(config, logger);
  } else {
    await runWorker(config, logger, { clientDir: CLIENT_DIR });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
