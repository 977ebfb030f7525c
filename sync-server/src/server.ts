import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';
import type { ServerOptions } from 'socket.io';
import { createAuthService } from './auth/auth-service';
import { createPasswordHasher, type PasswordHasherOptions } from './auth/password-hasher';
import { createSessionCheck } from './auth/session-check';
import { createTokenIssuer, type TokenConfig } from './auth/token-issuer';
import type { EmailConfig, HttpConfig, RateLimits } from './config';
import { createAccountFeatures } from './email/account-features';
import { createReminderFeatures, type ServerReminders } from './push/server-reminders';
import { registerDependencyGauge } from './health/dependency-gauge';
import type { ReadinessCheck } from './health/readiness-check';
import { createApp } from './http/create-app';
import type { Logger } from './logging/logger';
import { instrumentStore } from './metrics/instrument-store';
import { instrumentSync } from './metrics/instrument-sync';
import { createMetrics } from './metrics/metrics';
import { startMetricsServer } from './metrics/metrics-server';
import { createMemoryRateLimiter } from './rate-limit/memory-rate-limiter';
import type { RateLimiterFactory } from './rate-limit/rate-limiter';
import { createSocketServer } from './realtime/create-socket-server';
import { DEFAULT_SOCKET_LIMITS, type SocketLimits } from './realtime/socket-limits';
import { UPGRADES_PER_HANDSHAKE } from './realtime/transport-admission';
import { createSessionRooms } from './realtime/session-rooms';
import type { Store } from './store/store';
import { trackInFlight } from './sync/in-flight';
import { createAccountTransfer } from './sync/account-transfer';
import { createSyncService } from './sync/sync-service';
import { createListCommands } from './sync/list-commands';
import { createSharingService } from './sync/sharing-service';
import { publishFanOut, withListeners } from './sync/changes-events';
import { createChangeFeed } from './graphql/change-feed';
import { createTaskRevisions } from './graphql/task-revisions';
import { createTaskCommands } from './sync/task-commands';
import { createUnassignLeaver } from './sync/unassign-leaver';

export type ServerDeps = {
  store: Store;
  logger: Logger;
  http: HttpConfig;
  tokens: TokenConfig;
  rateLimits: RateLimits;
  clientDistDir?: string;
  passwordHashing?: PasswordHasherOptions;
  /** See DEFAULT_REFRESH_RETRY_GRACE_MS. */
  refreshRetryGraceMs?: number;
  socketAdapter?: ServerOptions['adapter'];
  extraReadinessChecks?: ReadinessCheck[];
  /** Sockets per user, handshakes per IP, buffered output per socket; default DEFAULT_SOCKET_LIMITS. */
  socketLimits?: SocketLimits;
  /** Where HTTP and handshake rate-limit counters live; default: this process. Per-socket message limits are always per process. */
  rateLimiterFactory?: RateLimiterFactory;
  /** Called after the sockets and HTTP server closed, before the store closes. */
  onClose?: () => Promise<void>;
  /** Account e-mails ([AC10]); undefined: none are sent (EMAIL_UNAVAILABLE), silently. */
  email?: EmailConfig;
  /** Web Push and the in-process notifier ([NT5], [NT14]); undefined: no reminders (push-config says null). */
  reminders?: ServerReminders;
  /** `/graphql` (docs/graphql.md): GRAPHQL_INTROSPECTION ([GQ11]); with REDIS_URL, subscriptions hear every instance ([GQ9]). */
  graphql?: { introspection?: boolean; redisUrl?: string };
};

export type RunningServer = {
  url: string;
  port: number;
  /** Where Prometheus scrapes `GET /metrics` ([O8]); never on `port`. */
  metricsUrl: string;
  close(): Promise<void>;
};

