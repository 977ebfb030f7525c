import type { z } from 'zod';
import { taskIdSchema } from '@tasklane/shared/domain/task';
import { IMPORT_LIMITS } from '@tasklane/shared/export/import-limits';
import type { ErrorCode } from '@tasklane/shared/protocol/error-codes';
import type { RequestSchemaName, ResponseSchemaName } from './openapi-schemas';
import { exportQuerySchema } from './export-query';
import { IDEMPOTENCY_KEY_HEADER, idempotencyKeySchema } from './idempotency-key';
import { taskListQuerySchema } from './task-list-query';

export type OperationSpec = {
  method: 'get' | 'post' | 'patch' | 'delete';
  /** OpenAPI path template. */
  path: string;
  operationId: string;
  tag: 'auth' | 'tasks' | 'export' | 'health' | 'api';
  summary: string;
  description?: string;
  bearerAuth?: true;
  query?: z.ZodObject;
  pathParams?: Record<string, z.ZodType>;
  headers?: Record<string, z.ZodType>;
  /** The refresh token may come as the `__Host-tasklane_refresh` cookie instead of the body. */
  refreshCookie?: true;
  body?: { schema: RequestSchemaName; required: boolean };
  responses: Record<
    number,
    {
      description: string;
      schema?: ResponseSchemaName | 'OpenApiDocument';
      refreshCookie?: 'set' | 'cleared';
      /** Also answered as `text/csv` (a download). */
      csv?: true;
      /** Sent with `Content-Disposition: attachment; filename=…`. */
      attachment?: true;
    }
  >;
  errors: ErrorCode[];
};

/** Every `/api` route can be refused for its rate, fail unexpectedly, or find the store unreachable. */
const ALWAYS: ErrorCode[] = ['RATE_LIMITED', 'INTERNAL', 'UNAVAILABLE'];
const WITH_BODY: ErrorCode[] = ['INVALID_MESSAGE', 'PAYLOAD_TOO_LARGE'];
const taskPath = { id: taskIdSchema };

