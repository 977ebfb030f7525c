import { z } from 'zod';
import { taskSchema, storedTaskSchema } from '@tasklane/shared/domain/task-schema';
import { storedTaskListSchema, taskListSchema } from '@tasklane/shared/domain/task-list-schema';
import { ackSchema } from '@tasklane/shared/protocol/ack';
import { changesEventSchema } from '@tasklane/shared/protocol/changes';
import { serverCheckpointSchema } from '@tasklane/shared/protocol/checkpoint';
import { errorBodySchema } from '@tasklane/shared/protocol/error-body';
import { connectErrorSchema, handshakeAuthSchema, TOKEN_EXPIRED_EVENT, tokenExpiredSchema } from '@tasklane/shared/protocol/handshake';
import { toJsonSchemaComponents } from '@tasklane/shared/protocol/json-schema-components';
import { PROTOCOL_LIMITS } from '@tasklane/shared/protocol/limits';
import { pullRequestSchema, pullResponseSchema } from '@tasklane/shared/protocol/pull';
import { listPushRequestSchema, pushRequestSchema, pushResponseSchema } from '@tasklane/shared/protocol/push';
import { PROTOCOL_VERSION } from '@tasklane/shared/protocol/version';

type JsonObject = { [key: string]: unknown };

const SCHEMA_REF = '#/components/schemas/';

/** The `push` event carries a push of tasks or one of lists, told apart by `collection` ([CO1]). */
export const pushMessageSchema = z.union([pushRequestSchema, listPushRequestSchema]);

/** What a client sends, described as input (the handshake `auth` may carry more keys). */
const ASYNCAPI_CLIENT_SCHEMAS = {
  HandshakeAuth: handshakeAuthSchema,
  PullRequest: pullRequestSchema,
  PushMessage: pushMessageSchema,
  PushRequest: pushRequestSchema,
  ListPushRequest: listPushRequestSchema,
  Task: taskSchema,
  TaskList: taskListSchema,
};

/** What the server sends, described as output. */
const ASYNCAPI_SERVER_SCHEMAS = {
  ConnectError: connectErrorSchema,
  PullResponse: pullResponseSchema,
  PullAck: ackSchema(pullResponseSchema),
  PushResponse: pushResponseSchema,
  PushAck: ackSchema(pushResponseSchema),
  ChangesEvent: changesEventSchema,
  TokenExpired: tokenExpiredSchema,
  StoredTask: storedTaskSchema,
  StoredTaskList: storedTaskListSchema,
  Checkpoint: serverCheckpointSchema,
  ErrorBody: errorBodySchema,
};

type SchemaName = keyof typeof ASYNCAPI_CLIENT_SCHEMAS | keyof typeof ASYNCAPI_SERVER_SCHEMAS;

type MessageSpec = { name?: string; title: string; summary: string; description?: string; payload: SchemaName };

/** Every message of the channel; the key is its id in `components.messages`. */
const MESSAGES: Record<string, MessageSpec> = {
  handshake: {
    title: 'Handshake',
    summary: 'The `auth` object of the socket.io connection',
    description: `Sent as \`io(url, { transports: ['websocket'], auth: { token, protocolVersion: ${PROTOCOL_VERSION} } })\`. \`token\` is an access token from the REST API.`,
    payload: 'HandshakeAuth',
  },
  connectError: {
    name: 'connect_error',
    title: 'Handshake refused',
    summary: 'The connection is refused; `message` is the code, `data` the error body',
    description:
      'UNAUTHENTICATED: a missing, malformed, expired or forged token, or a refresh token (rule H2). INVALID_MESSAGE: protocolVersion missing or not an integer (H3c). CLIENT_TOO_OLD: a protocolVersion older than the server supports; update the client (H3). SERVER_TOO_OLD: a protocolVersion newer than the server speaks (a rolling upgrade); retryable, keep working offline and retry later (H3b). RATE_LIMITED: too many handshakes from this address; wait retryAfterMs (AB2). TOO_MANY_SOCKETS: the account already has MAX_SOCKETS_PER_USER sockets open; retryable once one closes (AB1). UNAVAILABLE: the store could not check the sign-in; retry after retryAfterMs (AU17). INTERNAL: the server failed unexpectedly while checking the handshake (logged once); try again later.',
    payload: 'ConnectError',
  },
  pull: {
    name: 'pull',
    title: 'Pull',
    summary: 'The documents of one collection changed after a checkpoint, oldest change first',
    description: `\`collection\` is \`tasks\` (the default) or \`lists\`; the answer holds documents of that collection only (CO1). \`limit\` is 1..${PROTOCOL_LIMITS.pullMaxLimit}; at most ${PROTOCOL_LIMITS.pullPageMaxBytes} bytes of documents per page (P5); the response checkpoint is the \`seq\` of the last document, or the request's when the page is empty (rules P1-P4), with the store's \`generation\` (G1-G4). \`seq\` is one sequence per user across both collections, so a checkpoint of either is judged against the user's newest change of any (G3).`,
    payload: 'PullRequest',
  },
  pullAck: {
    title: 'Pull acknowledgement',
    summary: 'The answer to `pull`',
    description:
      'An error is UNAUTHENTICATED (the access token expired: refresh and reconnect), INVALID_MESSAGE, CHECKPOINT_UNKNOWN (the checkpoint names another store generation or is past the newest change: pull again from null and push every local document, rule G3), RATE_LIMITED, UNAVAILABLE or INTERNAL.',
    payload: 'PullAck',
  },
  push: {
    name: 'push',
    title: 'Push',
    summary: 'Write documents of one collection; each row is written, returned as a conflict, or refused',
    description: `A push of tasks (\`collection\` absent or \`tasks\`) or of lists (\`collection: "lists"\`), CO1. 1..${PROTOCOL_LIMITS.pushMaxRows} rows, each document id at most once, \`assumedMasterState.id\` equal to \`newDocumentState.id\` (rules W1-W7); at most ${PROTOCOL_LIMITS.maxSocketMessageBytes} bytes of JSON per message, so a client splits larger batches (AB4).`,
    payload: 'PushMessage',
  },
  pushAck: {
    title: 'Push acknowledgement',
    summary: 'The answer to `push`: the server documents of the rows that conflicted, and the rows refused one by one',
    description:
      'Conflicts are return values, never errors. `refused` (only when some row was) names each row that changed nothing, with its code: INVALID_MESSAGE for a document that fails the schema (RJ9), UNSAFE_TEXT (UC2), LIST_LIMIT (RJ2); the other rows are decided as ever. A whole-message error (a fault of the envelope, or UNAUTHENTICATED, RATE_LIMITED, UNAVAILABLE, INTERNAL) changes nothing at all.',
    payload: 'PushAck',
  },
  changes: {
    name: 'changes',
    title: 'Changes',
    summary: "An accepted write of the user's documents of one collection, from any device, on any instance",
    description:
      'Every seq after `previous`, up to `checkpoint`, is a document of this event (CH2, CO2). A client whose checkpoint of this collection is behind `previous` missed something and must pull that collection from its checkpoint (rules CH1-CH4); a checkpoint of another collection that is at or after `previous` may move to `checkpoint` (CO3).',
    payload: 'ChangesEvent',
  },
  tokenExpired: {
    name: TOKEN_EXPIRED_EVENT,
    title: 'Token expired',
    summary: 'The access token of this socket expired; the server closes the socket right after this event',
    description: 'Refresh the token (POST /api/auth/refresh) and reconnect (rule H4).',
    payload: 'TokenExpired',
  },
};

