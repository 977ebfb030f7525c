import type { EmbeddedStoreConfig } from '../sqlite/embedded-store';
import type { Store } from '../store';
import type { StoreFaultContext, StoreFaultPoint } from '../store-faults';
import type { SerializedError } from './serialized-error';

/** The Store methods the worker answers; `generation` is known from `ready`, `close` has its own message. */
export const FORWARDED_METHODS = [
  'pullChanges',
  'highestSeq',
  'applyPush',
  'getTask',
  'getTasks',
  'listTasks',
  'pullListChanges',
  'applyListPush',
  'getList',
  'getLists',
  'listLists',
  'listAccess',
  'listMembers',
  'sharedLists',
  'putMember',
  'removeMember',
  'transferOwnership',
  'unshareAccount',
  'putInvitation',
  'findInvitation',
  'invitationsFor',
  'listInvitations',
  'deleteInvitation',
  'createUser',
  'findUserByEmail',
  'findUserById',
  'updatePasswordHash',
  'insertRefreshToken',
  'findRefreshToken',
  'rotateRefreshToken',
  'revokeRefreshTokenFamily',
  'isRefreshFamilyActive',
  'insertOneTimeToken',
  'spendOneTimeToken',
  'spendUserTokens',
  'emailVerifiedAt',
  'markEmailVerified',
  'revokeUserSessions',
  'deleteAccount',
  'insertRefreshTokenIfCurrent',
  'replacePasswordHash',
  'isSessionActive',
  'savePushSubscription',
  'deletePushSubscription',
  'listPushSubscriptions',
  'removePushSubscriptionById',
  'dueReminderTasks',
  'scheduleReminderFires',
  'claimReminderDeliveries',
  'finishReminderDelivery',
  'retryReminderDelivery',
  'rejectionStreak',
  'pruneReminderDeliveries',
  'checkReady',
] as const satisfies readonly Exclude<keyof Store, 'generation' | 'close'>[];
export type ForwardedMethod = (typeof FORWARDED_METHODS)[number];

export type StoreWorkerData = {
  config: EmbeddedStoreConfig;
  /** Report every [ST1] start-up lock retry to the main thread (which logs it). */
  reportStartUpLockRetries: boolean;
  /** Test-only: a module whose `onConnectionOpen(db)` export runs in the worker on the open connection. */
  connectionHookModule?: string;
  /** Test-only fault hooks, run on the main thread (fault-hook-bridge.ts). */
  faults?: { signal: SharedArrayBuffer; intentsBeforeFault?: number };
};

/** Main thread → worker, in order, an array per message; the worker answers every request with its `id`. */
export type StoreWorkerRequest = { type: 'call'; id: number; method: ForwardedMethod; args: unknown[] } | { type: 'close'; id: number };

/** Worker → main thread, an array per message. */
export type StoreWorkerMessage =
  | { type: 'ready'; generation: string }
  | { type: 'open-failed'; error: SerializedError }
  | { type: 'result'; id: number; value: unknown }
  | { type: 'failure'; id: number; error: SerializedError }
  | { type: 'start-up-lock-retry'; attempt: number; retryInMs: number; error: SerializedError }
  | { type: 'fault'; point: StoreFaultPoint; context: StoreFaultContext };
