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
  httpServer: HttpServer;
  tokens: TokenIssuer;
  logger: Logger;
  allowedOrigins: string[];
  adapter?: ServerOptions['adapter'];
};

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
} {
  const options: Partial<ServerOptions> = {
    transports: ['websocket'],
    maxHttpBufferSize: PROTOCOL_LIMITS.maxSocketMessageBytes,
    allowRequest: (request, callback) => {
      const allowed = originAllowed(request, deps.allowedOrigins);
      callback(allowed ? null : 'origin not allowed', allowed);
    },
  };
  if (deps.adapter) options.adapter = deps.adapter;
  const io: SyncServer = new Server(deps.httpServer, options);
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
  };
}
