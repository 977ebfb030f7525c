import type { Server as HttpServer, IncomingMessage } from 'node:http';
import { Server, type ServerOptions } from 'socket.io';
import { PROTOCOL_LIMITS } from '@tasklane/shared/protocol/limits';
import type { TokenIssuer } from '../auth/token-issuer';
import type { Logger } from '../logging/logger';
import type { ChangeNotifier } from '../sync/change-notifier';
import { createHandshakeAuth } from './handshake-auth';
import { attachSyncHandlers, type SocketHandlerDeps } from './sync-handlers';
import { userRoom, type SyncServer } from './socket-types';

export type SocketServerDeps = {
  tokens: TokenIssuer;
  logger: Logger;
  allowedOrigins: string[];
  /** While shutting down, new WebSocket upgrades are refused ([O6]). */
  isShuttingDown: () => boolean;
  adapter?: ServerOptions['adapter'];
};

/** engine.io's refusal of a request (`connection_error`): the client's fault or an ordinary probe, never ours. */
type TransportRefusal = { req: IncomingMessage; code: number; message: string };

/** Same origin unless ALLOWED_ORIGINS lists it; native clients send no Origin at all. */
function originAllowed(request: IncomingMessage, allowedOrigins: string[]): boolean {
  const origin = request.headers.origin;
  if (!origin) return true;
  if (allowedOrigins.includes('*') || allowedOrigins.includes(origin)) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

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
  const options: Partial<ServerOptions> = {
    transports: ['websocket'],
    maxHttpBufferSize: PROTOCOL_LIMITS.maxSocketMessageBytes,
    allowRequest: (request, callback) => {
      if (deps.isShuttingDown()) return callback('server shutting down', false);
      const allowed = originAllowed(request, deps.allowedOrigins);
      callback(allowed ? null : 'origin not allowed', allowed);
    },
  };
  if (deps.adapter) options.adapter = deps.adapter;
  const io: SyncServer = new Server(options);
  io.use(createHandshakeAuth(deps.tokens, deps.logger));

  return {
    io,
    notifier: {
      publish(userId, event) {
        io.to(userRoom(userId)).emit('changes', event);
      },
    },
    attach(handlers) {
      io.on('connection', (socket) => attachSyncHandlers(socket, handlers));
    },
    listen(httpServer) {
      io.attach(httpServer);
      io.engine.on('connection_error', ({ req, code, message }: TransportRefusal) => {
        deps.logger.debug({ path: req.url?.split('?')[0], code, reason: message }, 'transport request refused');
      });
    },
  };
}
