import { z } from 'zod';
import { authResponseSchema, authResultSchema, refreshResponseSchema, tokenPairSchema } from '@tasklane/shared/domain/auth-responses';
import {
  changePasswordSchema,
  deleteAccountSchema,
  emptyBodySchema,
  passwordResetConfirmSchema,
  passwordResetRequestSchema,
  verifyEmailSchema,
} from '@tasklane/shared/domain/account-requests';
import { accountViewSchema } from '@tasklane/shared/domain/account-view';
import { credentialsSchema, refreshRequestSchema } from '@tasklane/shared/domain/credentials';
import { storedTaskSchema } from '@tasklane/shared/domain/task-schema';
import {
  createListInputSchema,
  createTaskInputSchema,
  patchListInputSchema,
  patchTaskInputSchema,
} from '@tasklane/shared/domain/task-input';
import { storedTaskListSchema } from '@tasklane/shared/domain/task-list-schema';
import {
  invitationInputSchema,
  invitationViewSchema,
  memberRoleInputSchema,
  memberViewSchema,
  ownerInputSchema,
  sharedListViewSchema,
} from '@tasklane/shared/domain/sharing-schema';
import { taskListPageSchema } from '@tasklane/shared/domain/task-list-page';
import { exportDocumentSchema, importDocumentSchema } from '@tasklane/shared/export/export-document';
import { importResultSchema } from '@tasklane/shared/export/import-result';
import { errorBodySchema } from '@tasklane/shared/protocol/error-body';
import { RETRYABLE_BY_CODE, type ErrorCode } from '@tasklane/shared/protocol/error-codes';
import { listPageSchema } from '../sync/list-commands';
import { upcomingPageSchema } from '../sync/task-views';
import { healthResponseSchema, readinessResponseSchema } from './health-responses';
import { pushSubscriptionSchema, pushUnsubscribeSchema } from '../push/push-subscription-schema';
import { pushConfigSchema, pushSubscriptionRegisteredSchema, reminderActionSchema } from '../push/reminder-action-schema';

/** What clients send: described as input, so fields with defaults are optional. */
export const OPENAPI_REQUEST_SCHEMAS = {
  Credentials: credentialsSchema,
  RefreshRequest: refreshRequestSchema,
  PasswordResetRequest: passwordResetRequestSchema,
  PasswordResetConfirm: passwordResetConfirmSchema,
  VerifyEmailRequest: verifyEmailSchema,
  ChangePasswordRequest: changePasswordSchema,
  DeleteAccountRequest: deleteAccountSchema,
  /** `POST /api/auth/logout-all` and `/api/auth/verify-email/resend`: `{}` or no body at all. */
  EmptyBody: emptyBodySchema,
  CreateTaskInput: createTaskInputSchema,
  PatchTaskInput: patchTaskInputSchema,
  CreateListInput: createListInputSchema,
  PatchListInput: patchListInputSchema,
  /** The body of `POST /api/import`: an export document of version 2 or 1, `seq` optional. */
  ImportDocument: importDocumentSchema,
  PushSubscription: pushSubscriptionSchema,
  PushUnsubscribe: pushUnsubscribeSchema,
  ReminderAction: reminderActionSchema,
  InvitationInput: invitationInputSchema,
  MemberRoleInput: memberRoleInputSchema,
  OwnerInput: ownerInputSchema,
};
export type RequestSchemaName = keyof typeof OPENAPI_REQUEST_SCHEMAS;

/** `NOT_FOUND` → `NotFoundError`. */
export function errorSchemaName(code: ErrorCode): string {
  const words = code.toLowerCase().split('_');
  return `${words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('')}Error`;
}

/** The REST error body of one code (`HTTP_STATUS_BY_CODE` gives its status; a status may have several codes). */
export function errorResponseSchemaFor(code: ErrorCode) {
  return z.strictObject({
    error: errorBodySchema.extend({ code: z.literal(code), retryable: z.literal(RETRYABLE_BY_CODE[code]) }),
  });
}

/** What the server answers: described as output. */
export const OPENAPI_RESPONSE_SCHEMAS = {
  StoredTask: storedTaskSchema,
  TaskListPage: taskListPageSchema,
  /** `GET /api/tasks?view=upcoming` ([LR7]). */
  UpcomingPage: upcomingPageSchema,
  /** `GET /api/tasks`: a page of tasks, or of `view=upcoming` grouped by day. */
  TaskQueryPage: z.union([taskListPageSchema, upcomingPageSchema]),
  StoredTaskList: storedTaskListSchema,
  ListPage: listPageSchema,
  AuthResult: authResultSchema,
  TokenPair: tokenPairSchema,
  AuthResponse: authResponseSchema,
  RefreshResponse: refreshResponseSchema,
  AccountView: accountViewSchema,
  HealthResponse: healthResponseSchema,
  ReadinessResponse: readinessResponseSchema,
  ExportDocument: exportDocumentSchema,
  ImportResult: importResultSchema,
  PushConfig: pushConfigSchema,
  PushSubscriptionRegistered: pushSubscriptionRegisteredSchema,
  InvitationView: invitationViewSchema,
  Invitations: z.strictObject({ invitations: z.array(invitationViewSchema) }),
  Members: z.strictObject({ members: z.array(memberViewSchema) }),
  SharedLists: z.strictObject({ lists: z.array(sharedListViewSchema) }),
};
export type ResponseSchemaName = keyof typeof OPENAPI_RESPONSE_SCHEMAS;
