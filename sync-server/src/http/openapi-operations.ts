import type { z } from 'zod';
import { documentIdSchema } from '@tasklane/shared/domain/document-id-schema';
import { taskIdSchema } from '@tasklane/shared/domain/task-schema';
import { IMPORT_LIMITS } from '@tasklane/shared/export/import-limits';
import type { ErrorCode } from '@tasklane/shared/protocol/error-codes';
import type { RequestSchemaName, ResponseSchemaName } from './openapi-schemas';
import { exportQuerySchema } from './export-query';
import { LIST_LIMITS } from '../sync/list-limits';
import { IDEMPOTENCY_KEY_HEADER, idempotencyKeySchema } from './idempotency-key';
import { deleteListQuerySchema, listListQuerySchema } from './list-query';
import { taskListQuerySchema } from './task-list-query';
import { SHARING_OPERATIONS } from './openapi-sharing-operations';

export type OperationSpec = {
  method: 'get' | 'post' | 'patch' | 'delete';
  /** OpenAPI path template. */
  path: string;
  operationId: string;
  tag: 'auth' | 'tasks' | 'lists' | 'sharing' | 'export' | 'health' | 'reminders' | 'api';
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
const listPath = { id: documentIdSchema };
const idempotencyHeader = { [IDEMPOTENCY_KEY_HEADER]: idempotencyKeySchema };

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
    method: 'post',
    path: '/api/auth/password-reset',
    operationId: 'requestPasswordReset',
    tag: 'auth',
    summary: 'Mail a password-reset link to an address, if it has an account',
    description:
      'Always 202 with an empty body for a well-formed address, known or not: the store read, the token and the mail happen afterwards in a queue, so neither the answer nor its timing tells whether the address has an account (rule AC1). The link `<PUBLIC_URL>/#/reset?token=…` lasts 30 minutes (rule AC2). Mails per address and client IP are limited; past that the answer is still 202 and no mail goes (rule AC16). 503 EMAIL_UNAVAILABLE when this server sends no e-mail (rule AC10).',
    body: { schema: 'PasswordResetRequest', required: true },
    responses: { 202: { description: 'Accepted; a mail goes out only when the address has an account' } },
    // Answered before any store call (rule AC1): no UNAVAILABLE.
    errors: [...WITH_BODY, 'EMAIL_UNAVAILABLE', 'RATE_LIMITED', 'INTERNAL'],
  },
  {
    method: 'post',
    path: '/api/auth/password-reset/confirm',
    operationId: 'confirmPasswordReset',
    tag: 'auth',
    summary: "Set a new password with a reset link's token",
    description:
      'The token is spent once; the password is set, every other reset link of the account is spent, the address counts as verified, and every sign-in of the account ends (rule AC3). An unknown, malformed, expired or spent token is 401 and changes nothing; a password outside 8–1024 characters is 400 and does not spend the token.',
    body: { schema: 'PasswordResetConfirm', required: true },
    responses: { 204: { description: 'The password is set; every sign-in of the account has ended' } },
    errors: [...WITH_BODY, 'UNAUTHENTICATED', ...ALWAYS],
  },
  {
    method: 'post',
    path: '/api/auth/verify-email',
    operationId: 'verifyEmail',
    tag: 'auth',
    summary: "Verify the account's address with a verification link's token",
    description:
      'Sign-up mails the link `<PUBLIC_URL>/#/verify?token=…` (24 hours). An unknown, malformed, expired or spent token is 401 (rule AC5).',
    body: { schema: 'VerifyEmailRequest', required: true },
    responses: { 204: { description: 'The address is verified' } },
    errors: [...WITH_BODY, 'UNAUTHENTICATED', ...ALWAYS],
  },
  {
    method: 'post',
    path: '/api/auth/verify-email/resend',
    operationId: 'resendVerificationEmail',
    tag: 'auth',
    summary: 'Mail a new verification link to the signed-in account',
    description:
      '409 when the address is already verified; 429 past the mails per address and client IP (rule AC16); 503 EMAIL_UNAVAILABLE when this server sends no e-mail (rules AC5, AC10).',
    bearerAuth: true,
    body: { schema: 'EmptyBody', required: false },
    responses: { 202: { description: 'A verification mail goes out' } },
    errors: [...WITH_BODY, 'UNAUTHENTICATED', 'CONFLICT', 'EMAIL_UNAVAILABLE', ...ALWAYS],
  },
  {
    method: 'post',
    path: '/api/auth/password',
    operationId: 'changePassword',
    tag: 'auth',
    summary: 'Change the password',
    description:
      'Needs the current password: a wrong one is 403 FORBIDDEN (the sign-in is fine; a client must not sign out over a typo), as is a password changed meanwhile by another request (rule AC15). Every other sign-in of the account ends and its reset links are spent; the one that asked stays signed in (rule AC6). Counts against the per-IP sign-in limit.',
    bearerAuth: true,
    body: { schema: 'ChangePasswordRequest', required: true },
    responses: { 204: { description: 'Changed; every other sign-in has ended' } },
    errors: [...WITH_BODY, 'UNAUTHENTICATED', 'FORBIDDEN', ...ALWAYS],
  },
  {
    method: 'post',
    path: '/api/auth/logout-all',
    operationId: 'logoutEverywhere',
    tag: 'auth',
    summary: 'Sign out everywhere: end every sign-in of the account, this one included',
    description: 'On every instance; the live sockets of every sign-in close, and the refresh cookie is cleared (rule AC7).',
    bearerAuth: true,
    body: { schema: 'EmptyBody', required: false },
    responses: { 204: { description: 'Every sign-in has ended', refreshCookie: 'cleared' } },
    errors: [...WITH_BODY, 'UNAUTHENTICATED', ...ALWAYS],
  },
  {
    method: 'get',
    path: '/api/account',
    operationId: 'getAccount',
    tag: 'auth',
    summary: 'The signed-in account: its address and whether it is verified',
    bearerAuth: true,
    responses: { 200: { description: 'The account', schema: 'AccountView' } },
    errors: ['UNAUTHENTICATED', ...ALWAYS],
  },
  {
    method: 'delete',
    path: '/api/account',
    operationId: 'deleteAccount',
    tag: 'auth',
    summary: 'Delete the account and everything of it, for good',
    description:
      'Needs the password again (403 FORBIDDEN when wrong; counts against the per-IP sign-in limit). Every sign-in ends, then every task, list, token, push subscription and reminder delivery of the account is removed, the account too, and its sockets close; the refresh cookie is cleared (rules AC8, AC17). The address may sign up again, as a new, empty account.',
    bearerAuth: true,
    body: { schema: 'DeleteAccountRequest', required: true },
    responses: { 204: { description: 'Deleted', refreshCookie: 'cleared' } },
    errors: [...WITH_BODY, 'UNAUTHENTICATED', 'FORBIDDEN', ...ALWAYS],
  },
  {
    method: 'get',
    path: '/api/tasks',
    operationId: 'listTasks',
    tag: 'tasks',
    summary: 'List tasks, newest createdAt first, or a view: Today or Upcoming',
    description:
      'Tombstones are hidden. `q` searches word prefixes in title and description; `listId` keeps the tasks of one list; `assignee=me` keeps the tasks assigned to the caller, their own and those of lists shared with them (rule AS5; `me` is the only value). Repeated query parameters are refused. `view=today` (due today or overdue) and `view=upcoming` (due today or in the next six days, grouped by day as `{ days: [{ date, tasks }], nextCursor }`) list open tasks in due order, computed in the IANA time zone `tz`, which they require (rules DM23, LR7).',
    bearerAuth: true,
    query: taskListQuerySchema,
    responses: { 200: { description: 'One page of tasks, or of Upcoming grouped by day', schema: 'TaskQueryPage' } },
    errors: ['INVALID_MESSAGE', 'UNAUTHENTICATED', ...ALWAYS],
  },
  {
    method: 'post',
    path: '/api/tasks',
    operationId: 'createTask',
    tag: 'tasks',
    summary: 'Create a task',
    description:
      "The server fills defaults and assigns `seq`; the write is broadcast as `changes` like a socket push. A task without `listId` goes to the Inbox; a `listId` the account has no live list of is refused with 400 (rule LR1). `due` is `{ date }` or `{ at, timeZone }`; the older `dueAt` is still accepted for one release and converted to a date (rule LR2). `recurrence` is a rule that repeats the task from its due (rule LR3); `checklist` is the list of items `{ id?, text, done? }` (rule LR5). With an `Idempotency-Key` (and no `id`), the task id is derived from the user and the key, so a retry of the same request (same key, same body) answers 201 with the task its first attempt created and the header `Idempotent-Replayed: true`; the same key with a different body, or after that task was changed or deleted, gets 409 CONFLICT (rule R10). `assignee` is a user's id or null: assigning anyone but the owner or an editor of the task's list (in the Inbox and an unshared list, anyone but yourself) is refused with 400 INVALID_ASSIGNEE (rule AS3).",
    bearerAuth: true,
    headers: idempotencyHeader,
    body: { schema: 'CreateTaskInput', required: true },
    responses: { 201: { description: 'The stored task (also the answer to a replayed Idempotency-Key)', schema: 'StoredTask' } },
    errors: [...WITH_BODY, 'UNAUTHENTICATED', 'UNSAFE_TEXT', 'INVALID_ASSIGNEE', 'CONFLICT', ...ALWAYS],
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
    description:
      '`completedAt` follows `status` unless given with `status: "done"`. `status: "done"` on a task whose recurrence is running completes the current occurrence: the task moves to its next one (rule LR4). `checklist` is the whole visible checklist in order; items left out are removed (rule LR5). With an `Idempotency-Key`, a retry of an edit that landed on this instance answers 200 with the task as it is and `Idempotent-Replayed: true`, and a retried completion completes its occurrence once (rule LR6). 409 when the task kept changing under five attempts, or for a key used with another edit. A changed `assignee` is checked as on create (400 INVALID_ASSIGNEE, rule AS3); one the task already has is not.',
    bearerAuth: true,
    pathParams: taskPath,
    headers: idempotencyHeader,
    body: { schema: 'PatchTaskInput', required: true },
    responses: { 200: { description: 'The stored task', schema: 'StoredTask' } },
    errors: [...WITH_BODY, 'UNAUTHENTICATED', 'NOT_FOUND', 'UNSAFE_TEXT', 'INVALID_ASSIGNEE', 'CONFLICT', ...ALWAYS],
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
    path: '/api/lists',
    operationId: 'listLists',
    tag: 'lists',
    summary: 'List the lists, in their manual order',
    description:
      'Tombstones are hidden, archived lists are listed. The first page always holds the Inbox: one that no device has stored yet comes first, as its default document with `seq` 0, besides `limit` lists (rule LR8).',
    bearerAuth: true,
    query: listListQuerySchema,
    responses: { 200: { description: 'One page of lists', schema: 'ListPage' } },
    errors: ['INVALID_MESSAGE', 'UNAUTHENTICATED', ...ALWAYS],
  },
  {
    method: 'post',
    path: '/api/lists',
    operationId: 'createList',
    tag: 'lists',
    summary: 'Create a list',
    description: `The server fills defaults (grey, after the last list) and assigns \`seq\`; the write is broadcast as \`changes\` of the \`lists\` collection. An account holds at most ${LIST_LIMITS.maxLiveLists} lists besides the Inbox, archived ones included; one more is 409 LIST_LIMIT (rules LR12, RJ2). A name holding a control or bidi character is 400 UNSAFE_TEXT (rule UC2). The id \`inbox\` exists already. With an \`Idempotency-Key\` (and no \`id\`) a retry of the same request answers 201 with the list its first attempt created and \`Idempotent-Replayed: true\` (rule LR9).`,
    bearerAuth: true,
    headers: idempotencyHeader,
    body: { schema: 'CreateListInput', required: true },
    responses: { 201: { description: 'The stored list (also the answer to a replayed Idempotency-Key)', schema: 'StoredTaskList' } },
    errors: [...WITH_BODY, 'UNAUTHENTICATED', 'UNSAFE_TEXT', 'CONFLICT', 'LIST_LIMIT', ...ALWAYS],
  },
  {
    method: 'get',
    path: '/api/lists/{id}',
    operationId: 'getList',
    tag: 'lists',
    summary: 'Read one list',
    description:
      'The Inbox always exists (its default document with `seq` 0 until one is stored). A tombstone and another user\'s list are both "not found".',
    bearerAuth: true,
    pathParams: listPath,
    responses: { 200: { description: 'The list', schema: 'StoredTaskList' } },
    errors: ['INVALID_MESSAGE', 'UNAUTHENTICATED', 'NOT_FOUND', ...ALWAYS],
  },
  {
    method: 'patch',
    path: '/api/lists/{id}',
    operationId: 'patchList',
    tag: 'lists',
    summary: 'Rename, recolour, reorder or archive a list',
    description:
      'The Inbox can be renamed and recoloured but not archived (400, rule LR10). 409 when the list kept changing under five attempts.',
    bearerAuth: true,
    pathParams: listPath,
    body: { schema: 'PatchListInput', required: true },
    responses: { 200: { description: 'The stored list', schema: 'StoredTaskList' } },
    errors: [...WITH_BODY, 'UNAUTHENTICATED', 'NOT_FOUND', 'UNSAFE_TEXT', 'CONFLICT', ...ALWAYS],
  },
  {
    method: 'delete',
    path: '/api/lists/{id}',
    operationId: 'deleteList',
    tag: 'lists',
    summary: 'Delete a list, first moving its tasks to the Inbox or deleting them',
    description:
      "`tasks` is required: `move-to-inbox` or `delete`. The list's tasks are moved or deleted as ordinary task writes, then the list becomes a tombstone that syncs. The Inbox cannot be deleted (400, rule LR11).",
    bearerAuth: true,
    pathParams: listPath,
    query: deleteListQuerySchema,
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
      'JSON: `{ format: "tasklane-export", version: 2, exportedAt, lists, tasks }`, every live list and task once with every field as stored, lists first, tombstones excluded (rules EX1, LR13). `format=csv`: the tasks, with their list by name, RFC 4180 with a header row, UTF-8 with a byte order mark, every field quoted, and a cell starting with `=`, `+`, `-`, `@`, tab, CR or NUL, or holding one after a `,`, `;`, tab or line break, gets a `\'` before it against formula injection (rules EX2, EX3). At most two exports per user run at a time (429, rule EX9). Streamed: a failure after the answer began breaks the connection instead of ending the body.',
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
    description: `Every list and task is validated before anything is written; any fault refuses the whole request (rule EX4). A file of version 1 is still read, its tasks upgraded (rule LR13). Lists are imported first, like tasks, and an import that would pass the cap of lists is 409 LIST_LIMIT (rule LR12); a document that would bring in a control or bidi character is 400 UNSAFE_TEXT (rule UC5). A task the account lacks is created; one it holds is merged with the stored one as a device merges a conflict without a base, the later \`updatedAt\` winning each differing field, and written only when that changes it; so importing the same file again changes nothing (rules EX5, EX6). Imported timestamps are clamped to no later than the file's \`exportedAt\` and the server's clock, a file dated more than 5 minutes ahead is refused, and a task deleted in the account stays deleted (rule EX11). At most one import per user runs at a time (429, rule EX9). At most ${IMPORT_LIMITS.maxTasks} documents (lists and tasks) and ${IMPORT_LIMITS.maxBodyBytes / 1024 / 1024} MiB per request: send a larger export in pages (rule EX7). 409 when imported tasks kept changing under five merges.`,
    bearerAuth: true,
    body: { schema: 'ImportDocument', required: true },
    responses: { 200: { description: 'How many lists and tasks were created, updated, or already as imported', schema: 'ImportResult' } },
    errors: [...WITH_BODY, 'UNSAFE_TEXT', 'UNAUTHENTICATED', 'CONFLICT', 'LIST_LIMIT', ...ALWAYS],
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
  {
    method: 'get',
    path: '/api/push-config',
    operationId: 'getPushConfig',
    tag: 'reminders',
    summary: 'The VAPID public key to subscribe with, or null when this server sends no reminders',
    description: 'Null in production without VAPID keys (rule NT6): the app says that this server does not send reminders.',
    responses: { 200: { description: 'The key, or null', schema: 'PushConfig' } },
    // Neither rate-limited nor reaching the store: it answers from memory.
    errors: [],
  },
  {
    method: 'post',
    path: '/api/push-subscriptions',
    operationId: 'registerPushSubscription',
    tag: 'reminders',
    summary: "Register this browser's push subscription (its `PushSubscription.toJSON()`)",
    description:
      'Idempotent by endpoint; an endpoint registered by another user moves to this one when the keys are the same, else 409 CONFLICT. The endpoint must be https:, at most 1,000 characters; in production on a known push-service host (PUSH_ENDPOINT_HOSTS), port 443, not on a private, loopback or link-local address; p256dh a point on P-256 (rules NT1, NT3, NT4, NT17, NT18, NT19).',
    bearerAuth: true,
    body: { schema: 'PushSubscription', required: true },
    responses: { 201: { description: 'Registered', schema: 'PushSubscriptionRegistered' } },
    errors: [...WITH_BODY, 'UNAUTHENTICATED', 'CONFLICT', 'PUSH_UNAVAILABLE', ...ALWAYS],
  },
  {
    method: 'delete',
    path: '/api/push-subscriptions',
    operationId: 'removePushSubscription',
    tag: 'reminders',
    summary: 'Remove a push subscription of this user (sign-out, unsubscribe)',
    description: 'Also 204 when the user holds no such subscription (rule NT2).',
    bearerAuth: true,
    body: { schema: 'PushUnsubscribe', required: true },
    responses: { 204: { description: 'Removed, or not there' } },
    errors: [...WITH_BODY, 'UNAUTHENTICATED', ...ALWAYS],
  },
  {
    method: 'post',
    path: '/api/reminder-actions',
    operationId: 'applyReminderAction',
    tag: 'reminders',
    summary: "Apply a notification's Done or Snooze with its action token",
    description:
      'No access token: the action token from the push payload authorises this action on that occurrence of that task. Done completes that occurrence once; Snooze sets the reminder `snooze` 10 minutes ahead (rule NT15).',
    body: { schema: 'ReminderAction', required: true },
    responses: { 204: { description: 'Applied (or already applied)' } },
    errors: [...WITH_BODY, 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', ...ALWAYS],
  },
  ...SHARING_OPERATIONS,
];
