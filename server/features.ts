import { accountsModule } from './accounts/accounts.module';
import { catalogueModule } from './catalogue/catalogue.module';
import type { FeatureContext, FeatureModule } from './feature';
import { inventoryModule } from './inventory/inventory.module';
import { notifyModule } from './notify/notify.module';
import { ordersModule } from './orders/orders.module';
import { queueModule } from './queue/queue.module';
import { waitlistModule } from './waitlist/waitlist.module';

/**
 * Every feature a node runs, in the order its routes and socket commands are registered. A new
 * feature adds its module here (see docs/architecture.md, "Where new things go").
 */
export function createFeatures(context: FeatureContext) {
  return {
    accounts: accountsModule(context),
    catalogue: catalogueModule(context),
    inventory: inventoryModule(context),
    orders: ordersModule(context),
    waitlist: waitlistModule(context),
    queue: queueModule(context),
    notify: notifyModule(context),
  } satisfies Record<string, FeatureModule>;
}

export type Features = ReturnType<typeof createFeatures>;