/** How long shutdown waits for pushes under way ([O6]); the whole shutdown stays under 5 s. */
const WRITE_DRAIN_MS = 3000;
/** How long clients get to answer the WebSocket close frame before their connections are destroyed. */
const CLOSE_HANDSHAKE_MS = 500;
const MINUTE_MS = 60_000;

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** Builds and starts one sync-server instance; `close` drains writes and closes the store. */
export async function startServer(deps: ServerDeps): Promise<RunningServer> {
  const { logger, http: httpConfig, rateLimits: limits } = deps;
  const metrics = createMetrics();
  const store = instrumentStore(deps.store, metrics);
  const limiterFactory = deps.rateLimiterFactory ?? createMemoryRateLimiter;
  const socketLimits = deps.socketLimits ?? DEFAULT_SOCKET_LIMITS;
  let shuttingDown = false;
  const tokens = createTokenIssuer(deps.tokens);
  const checkSession = createSessionCheck(store);
  const httpServer = http.createServer();
  const sockets = createSocketServer({
    tokens,
    checkSession,
    logger,
    allowedOrigins: httpConfig.allowedOrigins,
    trustProxyHops: httpConfig.trustProxyHops,
    isShuttingDown: () => shuttingDown,
    ...(deps.socketAdapter ? { adapter: deps.socketAdapter } : {}),
    limits: socketLimits,
    handshakeLimiter: limiterFactory({ name: 'handshake', limit: socketLimits.handshakesPerMinute, windowMs: MINUTE_MS }),
    upgradeLimiter: limiterFactory({
      name: 'upgrade',
      limit: UPGRADES_PER_HANDSHAKE * socketLimits.handshakesPerMinute,
      windowMs: MINUTE_MS,
    }),
    metrics,
  });

  // [GQ9] GraphQL subscriptions hear every event the sockets hear, from the same publish.
  const changeFeed = createChangeFeed({
    logger,
    maxStreamsPerUser: socketLimits.maxSocketsPerUser,
    ...(deps.graphql?.redisUrl ? { redisUrl: deps.graphql.redisUrl } : {}),
  });
  const notifier = withListeners(sockets.notifier, changeFeed);
  const sync = trackInFlight(instrumentSync(createSyncService({ store, notifier }), metrics));
  sockets.attach({
    sync,
    logger,
    metrics,
    limiter: createMemoryRateLimiter({ name: 'socket', limit: limits.socketPer10Seconds, windowMs: 10_000 }),
  });

  const readinessChecks: ReadinessCheck[] = [{ name: 'store', check: () => store.checkReady() }, ...(deps.extraReadinessChecks ?? [])];
  registerDependencyGauge(metrics.registry, readinessChecks);
  const sessionRooms = createSessionRooms(sockets.io);
  // [AU15] [GQ9] A sign-in that ends closes its sockets and its GraphQL subscriptions at once.
  const endSession = (sessionId: string) => {
    sessionRooms.endSession(sessionId);
    changeFeed.endSession(sessionId);
  };
  const hasher = createPasswordHasher(deps.passwordHashing);
  const listening = { url: '' };
  const tasks = createTaskCommands({ store, sync });
  const unassignLeaver = createUnassignLeaver(tasks);
  const account = createAccountFeatures({
    store,
    hasher,
    logger,
    email: deps.email,
    limiterFactory,
    listeningUrl: () => listening.url,
    onSessionEnded: endSession,
    onAccountDeleted: (userId) => {
      sessionRooms.endUser(userId);
      changeFeed.endUser(userId);
    },
    onMembershipChanged: (change) => publishFanOut(notifier, () => store.generation(), change.fanOut),
    onListLeft: unassignLeaver,
    serverSecret: deps.tokens.accessSecret,
    writesSettled: () => Promise.race([sync.drained(), delay(WRITE_DRAIN_MS)]),
  });
  const reminders = createReminderFeatures({
    store,
    sync,
    accessSecret: deps.tokens.accessSecret,
    production: httpConfig.production,
    registry: metrics.registry,
    logger,
    reminders: deps.reminders,
  });
  const app = createApp({
    reminders,
    auth: account.withVerificationMail(
      createAuthService({
        store,
        hasher,
        tokens,
        onSessionEnded: endSession,
        ...(deps.refreshRetryGraceMs === undefined ? {} : { refreshRetryGraceMs: deps.refreshRetryGraceMs }),
      }),
    ),
    account,
    tokens,
    checkSession,
    tasks,
    lists: createListCommands({ store, sync }),
    sharing: createSharingService({ store, notifier, mails: account.invitationMails, unassignLeaver }),
    transfer: createAccountTransfer({ sync }),
    readinessChecks,
    isShuttingDown: () => shuttingDown,
    clientDistDir: deps.clientDistDir,
    logger,
    metrics,
    limiters: {
      auth: limiterFactory({ name: 'auth', limit: limits.authPerMinute, windowMs: MINUTE_MS }),
      api: limiterFactory({ name: 'api', limit: limits.apiPerMinute, windowMs: MINUTE_MS }),
    },
    allowedOrigins: httpConfig.allowedOrigins,
    production: httpConfig.production,
    trustProxyHops: httpConfig.trustProxyHops,
    graphql: {
      revisions: createTaskRevisions({ store, sync }),
      feed: changeFeed,
      introspection: !httpConfig.production || deps.graphql?.introspection === true,
    },
  });
  httpServer.on('request', app);
  sockets.listen(httpServer);

  const connections = new Set<Socket>();
  httpServer.on('connection', (connection: Socket) => {
    connections.add(connection);
    connection.on('close', () => connections.delete(connection));
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(httpConfig.port, httpConfig.host, () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  const metricsServer = await startMetricsServer(metrics.registry, { port: httpConfig.metricsPort, host: httpConfig.host }).catch(
    (error: unknown) => {
      httpServer.close();
      throw error;
    },
  );
  const shownHost = httpConfig.host === '0.0.0.0' || httpConfig.host === '::' ? 'localhost' : httpConfig.host;
  listening.url = `http://${shownHost}:${port}`;

  let closing: Promise<void> | undefined;
  /**
   * Bounded ([O6]): stop accepting at once, let pushes under way finish and be acknowledged, then close every
   * socket. `io.close` resolves only when the HTTP server has closed, i.e. when every connection has ended, so
   * it is not awaited before the connections are destroyed: a client that keeps its WebSocket open would
   * otherwise hold shutdown for ws's 30 s close timeout.
   */
  async function close(): Promise<void> {
    shuttingDown = true;
    httpServer.close(); // also closes idle keep-alive connections (Node 19+)
    const drainDeadline = Date.now() + WRITE_DRAIN_MS;
    const writesDrained = () => Promise.race([sync.drained(), delay(Math.max(0, drainDeadline - Date.now()))]);
    await writesDrained();
    const socketsClosed = sockets.io.close();
    await Promise.race([socketsClosed, delay(CLOSE_HANDSHAKE_MS)]);
    for (const connection of connections) connection.destroy();
    await socketsClosed;
    await writesDrained(); // a push read just as its socket closed still finishes before the store closes
    await account.close();
    await reminders.close();
    await changeFeed.close();
    await deps.onClose?.();
    await deps.store.close();
    await metricsServer.close();
  }

  return {
    url: `http://${shownHost}:${port}`,
    port,
    metricsUrl: metricsServer.url,
    close: () => (closing ??= close()),
  };
}
