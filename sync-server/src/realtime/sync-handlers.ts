import type { z } from 'zod';
import { pullRequestSchema } from '@tasklane/shared/protocol/pull';
import { pushRequestSchema, type PushResponse } from '@tasklane/shared/protocol/push';
import { parseMessage } from '@tasklane/shared/protocol/parse-message';
import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import type { Ack } from '@tasklane/shared/protocol/ack';
import type { Logger } from '../logging/logger';
import type { Metrics } from '../metrics/metrics';
import type { RateLimiter } from '../rate-limit/rate-limiter';
import type { SyncService } from '../sync/sync-service';
import { toProtocolError } from '../errors/to-protocol-error';
import { userRoom, type SyncSocket } from './socket-types';

type Handler<S extends z.ZodType, R> = {
  schema: S;
  what: string;
  run: (userId: string, request: z.infer<S>) => Promise<R>;
};

export type SocketHandlerDeps = { sync: SyncService; logger: Logger; limiter: RateLimiter; metrics: Metrics };

function bind<S extends z.ZodType, R>(socket: SyncSocket, deps: SocketHandlerDeps, handler: Handler<S, R>) {
  return async (payload: unknown, ack: unknown) => {
    if (typeof ack !== 'function') return; // nothing to answer to: the contract requires an acknowledgement
    const reply = ack as (response: Ack<R>) => void;
    try {
      if (Date.now() >= socket.data.tokenExpiresAtMs) {
        throw new ProtocolError('UNAUTHENTICATED', 'access token expired; refresh it and reconnect');
      }
      const decision = await deps.limiter.hit(socket.id);
      if (!decision.allowed) {
        deps.metrics.rateLimited.inc({ limit: 'socket' });
        throw new ProtocolError('RATE_LIMITED', 'too many messages on this socket; slow down', { retryAfterMs: decision.retryAfterMs });
      }
      const request = parseMessage(handler.schema, payload, handler.what);
      reply({ ok: true, data: await handler.run(socket.data.userId, request) });
    } catch (error) {
      reply({ ok: false, error: toProtocolError(error, deps.logger, `socket ${handler.what}`).toBody() });
    }
  };
}

/** Wires one authenticated socket: its user's room and the pull/push events. */
export function attachSyncHandlers(socket: SyncSocket, deps: SocketHandlerDeps): void {
  // The socket is closed when its token expires (token-expiry.ts); an event that races the close is refused in bind().
  void socket.join(userRoom(socket.data.userId));

  deps.metrics.connectedSockets.inc();
  socket.on('disconnect', () => deps.metrics.connectedSockets.dec());

  const socketDeps = { ...deps, logger: deps.logger.child({ socketId: socket.id, userId: socket.data.userId }) };
  socket.on('pull', bind(socket, socketDeps, { schema: pullRequestSchema, what: 'pull', run: deps.sync.pull }));
  socket.on(
    'push',
    bind(socket, socketDeps, {
      schema: pushRequestSchema,
      what: 'push',
      run: async (userId, request): Promise<PushResponse> => {
        const { conflicts } = await deps.sync.push(userId, request);
        return { conflicts };
      },
    }),
  );
}
