import { queueScripts } from './queue/queue-scripts';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { AccountsService } from './accounts/accounts.service';
import { SessionTokens } from './accounts/session-tokens';
import { Catalogue } from './catalogue/catalogue';
import type { Config } from './config/config';
import { createDatabase, type Db } from './db/database';
import { InFlight } from './http/in-flight';
import { inventoryScripts } from './inventory/inventory-scripts';
import { InventoryService } from './inventory/inventory.service';
import { SeatBlocks } from './inventory/seat-blocks';
import { ServerI18n } from './i18n/server-i18n';
import { LogMailTransport, type MailTransport } from './notify/mail-transport';
import { Notifier } from './notify/notifier';
import { createLogger, type Logger } from './observability/logger';
import { CheckoutService } from './orders/checkout.service';
import { OrdersRepository } from './orders/orders.repository';
import type { PaymentGateway } from './payments/payment-gateway';
import { SimulatedGateway } from './payments/simulated-gateway';
import type { AdmissionGuard } from './guards/admission-guard';
import { AdmissionTokens } from './queue/admission-tokens';
import { QueueAdmissionGuard } from './queue/queue-admission-guard';
import { QueueService } from './queue/queue.service';
import { SalesRepository } from './queue/sales.repository';
import { createRedis } from './redis/connection';
import { RedisKeys } from './redis/keys';
import { TicketSigner } from './tickets/ticket-codes';
import { WaitlistRepository } from './waitlist/waitlist.repository';
import { WaitlistService } from './waitlist/waitlist.service';

/** Everything a node is made of; tests build several nodes on one Redis and one database. */
export interface Components {
  config: Config;
  nodeId: string;
  logger: Logger;
  redis: Redis;
  db: Db;
  keys: RedisKeys;
  catalogue: Catalogue;
  tokens: SessionTokens;
  accounts: AccountsService;
  inventory: InventoryService;
  blocks: SeatBlocks;
  orders: OrdersRepository;
  gateway: PaymentGateway;
  checkout: CheckoutService;
  queue: QueueService;
  /** Who may reach the seats of a show sold through a waiting room. */
  admission: AdmissionGuard;
  salesRepository: SalesRepository;
  waitlist: WaitlistService;
  /** What the server says to fans, in their language. */
  i18n: ServerI18n;
  notifier: Notifier;
  /** Requests and socket commands being worked on. */
  inFlight: InFlight;
  close(): Promise<void>;
}

export interface ComponentOverrides {
  logger?: Logger;
  gateway?: PaymentGateway;
  /** Delivers mail to fans; the log by default. */
  mailTransport?: MailTransport;
}

export async function createComponents(
  config: Config,
  overrides: ComponentOverrides = {},
): Promise<Components> {
  const nodeId = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const logger = overrides.logger ?? createLogger(config.LOG_LEVEL, { nodeId });
  const redis = createRedis(config.REDIS_URL);
  redis.on('error', (error: Error) => logger.warn({ err: error }, 'redis connection error'));
  inventoryScripts.define(redis);
  queueScripts.define(redis);
  const db = createDatabase(config.DATABASE_URL, config.DATABASE_POOL_SIZE);
  const keys = new RedisKeys(config.REDIS_KEY_PREFIX);
  const catalogue = await Catalogue.load(db);
  const tokens = new SessionTokens(config.SESSION_SECRET, config.SESSION_TTL_MS);
  const accounts = new AccountsService(db, tokens, {
    passwordHashLog2Cost: config.PASSWORD_HASH_LOG2_COST,
    refreshTtlMs: config.REFRESH_TTL_MS,
  });
  const inventory = new InventoryService(redis, keys, catalogue, {
    holdTtlMs: config.HOLD_TTL_MS,
    holdExtensionMs: config.HOLD_EXTENSION_MS,
    confirmPinMs: config.CONFIRM_PIN_MS,
    maxSeatsPerHold: config.MAX_SEATS_PER_HOLD,
  });
  const blocks = new SeatBlocks(db, inventory);
  const orders = new OrdersRepository(db);
  const gateway =
    overrides.gateway ??
    new SimulatedGateway(db, {
      latencyMs: config.SIMULATED_PAYMENT_LATENCY_MS,
      failureRate: config.SIMULATED_PAYMENT_FAILURE_RATE,
    });
  const queue = new QueueService(
    redis,
    keys,
    catalogue,
    inventory,
    new AdmissionTokens(config.SESSION_SECRET),
    { afterPurchaseMs: config.QUEUE_AFTER_PURCHASE_MS, shopperIdleMs: config.QUEUE_SHOPPER_IDLE_MS },
  );
  const checkout = new CheckoutService(
    orders,
    inventory,
    catalogue,
    gateway,
    new TicketSigner(config.TICKET_SECRET),
    logger,
    (order) => queue.shopperDone(order.account_id, order.show_id),
  );
  const i18n = await ServerI18n.create();
  const notifier = new Notifier(
    db,
    i18n,
    catalogue,
    checkout,
    overrides.mailTransport ?? new LogMailTransport(logger),
    config.PUBLIC_URL ?? `http://localhost:${config.PORT}`,
  );
  return {
    config,
    nodeId,
    logger,
    redis,
    db,
    keys,
    catalogue,
    tokens,
    accounts,
    inventory,
    blocks,
    orders,
    gateway,
    checkout,
    queue,
    admission: new QueueAdmissionGuard(queue),
    salesRepository: new SalesRepository(db),
    waitlist: new WaitlistService(new WaitlistRepository(db), inventory, catalogue),
    i18n,
    notifier,
    inFlight: new InFlight(),
    async close() {
      await Promise.allSettled([redis.quit(), db.destroy()]);
    },
  };
}