const channelRef = { $ref: '#/channels/sync' };
const messageRef = (id: string) => ({ $ref: `#/channels/sync/messages/${id}` });

function messageOf(spec: MessageSpec): JsonObject {
  return {
    ...(spec.name ? { name: spec.name } : {}),
    title: spec.title,
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    payload: { $ref: `${SCHEMA_REF}${spec.payload}` },
  };
}

function requestWithAck(summary: string, request: string, ack: string): JsonObject {
  return {
    action: 'receive',
    channel: channelRef,
    summary,
    messages: [messageRef(request)],
    reply: { channel: channelRef, messages: [messageRef(ack)] },
  };
}

/** The AsyncAPI 3 description of the socket protocol, generated from the shared zod schemas. */
export function buildAsyncApiDocument(version: string): JsonObject {
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Tasklane sync protocol',
      version,
      description: `Protocol version ${PROTOCOL_VERSION} (docs/protocol.md): RxDB's replication protocol over socket.io v4, WebSocket transport only, for two collections: tasks and lists. Every client → server event carries an acknowledgement callback; an event without one is ignored. One socket message may be at most ${PROTOCOL_LIMITS.maxSocketMessageBytes / (1024 * 1024)} MiB.`,
      license: { name: 'MIT' },
    },
    defaultContentType: 'application/json',
    servers: {
      'sync-server': {
        host: '{host}',
        protocol: 'ws',
        pathname: '/socket.io/',
        description: 'socket.io (Engine.IO 4) on the same port as the REST API; `wss` behind TLS.',
        variables: { host: { default: 'localhost:3000', description: 'host and port of the sync server' } },
      },
    },
    channels: {
      sync: {
        address: '/',
        title: 'The default socket.io namespace',
        description: "One connection per device; the server joins it to its user's room.",
        messages: Object.fromEntries(Object.keys(MESSAGES).map((id) => [id, { $ref: `#/components/messages/${id}` }])),
      },
    },
    operations: {
      connect: { action: 'receive', channel: channelRef, summary: 'A device connects', messages: [messageRef('handshake')] },
      refuseConnection: { action: 'send', channel: channelRef, summary: 'The handshake fails', messages: [messageRef('connectError')] },
      pull: requestWithAck('A device pulls changes since its checkpoint', 'pull', 'pullAck'),
      push: requestWithAck('A device pushes its writes', 'push', 'pushAck'),
      sendChanges: {
        action: 'send',
        channel: channelRef,
        summary: "Every socket of the writer's user gets the change",
        messages: [messageRef('changes')],
      },
      expireToken: {
        action: 'send',
        channel: channelRef,
        summary: 'A socket whose access token expired is told so and closed',
        messages: [messageRef('tokenExpired')],
      },
    },
    components: {
      schemas: {
        ...toJsonSchemaComponents(ASYNCAPI_CLIENT_SCHEMAS, { refPrefix: SCHEMA_REF, target: 'draft-7', io: 'input' }),
        ...toJsonSchemaComponents(ASYNCAPI_SERVER_SCHEMAS, { refPrefix: SCHEMA_REF, target: 'draft-7', io: 'output' }),
      },
      messages: Object.fromEntries(Object.entries(MESSAGES).map(([id, spec]) => [id, messageOf(spec)])),
    },
  };
}
