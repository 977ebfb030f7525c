import type { Server as HttpServer, IncomingMessage } from 'node:http';
import { Server, type ServerOptions } from 'socket.io';
import { PROTOCOL_LIMITS } from '@tasklane/shared/protocol/limits';
import type { SessionCheck } from '../auth/session-check';
import type { TokenIssuer } from '../auth/token-issuer';
import type { Logger } from '../logging/logger';
import type { Metrics } from '../metrics/metrics';
import type { RateLimiter } from '../rate-limit/rate-limiter';
import type { ChangeNotifier } from '../sync/change-notifier';
import { createOriginPolicy } from '../http/request-origin';
import { createHandshakeAuth } from './handshake-auth';
import { createSyncHandlers, type SocketHandlerDeps } from './sync-handlers';
import { createTokenExpiry } from './token-expiry';
import { createSlowConsumerGuard } from './slow-consumer-guard';
import { createHandshakeRateLimit, createSocketsPerUserLimit, type SocketLimits } from './socket-limits';
import { CONNECT_TIMEOUT_MS, createTransportAdmission } from './transport-admission';
import { boundedSocketParser } from './bounded-socket-parser';
import { userRoom, type SyncServer } from './socket-types';

export type SocketServerDeps = {
  tokens: TokenIssuer;
  /** Refuses a handshake whose access token's sign-in has ended ([AU17]). */
  checkSession: SessionCheck;
  logger: Logger;
  allowedOrigins: string[];
  /** TRUST_PROXY: whether the origin check may read X-Forwarded-Host/-Proto ([PX1]). */
  trustProxyHops: number;
  /** While shutting down, new WebSocket upgrades are refused ([O6]). */
  isShuttingDown: () => boolean;
  adapter?: ServerOptions['adapter'];
  /** Sockets per user, handshakes per IP, buffered output per socket ([AB1]-[AB3]). */
  limits: SocketLimits;
  /** Counts handshakes per client IP; shared through Redis when configured ([AB2]). */
  handshakeLimiter: RateLimiter;
  /** Counts WebSocket upgrades per client IP, before any handshake is sent ([AX1]). */
  upgradeLimiter: RateLimiter;
  metrics: Pick<Metrics, 'rateLimited' | 'slowConsumerDisconnects'>;
};

/** engine.io's refusal of a request (`connection_error`): the client's fault or an ordinary probe, never ours. */
type TransportRefusal = { req: IncomingMessage; code: number; message: string };

export function createSocketServer(deps: SocketServerDeps): {
  io: SyncServer;
  notifier: ChangeNotifier;
  attach(handlers: SocketHandlerDeps): void;
  /**
   * Takes over `/socket.io/` on the HTTP server. Call it after the app's `request` listener is added:
   * engine.io wraps the listeners it finds, so the app never sees engine.io's requests ([O7]).
   */
  listen(httpServer: HttpServer): void;
} {
  const origins = createOriginPolicy({ allowedOrigins: deps.allowedOrigins, trustProxyHops: deps.trustProxyHops });
  const admitTransport = createTransportAdmission({
    limiter: deps.upgradeLimiter,
    trustProxyHops: deps.trustProxyHops,
    metrics: deps.metrics,
  });
  const options: Partial<ServerOptions> = {
    transports: ['websocket'],
    maxHttpBufferSize: PROTOCOL_LIMITS.maxSocketMessageBytes,
    connectTimeout: deps.limits.connectTimeoutMs ?? CONNECT_TIMEOUT_MS, // [AX1]
    parser: boundedSocketParser, // [AX3]
    allowRequest: (request, callback) => {
      if (deps.isShuttingDown()) return callback('server shutting down', false);
      // same origin unless ALLOWED_ORIGINS lists it ([H5])
      if (origins.judge(request) === 'refused') return callback('origin not allowed', false);
      admitTransport(request).then(
        (refusal) => callback(refusal, refusal === null),
        () => callback(null, true), // a limiter that cannot answer fails open, like every other limit ([RL5])
      );
    },
  };
  if (deps.adapter) options.adapter = deps.adapter;
  const io: SyncServer = new Server(options);
  const { limits, metrics, logger } = deps;
  io.use(createHandshakeRateLimit({ limiter: deps.handshakeLimiter, trustProxyHops: deps.trustProxyHops, metrics, logger }));
  io.use(createHandshakeAuth(deps.tokens, deps.logger, deps.checkSession));
  io.use(createSocketsPerUserLimit({ io, maxSocketsPerUser: limits.maxSocketsPerUser, metrics, logger }));
  const guardSlowConsumer = createSlowConsumerGuard({ limitBytes: limits.bufferLimitBytes, metrics, logger });
  io.on('connection', guardSlowConsumer);

  return {
    io,
    notifier: {
      publish(userId, event) {
        io.to(userRoom(userId)).emit('changes', event);
      },
    },
    attach(handlers) {
      const tokenExpiry = createTokenExpiry();
      const attachSyncHandlers = createSyncHandlers(handlers);
      io.on('connection', (socket) => {
        tokenExpiry.watch(socket);
        attachSyncHandlers(socket);
      });
    },
    listen(httpServer) {
      io.attach(httpServer);
      io.engine.on('connection_error', ({ req, code, message }: TransportRefusal) => {
        deps.logger.debug({ path: req.url?.split('?')[0], code, reason: message }, 'transport request refused');
      });
    },
  };
}
