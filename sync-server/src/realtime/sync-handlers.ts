import type { z } from 'zod';
import { pullRequestSchema, type PullRequest, type PullResponse } from '@tasklane/shared/protocol/pull';
import { listPushRequestSchema, pushRequestSchemaFor, type PushResponse } from '@tasklane/shared/protocol/push';
import { parseMessage } from '@tasklane/shared/protocol/parse-message';
import { checkedPush } from '@tasklane/shared/protocol/push-check';
import { REPLICATED_COLLECTIONS } from '@tasklane/shared/protocol/collections';
import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import type { Ack } from '@tasklane/shared/protocol/ack';
import type { Logger } from '../logging/logger';
import type { Metrics } from '../metrics/metrics';
import type { RateLimiter } from '../rate-limit/rate-limiter';
import { listPushEnvelopeSchema, taskPushEnvelopeSchema } from '../sync/invalid-rows';
import type { SyncService } from '../sync/sync-service';
import { toProtocolError } from '../errors/to-protocol-error';
import type { SyncSocket } from './socket-types';
import { withCoalescedWrites } from './coalesced-writes';

type Handler<Q, R> = {
  /** The request the payload is, or a `ProtocolError` (`INVALID_MESSAGE`) naming what is wrong with it. */
  parse: (payload: unknown) => Q;
  what: string;
  run: (userId: string, request: Q) => Promise<R>;
};

export type SocketHandlerDeps = { sync: SyncService; logger: Logger; limiter: RateLimiter; metrics: Metrics };

// The two forms of a push, each tagged with its collection so the handler's types follow the schema that parsed it;
// [RJ9] the envelope is checked whole, each row on its own (an invalid row is refused, not the push).
const pushSchemaFor = (payload: unknown) =>
  pushRequestSchemaFor(payload) === listPushRequestSchema ? listPushEnvelopeSchema : taskPushEnvelopeSchema;
type ScreenedPushRequest = z.infer<typeof taskPushEnvelopeSchema> | z.infer<typeof listPushEnvelopeSchema>;

/**
 * [SQ1] A valid push in the schema's key order (nearly every one) is checked without zod, which cost about a tenth of
 * the server's CPU per single-document push; anything else goes through the zod schemas, so every refusal and its
 * message, and the key order zod writes, stay what they were.
 */
function parsePush(payload: unknown): ScreenedPushRequest {
  const checked = checkedPush(payload);
  if (checked) return { ...checked, invalid: [] };
  return parseMessage(pushSchemaFor(payload), payload, 'push');
}

/** [CO4] The collection a message names, for the log: absent is `tasks`; anything else a client sent is not repeated. */
function collectionNamed(payload: unknown): string {
  const collection = typeof payload === 'object' && payload !== null ? (payload as { collection?: unknown }).collection : undefined;
  if (collection === undefined) return 'tasks';
  return typeof collection === 'string' && (REPLICATED_COLLECTIONS as readonly string[]).includes(collection) ? collection : 'unknown';
}

/** socket.io calls an event listener with the socket as `this`, so one function serves every socket. */
type SocketListener = (this: SyncSocket, payload: unknown, ack: unknown) => void;

async function answer<Q, R>(
  socket: SyncSocket,
  deps: SocketHandlerDeps,
  handler: Handler<Q, R>,
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
    const request = handler.parse(payload);
    reply({ ok: true, data: await handler.run(socket.data.userId, request) });
  } catch (error) {
    // The socket's logger is made only when something goes wrong, not held by every idle socket.
    const logger = deps.logger.child({ socketId: socket.id, userId: socket.data.userId, collection: collectionNamed(payload) });
    reply({ ok: false, error: toProtocolError(error, logger, `socket ${handler.what}`).toBody() });
  }
}

function listener<Q, R>(deps: SocketHandlerDeps, handler: Handler<Q, R>, coalesce = false): SocketListener {
  return function (this: SyncSocket, payload, ack) {
    if (typeof ack !== 'function') return; // nothing to answer to: the contract requires an acknowledgement
    const reply = () => answer(this, deps, handler, payload, ack as (response: Ack<R>) => void);
    void (coalesce ? withCoalescedWrites(this, reply) : reply());
  };
}

/**
 * Wires authenticated sockets: the pull/push events of every collection. The listeners are made once per server and
 * shared by every socket (per-socket closures and loggers were a large part of an idle socket's memory). The socket is already
 * in its user's room (socket-limits.ts); it is closed when its token expires (token-expiry.ts), and an event that
 * races the close is refused in answer().
 */
export function createSyncHandlers(deps: SocketHandlerDeps): (socket: SyncSocket) => void {
  // [CO1] Each message names its collection (absent: tasks); the sync service serves each with its own store calls.
  const onPull = listener(deps, {
    parse: (payload) => parseMessage(pullRequestSchema, payload, 'pull'),
    what: 'pull',
    run: (userId, request: PullRequest): Promise<PullResponse> =>
      request.collection === 'lists'
        ? deps.sync.pullLists(userId, { ...request, collection: 'lists' })
        : deps.sync.pull(userId, { ...request, collection: 'tasks' }),
  });
  // [SQ2] A push's own `changes` and its acknowledgement leave in one write.
  const onPush = listener(
    deps,
    {
      parse: parsePush,
      what: 'push',
      run: async (userId, request: ScreenedPushRequest): Promise<PushResponse> => {
        const { conflicts, refused = [] } =
          request.rows.length === 0
            ? { conflicts: [] }
            : request.collection === 'lists'
              ? await deps.sync.pushLists(userId, { collection: 'lists', rows: request.rows })
              : await deps.sync.push(userId, { collection: 'tasks', rows: request.rows });
        const all = [...request.invalid, ...refused];
        deps.metrics.syncDocuments.inc({ kind: 'refused', collection: request.collection }, all.length);
        // [RJ1] `refused` only when some row was refused: every other acknowledgement is as it was.
        return all.length > 0 ? { conflicts, refused: all } : { conflicts };
      },
    },
    true,
  );
  const onDisconnect = () => deps.metrics.connectedSockets.dec();
  return (socket) => {
    deps.metrics.connectedSockets.inc();
    socket.on('disconnect', onDisconnect);
    socket.on('pull', onPull);
    socket.on('push', onPush);
  };
}
