import { existsSync } from 'node:fs';
import type { Server as HttpServer } from 'node:http';
import { join } from 'node:path';
import cookieParser from 'cookie-parser';
import express, { type Express } from 'express';
import helmet from 'helmet';
import responseTime from 'response-time';
import { Server } from 'socket.io';
import { createShardedAdapter } from '@socket.io/redis-adapter';
import { z } from 'zod';
import { PROTOCOL_VERSION, rooms } from '../shared/protocol/events';
import type { Components } from './compose';
import { AppError } from './errors/app-error';
import type { FeatureModule } from './feature';
import { errorHandler, notFound } from './http/http-kit';
import { answerUnknownCommands } from './realtime/command';
import type { SeatRushServer } from './realtime/typed-socket';
import { createBlockingRedis, createSubscriberRedis } from './redis/connection';

export interface ApplicationOptions {
  /** Folder of the built client (vite build); served with the API when given and present. */
  clientDir?: string;
}

export interface Application {
  app: Express;
  io: SeatRushServer;
  /**
   * Registers the features' HTTP routes and socket commands, in their order, then what answers
   * everything else (the built client, NOT_FOUND, errors). Once, before the node takes connections.
   */
  mount(features: readonly FeatureModule[]): void;
  close(): Promise<void>;
}

const handshakeAuthSchema = z
  .strictObject({ token: z.string().max(4096).optional(), kind: z.enum(['fan', 'staff']).optional() })
  .optional();

/**
 * Builds one SeatRush node's front on an HTTP server: express (helmet, health checks), the Socket.IO
 * server with the sharded Redis adapter and the handshake's authentication, and, once the features
 * are mounted, their routes and commands and the built client. Stores come in as components, so
 * tests can build several nodes on one Redis and one database.
 */
export function createApplication(
  httpServer: HttpServer,
  components: Components,
  options: ApplicationOptions = {},
): Application {
  const app = createHttpApp(components);
  httpServer.on('request', app);

  const { config } = components;
  const io: SeatRushServer = new Server(httpServer, {
    serveClient: false,
    perMessageDeflate: false,
    maxHttpBufferSize: config.MAX_MESSAGE_BYTES,
    pingInterval: config.SOCKET_PING_INTERVAL_MS,
    pingTimeout: config.SOCKET_PING_TIMEOUT_MS,
  });
  const publisher = createBlockingRedis(config.REDIS_URL);
  const subscriber = createSubscriberRedis(config.REDIS_URL);
  io.adapter(
    createShardedAdapter(publisher, subscriber, {
      channelPrefix: components.keys.adapterChannel,
      // One channel a namespace, not one a room: every socket joins its account's room, and a
      // channel a room cost each connection an SSUBSCRIBE and each disconnection an SUNSUBSCRIBE
      // (~8% of a worker's time in a crowd's arrival, and 100,000 channels). The rooms that carry
      // the traffic (queue, sections) have members on every node anyway.
      subscriptionMode: 'static',
    }),
  );
  // The first HTTP request of each connection is not needed after the handshake: ~1 KB a socket.
  io.engine.on('connection', (rawSocket: { request: unknown }) => {
    rawSocket.request = null;
  });
  io.use(async (socket, next) => {
    const auth = handshakeAuthSchema.safeParse(socket.handshake.auth);
    if (!auth.success) return next(connectError(new AppError('VALIDATION_FAILED')));
    if (!auth.data?.token) return next();
    try {
      socket.data.identity = await components.tokens.verify(auth.data.token, auth.data.kind ?? 'fan');
      next();
    } catch (error) {
      next(connectError(error instanceof AppError ? error : new AppError('AUTH_INVALID')));
    }
  });
  const mount = (features: readonly FeatureModule[]) => {
    for (const feature of features) if (feature.routes) app.use(feature.routes);
    answerEverythingElse(app, components, options);
    io.on('connection', (socket) => {
      if (socket.data.identity) void socket.join(rooms.account(socket.data.identity.accountId));
      socket.emit('session:welcome', {
        protocolVersion: PROTOCOL_VERSION,
        nodeId: components.nodeId,
        serverTime: Date.now(),
        ...(socket.data.identity && { accountId: socket.data.identity.accountId }),
      });
      answerUnknownCommands(socket, components);
      for (const feature of features) feature.connect?.(socket);
    });
  };

  return {
    app,
    io,
    mount,
    async close() {
      await io.close();
      await Promise.allSettled([publisher.quit(), subscriber.quit()]);
    },
  };
}

function createHttpApp(components: Components): Express {
  const { config } = components;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.NODE_ENV === 'production' ? 'loopback, uniquelocal' : false);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          'img-src': ["'self'", 'data:', 'blob:'],
          'connect-src': ["'self'"],
          // Behind TLS in production; a plain-http dev server on a LAN address must stay on http.
          'upgrade-insecure-requests': config.NODE_ENV === 'production' ? [] : null,
        },
      },
    }),
  );
  // Counted, so that a stopping node finishes what it is doing before closing its stores.
  app.use((_request, response, next) => {
    void components.inFlight.track(() => new Promise<void>((done) => response.once('close', () => done())));
    next();
  });
  // How long the node worked on the answer (W3C Server-Timing), so a client or a load test can tell
  // the server's own time from the time spent reaching it (its connection pool, the accept queue).
  app.use(
    responseTime((_request, response, ms) => response.setHeader('Server-Timing', `app;dur=${ms.toFixed(1)}`)),
  );
  // Bodies are parsed by the routes that read them (http-kit's jsonBody).
  app.use(cookieParser());

  app.get('/healthz', (_request, response) => {
    response.json({ ok: true });
  });
  app.get('/readyz', async (_request, response) => {
    const [redisOk, dbOk] = await Promise.all([
      components.redis.ping().then(
        () => true,
        () => false,
      ),
      components.db
        .selectNoFrom((eb) => eb.lit(1).as('one'))
        .execute()
        .then(
          () => true,
          () => false,
        ),
    ]);
    response.status(redisOk && dbOk ? 200 : 503).json({ redis: redisOk, database: dbOk });
  });
  return app;
}

/** After the features' routes: NOT_FOUND under /api, the built client, and the error handler. */
function answerEverythingElse(app: Express, components: Components, options: ApplicationOptions): void {
  app.use('/api', notFound);

  const clientDir = options.clientDir;
  if (clientDir && existsSync(join(clientDir, 'index.html'))) {
    app.use(
      '/assets',
      express.static(join(clientDir, 'assets'), { immutable: true, maxAge: '365d', fallthrough: false }),
    );
    app.use(express.static(clientDir, { index: false, maxAge: 0 }));
    app.get('/{*path}', (_request, response) => {
      response.set('Cache-Control', 'no-cache').sendFile(join(clientDir, 'index.html'));
    });
  }
  app.use(notFound);
  app.use(errorHandler(components.logger, components));
}

/** A connect_error the client can read: err.message is the code, err.data carries the body. */
function connectError(error: AppError): Error & { data: unknown } {
  return Object.assign(new Error(error.code), { data: error.toBody() });
}
