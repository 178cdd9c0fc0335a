import type { FeatureContext, FeatureModule } from '../feature';
import { mailRelayStep } from '../jobs/outbox-relay';

/** Messages to fans in their language: every node's mail relay sends what the outbox holds. */
export function notifyModule({ components }: FeatureContext): FeatureModule {
  const { config, db, notifier, logger } = components;
  return {
    name: 'notify',
    nodeJobs: [
      {
        name: 'mail-relay',
        intervalMs: config.OUTBOX_INTERVAL_MS,
        step: mailRelayStep(db, notifier, logger),
      },
    ],
  };
}
