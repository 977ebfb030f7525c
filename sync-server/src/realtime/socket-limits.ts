import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import type { Logger } from '../logging/logger';
import type { Metrics } from '../metrics/metrics';
import { clientAddress } from '../rate-limit/client-address';
import type { RateLimiter } from '../rate-limit/rate-limiter';
import { toProtocolError } from '../errors/to-protocol-error';
import { handshakeError } from './handshake-auth';
import { userRoom, type SyncServer, type SyncSocket } from './socket-types';

export { DEFAULT_SOCKET_LIMITS } from './socket-limit-defaults';

export type SocketLimits = {
  /** MAX_SOCKETS_PER_USER ([AB1]). */
  maxSocketsPerUser: number;
  /** RATE_LIMIT_HANDSHAKE: handshakes per minute per client IP ([AB2]). */
  handshakesPerMinute: number;
  /** SOCKET_BUFFER_LIMIT: bytes of unsent output after which a socket is dropped ([AB3]). */
  bufferLimitBytes: number;
  /** How long a connection may wait for its socket.io handshake; default CONNECT_TIMEOUT_MS ([AX1]). */
  connectTimeoutMs?: number;
};

/** A refused user may connect once another of their sockets closes; this is only a hint of when to try again. */
const TOO_MANY_SOCKETS_RETRY_MS = 30_000;

type Middleware = (socket: SyncSocket, next: (error?: Error) => void) => void;

/** [AB2]: every handshake counts against its client IP, before the token is even looked at. */
export function createHandshakeRateLimit(deps: {
  limiter: RateLimiter;
  trustProxyHops: number;
  metrics: Pick<Metrics, 'rateLimited'>;
  logger: Logger;
}): Middleware {
  return (socket, next) => {
    deps.limiter.hit(clientAddress(socket.request, deps.trustProxyHops)).then(
      (decision) => {
        if (decision.allowed) return next();
        deps.metrics.rateLimited.inc({ limit: 'handshake' });
        const refusal = new ProtocolError('RATE_LIMITED', 'too many connection attempts from this address; wait retryAfterMs', {
          retryAfterMs: decision.retryAfterMs,
        });
        next(handshakeError(refusal));
      },
      (error: unknown) => next(handshakeError(toProtocolError(error, deps.logger, 'socket handshake limit'))),
    );
  };
}

/**
 * [AB1]: at most `maxSocketsPerUser` connected sockets per user, counted with `fetchSockets` in the user's room,
 * which asks every instance through the Redis adapter (a dead instance's sockets are gone with it: no counter
 * goes stale). An admitted socket joins that room here, and stays in it until it disconnects: it is both what is
 * counted and where the user's `changes` go (one room per user, not a second one for counting: less memory per socket).
 * Handshakes of one user are decided one at a time on each instance, and a socket is counted from the moment
 * it is admitted, so one instance never exceeds the limit; instances deciding at the same moment may each
 * admit one socket the others do not see yet (at most limit + instances − 1). Without an answer from Redis,
 * this instance counts its own sockets only.
 */
export function createSocketsPerUserLimit(deps: {
  io: SyncServer;
  maxSocketsPerUser: number;
  metrics: Pick<Metrics, 'rateLimited'>;
  logger: Logger;
}): Middleware {
  const turns = new Map<string, Promise<void>>();

  async function countSockets(room: string): Promise<number> {
    try {
      return (await deps.io.in(room).fetchSockets()).length;
    } catch (error) {
      deps.logger.warn({ err: error }, 'could not count sockets across instances; counting this instance only');
      return (await deps.io.local.in(room).fetchSockets()).length;
    }
  }

  async function admit(socket: SyncSocket, next: (error?: Error) => void): Promise<void> {
    const room = userRoom(socket.data.userId);
    try {
      const open = await countSockets(room);
      if (open >= deps.maxSocketsPerUser) {
        deps.metrics.rateLimited.inc({ limit: 'sockets_per_user' });
        const refusal = new ProtocolError(
          'TOO_MANY_SOCKETS',
          `this account already has ${open} open connections (at most ${deps.maxSocketsPerUser}); close one and try again`,
          { retryAfterMs: TOO_MANY_SOCKETS_RETRY_MS },
        );
        return next(handshakeError(refusal));
      }
      await socket.join(room);
      next();
      // socket.io connects an admitted socket on the next tick; only then does fetchSockets see it.
      await new Promise((resolve) => setImmediate(resolve));
    } catch (error) {
      next(handshakeError(toProtocolError(error, deps.logger, 'socket handshake limit')));
    }
  }

  return (socket, next) => {
    const userId = socket.data.userId;
    const turn = (turns.get(userId) ?? Promise.resolve()).then(() => admit(socket, next));
    turns.set(userId, turn);
    void turn.then(() => {
      if (turns.get(userId) === turn) turns.delete(userId);
    });
  };
}
