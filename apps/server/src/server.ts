import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { SqlDocumentStore, migrate, openDatabase, type IncidentRepository, type SqlClient } from '@parallax/db';
import { SyncServer, type DocumentStore } from '@parallax/sync';
import { createApp } from './app.ts';
import { startAuthHousekeeping } from './auth/housekeeping.ts';
import type { LoginLimits } from './auth/login-limiter.ts';
import type { PasswordHashingOptions } from './auth/passwords.ts';
import type { Env } from './env.ts';
import type { Services } from './http/context.ts';
import { createLogger, type Logger } from './logger.ts';
import { createServices } from './services.ts';
import { attachSyncEndpoint } from './sync/websocket.ts';

export interface ParallaxOptions {
  env: Env;
  logger?: Logger;
  /** Lets tests wrap the real store, e.g. to make loads slow or appends fail. */
  wrapStore?: (store: DocumentStore) => DocumentStore;
  /** Overrides for the sync server's limits and timers (tests use short idle times). */
  syncOptions?: Partial<ConstructorParameters<typeof SyncServer>[0]>;
  /** Tests use cheap argon2id parameters so hundreds of sign-ups stay fast. */
  passwordHashing?: PasswordHashingOptions;
  loginLimits?: LoginLimits;
}

export interface RunningParallax {
  url: string;
  port: number;
  httpServer: Server;
  sql: SqlClient;
  sync: SyncServer;
  incidents: IncidentRepository;
  /** Repositories and auth services, as the routes see them (seeding and tests use them too). */
  services: Services;
  logger: Logger;
  /** Graceful stop: refuse new work, flush every room to the store, close sockets, then the database. */
  close(): Promise<void>;
}

/**
 * Largest websocket frame accepted; bigger ones close that socket with 1009 and hurt nobody else. A 10,000-event
 * incident encodes to about 7 MiB, and a client returning with a long offline session sends its whole diff in one
 * frame, so the cap leaves room for that while still bounding what one socket can make the server buffer.
 */
const MAX_FRAME_BYTES = 16 * 1024 * 1024;

/** The composition root: the only place that knows how the packages fit together. */
export async function startParallax(options: ParallaxOptions): Promise<RunningParallax> {
  const { env } = options;
  const logger = options.logger ?? createLogger(env.LOG_LEVEL);
  const sql = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
  try {
    const { applied } = await migrate(sql);
    if (applied.length > 0) logger.info({ applied, driver: sql.driver }, 'database migrated');
  } catch (err) {
    await sql.close();
    throw err;
  }
  const baseStore: DocumentStore = new SqlDocumentStore(sql);
  const store = options.wrapStore ? options.wrapStore(baseStore) : baseStore;
  const sync = new SyncServer({
    store,
    logger: logger.child({ component: 'sync' }),
    maxMessageBytes: MAX_FRAME_BYTES,
    ...options.syncOptions,
  });
  const services = createServices({
    sql,
    sync,
    logger,
    originPolicy: { publicUrl: env.PUBLIC_URL, trustProxy: env.TRUST_PROXY },
    passwordHashing: options.passwordHashing,
    loginLimits: options.loginLimits,
  });
  const { incidents } = services;
  const app = createApp({ services, webRoot: env.WEB_ROOT ?? defaultWebRoot() });

  const httpServer = await new Promise<Server>((resolvePromise, reject) => {
    const server = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST }, () =>
      resolvePromise(server as Server),
    ) as Server;
    server.once('error', reject);
  });
  const endpoint = attachSyncEndpoint({
    httpServer,
    sync,
    sessions: services.sessions,
    access: services.access,
    originPolicy: services.originPolicy,
    logger,
    maxFrameBytes: MAX_FRAME_BYTES,
  });
  const stopHousekeeping = startAuthHousekeeping({
    sessions: services.sessions,
    loginLimiter: services.loginLimiter,
    logger,
  });
  const { port } = httpServer.address() as AddressInfo;
  const url = `http://${env.HOST === '0.0.0.0' || env.HOST === '::' ? 'localhost' : env.HOST}:${port}`;
  logger.info({ url, database: sql.driver }, 'parallax listening');

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      endpoint.close();
      stopHousekeeping();
      const httpClosed = new Promise<void>((done) => httpServer.close(() => done()));
      await sync.shutdown();
      await endpoint.terminateRemaining();
      httpServer.closeAllConnections();
      await httpClosed;
      await sql.close();
      logger.info('parallax stopped');
    })());

  return { url, port, httpServer, sql, sync, incidents, services, logger, close };
}

function defaultWebRoot(): string {
  // Source runs from apps/server/src, the bundle from apps/server/dist: both sit beside apps/web.
  return resolve(dirname(fileURLToPath(import.meta.url)), '../../web/build');
}