/** The REST table of docs/protocol.md §7, one entry per route. */
export const OPERATIONS: OperationSpec[] = [
  {
    method: 'post',
    path: '/api/auth/register',
    operationId: 'register',
    tag: 'auth',
    summary: 'Create an account and sign in',
    description:
      'The email is compared case-insensitively. The refresh token is also set as the `__Host-tasklane_refresh` cookie; with `cookieOnly: true` it is only there, and the answer carries none (rule AU12).',
    body: { schema: 'Credentials', required: true },
    responses: { 201: { description: 'Registered and signed in', schema: 'AuthResponse', refreshCookie: 'set' } },
    errors: [...WITH_BODY, 'CONFLICT', ...ALWAYS],
  },
  {
    method: 'post',
    path: '/api/auth/login',
    operationId: 'login',
    tag: 'auth',
    summary: 'Sign in',
    description:
      'A wrong password and an unknown email get the same 401. The refresh token is also set as the `__Host-tasklane_refresh` cookie; with `cookieOnly: true` it is only there, and the answer carries none (rule AU12).',
    body: { schema: 'Credentials', required: true },
    responses: { 200: { description: 'Signed in', schema: 'AuthResponse', refreshCookie: 'set' } },
    errors: [...WITH_BODY, 'UNAUTHENTICATED', ...ALWAYS],
  },
  {
    method: 'post',
    path: '/api/auth/refresh',
    operationId: 'refreshTokens',
    tag: 'auth',
    summary: 'Rotate the refresh token and get a new access token',
    description:
      'The refresh token comes in the body or the `__Host-tasklane_refresh` cookie. It can be rotated once; presenting it again revokes its whole family, except as a retry of a lost answer within 60 s, which gets the same successor (rules RT1, AU8–AU11). The new refresh token is also set as the `__Host-tasklane_refresh` cookie; with `cookieOnly: true` only there. When the cookie is used, the request must be `application/json` from this origin or an allowed one, or it is refused with 403 and changes nothing (rule AU13).',
    refreshCookie: true,
    body: { schema: 'RefreshRequest', required: false },
    responses: { 200: { description: 'A new token pair', schema: 'RefreshResponse', refreshCookie: 'set' } },
    errors: [...WITH_BODY, 'UNAUTHENTICATED', 'FORBIDDEN', ...ALWAYS],
  },
  {
    method: 'post',
    path: '/api/auth/logout',
    operationId: 'logout',
    tag: 'auth',
    summary: 'Sign out: revoke the refresh token and its family',
    description:
      "Also disconnects the sign-in's live sockets (rule AU15). When the cookie is used, the request must be `application/json` from this origin or an allowed one, or it is refused with 403 and changes nothing (rule AU13).",
    refreshCookie: true,
    body: { schema: 'RefreshRequest', required: false },
    responses: { 204: { description: 'Signed out', refreshCookie: 'cleared' } },
    errors: [...WITH_BODY, 'UNAUTHENTICATED', 'FORBIDDEN', ...ALWAYS],
  },
  {
    method: 'get',
    path: '/api/tasks',
    operationId: 'listTasks',
    tag: 'tasks',
    summary: 'List tasks, newest createdAt first',
    description: 'Tombstones are hidden. `q` searches word prefixes in title and description. Repeated query parameters are refused.',
    bearerAuth: true,
    query: taskListQuerySchema,
    responses: { 200: { description: 'One page of tasks', schema: 'TaskListPage' } },
    errors: ['INVALID_MESSAGE', 'UNAUTHENTICATED', ...ALWAYS],
  },
  {
    method: 'post',
    path: '/api/tasks',
    operationId: 'createTask',
    tag: 'tasks',
    summary: 'Create a task',
    description:
      'The server fills defaults and assigns `seq`; the write is broadcast as `changes` like a socket push. With an `Idempotency-Key` (and no `id`), the task id is derived from the user and the key, so a retry of the same request (same key, same body) answers 201 with the task its first attempt created and the header `Idempotent-Replayed: true`; the same key with a different body, or after that task was changed or deleted, gets 409 CONFLICT (rule R10).',
    bearerAuth: true,
    headers: { [IDEMPOTENCY_KEY_HEADER]: idempotencyKeySchema },
    body: { schema: 'CreateTaskInput', required: true },
    responses: { 201: { description: 'The stored task (also the answer to a replayed Idempotency-Key)', schema: 'StoredTask' } },
    errors: [...WITH_BODY, 'UNAUTHENTICATED', 'CONFLICT', ...ALWAYS],
  },
  {
    method: 'get',
    path: '/api/tasks/{id}',
    operationId: 'getTask',
    tag: 'tasks',
    summary: 'Read one task',
    description: 'A tombstone and another user\'s task are both "not found".',
    bearerAuth: true,
    pathParams: taskPath,
    responses: { 200: { description: 'The task', schema: 'StoredTask' } },
    errors: ['INVALID_MESSAGE', 'UNAUTHENTICATED', 'NOT_FOUND', ...ALWAYS],
  },
  {
    method: 'patch',
    path: '/api/tasks/{id}',
    operationId: 'patchTask',
    tag: 'tasks',
    summary: 'Change some fields of a task',
    description: '`completedAt` follows `status` unless given with `status: "done"`. 409 when the task kept changing under five attempts.',
    bearerAuth: true,
    pathParams: taskPath,
    body: { schema: 'PatchTaskInput', required: true },
    responses: { 200: { description: 'The stored task', schema: 'StoredTask' } },
    errors: [...WITH_BODY, 'UNAUTHENTICATED', 'NOT_FOUND', 'CONFLICT', ...ALWAYS],
  },
  {
    method: 'delete',
    path: '/api/tasks/{id}',
    operationId: 'deleteTask',
    tag: 'tasks',
    summary: 'Delete a task (a tombstone that syncs)',
    bearerAuth: true,
    pathParams: taskPath,
    responses: { 204: { description: 'Deleted' } },
    errors: ['INVALID_MESSAGE', 'UNAUTHENTICATED', 'NOT_FOUND', 'CONFLICT', ...ALWAYS],
  },
  {
    method: 'get',
    path: '/api/export',
    operationId: 'exportAccount',
    tag: 'export',
    summary: 'Download the whole account: JSON (re-importable) or its tasks as CSV',
    description:
      'JSON: `{ format: "tasklane-export", version: 1, exportedAt, tasks }`, every live task once with every field as stored, tombstones excluded (rule EX1). `format=csv`: RFC 4180 with a header row, UTF-8 with a byte order mark, every field quoted, and a cell starting with `=`, `+`, `-`, `@`, tab, CR or NUL, or holding one after a `,`, `;`, tab or line break, gets a `\'` before it against formula injection (rules EX2, EX3). At most two exports per user run at a time (429, rule EX9). Streamed: a failure after the answer began breaks the connection instead of ending the body.',
    bearerAuth: true,
    query: exportQuerySchema,
    responses: {
      200: { description: 'The export, as a download', schema: 'ExportDocument', csv: true, attachment: true },
    },
    errors: ['INVALID_MESSAGE', 'UNAUTHENTICATED', ...ALWAYS],
  },
  {
    method: 'post',
    path: '/api/import',
    operationId: 'importAccount',
    tag: 'export',
    summary: 'Import an export into this account, idempotently by id',
    description: `Every task is validated before anything is written; any fault refuses the whole request (rule EX4). A task the account lacks is created; one it holds is merged with the stored one as a device merges a conflict without a base, the later \`updatedAt\` winning each differing field, and written only when that changes it; so importing the same file again changes nothing (rules EX5, EX6). Imported timestamps are clamped to no later than the file's \`exportedAt\` and the server's clock, a file dated more than 5 minutes ahead is refused, and a task deleted in the account stays deleted (rule EX11). At most one import per user runs at a time (429, rule EX9). At most ${IMPORT_LIMITS.maxTasks} tasks and ${IMPORT_LIMITS.maxBodyBytes / 1024 / 1024} MiB per request: send a larger export in pages (rule EX7). 409 when imported tasks kept changing under five merges.`,
    bearerAuth: true,
    body: { schema: 'ImportDocument', required: true },
    responses: { 200: { description: 'How many tasks were created, updated, or already as imported', schema: 'ImportResult' } },
    errors: [...WITH_BODY, 'UNAUTHENTICATED', 'CONFLICT', ...ALWAYS],
  },
  {
    method: 'get',
    path: '/health',
    operationId: 'health',
    tag: 'health',
    summary: 'Liveness and the release version',
    responses: { 200: { description: 'The process runs', schema: 'HealthResponse' } },
    errors: [],
  },
  {
    method: 'get',
    path: '/ready',
    operationId: 'ready',
    tag: 'health',
    summary: 'Readiness: the store answers and the instance is not shutting down; Redis down only degrades it',
    responses: {
      200: { description: 'Ready (every check passed) or degraded (only Redis failed)', schema: 'ReadinessResponse' },
      503: { description: 'The store check failed, or the server is shutting down', schema: 'ReadinessResponse' },
    },
    errors: [],
  },
  {
    method: 'get',
    path: '/api/openapi.json',
    operationId: 'openApiDocument',
    tag: 'api',
    summary: 'This description (also committed as docs/openapi.json)',
    responses: { 200: { description: 'The OpenAPI 3.1 document', schema: 'OpenApiDocument' } },
    errors: [],
  },
];
