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
import type { SyncSocket } from './socket-types';

type Handler<S extends z.ZodType, R> = {
  schema: S;
  what: string;
  run: (userId: string, request: z.infer<S>) => Promise<R>;
};

export type SocketHandlerDeps = { sync: SyncService; logger: Logger; limiter: RateLimiter; metrics: Metrics };

/** socket.io calls an event listener with the socket as `this`, so one function serves every socket. */
type SocketListener = (this: SyncSocket, payload: unknown, ack: unknown) => void;

async function answer<S extends z.ZodType, R>(
  socket: SyncSocket,
  deps: SocketHandlerDeps,
  handler: Handler<S, R>,
  payload: unknown,
  reply: (response: Ack<R>) => void,
): Promise<void> {
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
    // The socket's logger is made only when something goes wrong, not held by every idle socket.
    const logger = deps.logger.child({ socketId: socket.id, userId: socket.data.userId });
    reply({ ok: false, error: toProtocolError(error, logger, `socket ${handler.what}`).toBody() });
  }
}

function listener<S extends z.ZodType, R>(deps: SocketHandlerDeps, handler: Handler<S, R>): SocketListener {
  return function (this: SyncSocket, payload, ack) {
    if (typeof ack !== 'function') return; // nothing to answer to: the contract requires an acknowledgement
    void answer(this, deps, handler, payload, ack as (response: Ack<R>) => void);
  };
}

/**
 * Wires authenticated sockets: the pull/push events. The listeners are made once per server and shared by every
 * socket (per-socket closures and loggers were a large part of an idle socket's memory). The socket is already
 * in its user's room (socket-limits.ts); it is closed when its token expires (token-expiry.ts), and an event that
 * races the close is refused in answer().
 */
export function createSyncHandlers(deps: SocketHandlerDeps): (socket: SyncSocket) => void {
  const onPull = listener(deps, { schema: pullRequestSchema, what: 'pull', run: deps.sync.pull });
  const onPush = listener(deps, {
    schema: pushRequestSchema,
    what: 'push',
    run: async (userId, request): Promise<PushResponse> => {
      const { conflicts } = await deps.sync.push(userId, request);
      return { conflicts };
    },
  });
  const onDisconnect = () => deps.metrics.connectedSockets.dec();
  return (socket) => {
    deps.metrics.connectedSockets.inc();
    socket.on('disconnect', onDisconnect);
    socket.on('pull', onPull);
    socket.on('push', onPush);
  };
}
