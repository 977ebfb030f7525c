import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import type { ListPushOutcome, PushOutcome, Store } from '../store';
import type { EmbeddedStoreConfig, EmbeddedStoreHooks } from '../sqlite/embedded-store';
import { createFaultHookRunner, createFaultSignal, type FaultHookRunner } from './fault-hook-bridge';
import { deserializeError, type SerializedError } from './serialized-error';
import type { ForwardedMethod, StoreWorkerData, StoreWorkerMessage, StoreWorkerRequest } from './store-worker-messages';

/** The thread entry's bundle, next to the server's (an entry of sync-server/webpack.config.cjs). */
const BUNDLED_ENTRY = 'store-worker.js';

export type WorkerStoreOptions = Pick<EmbeddedStoreHooks, 'onStartUpLockRetry' | 'faults'> & {
  /** The thread entry; defaults to the bundled one beside this bundle (tests run the TypeScript source instead). */
  entry?: string;
  /** Test-only: a module whose `onConnectionOpen(db)` export runs in the worker on the open connection. */
  connectionHookModule?: string;
  /** Told once when the worker stops without `close()`: from then on every call fails with UNAVAILABLE. */
  onCrash?: (error: ProtocolError) => void;
};

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };

/**
 * [WT1] The embedded SQLite store in a worker thread: this proxy forwards each call with a request id,
 * so decoding, validation and broadcasting on the event loop overlap with SQLite's writes on another
 * core. Resolves once the worker has opened the database; rejects with the worker's own error when it
 * cannot ([WT4], [ST1] included).
 */
export function openWorkerStore(config: EmbeddedStoreConfig, options: WorkerStoreOptions = {}): Promise<Store> {
  const signal = options.faults ? createFaultSignal() : undefined;
  const faultHooks: FaultHookRunner | undefined = signal && options.faults ? createFaultHookRunner(signal, options.faults) : undefined;
  const workerData: StoreWorkerData = {
    config,
    reportStartUpLockRetries: options.onStartUpLockRetry !== undefined,
    ...(options.connectionHookModule ? { connectionHookModule: options.connectionHookModule } : {}),
    ...(signal
      ? {
          faults: {
            signal,
            ...(options.faults?.intentsBeforeFault === undefined ? {} : { intentsBeforeFault: options.faults.intentsBeforeFault }),
          },
        }
      : {}),
  };
  const worker = new Worker(options.entry ?? path.join(__dirname, BUNDLED_ENTRY), { workerData });
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let outbox: StoreWorkerRequest[] = [];
  let state: 'opening' | 'open' | 'closing' | 'closed' | 'crashed' = 'opening';
  let failure: ProtocolError | undefined;
  let closed: Promise<void> | undefined;
  const toError = (serialized: SerializedError): Error => {
    const error = deserializeError(serialized, (id) => faultHooks?.take(id) ?? new Error(`fault hook error ${id} is unknown`));
    return error instanceof Error ? error : new Error(String(error));
  };

  return new Promise<Store>((resolveOpen, rejectOpen: (error: Error) => void) => {
    function crashed(cause: Error): void {
      if (state === 'crashed' || state === 'closed') return;
      const wasOpen = state === 'open' || state === 'closing';
      state = 'crashed';
      failure = new ProtocolError('UNAVAILABLE', 'the store worker thread stopped; the server must be restarted', {
        retryAfterMs: 1000,
        cause,
      });
      for (const request of pending.values()) request.reject(failure);
      pending.clear();
      if (wasOpen) options.onCrash?.(failure);
      else rejectOpen(cause);
    }

    function call(method: ForwardedMethod | 'close', args: unknown[] = []): Promise<unknown> {
      if (failure) return Promise.reject(failure);
      if (state === 'closed' || (state === 'closing' && method !== 'close')) return Promise.reject(new Error('the store is closed'));
      const id = nextId++;
      const request: StoreWorkerRequest = method === 'close' ? { type: 'close', id } : { type: 'call', id, method, args };
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        outbox.push(request);
        if (outbox.length === 1) setImmediate(sendOutbox);
      });
    }

    /**
     * Calls go in one message per event-loop turn, as the in-thread store gathers a turn's pushes for
     * one group commit: pushes that arrive together reach the worker together and share a transaction.
     */
    function sendOutbox(): void {
      const requests = outbox;
      outbox = [];
      if (failure) return;
      try {
        worker.postMessage(requests);
      } catch {
        // Something could not be cloned: only its own call fails.
        for (const request of requests) {
          try {
            worker.postMessage([request]);
          } catch (error) {
            pending.get(request.id)?.reject(error instanceof Error ? error : new Error(String(error)));
            pending.delete(request.id);
          }
        }
      }
    }

    function handle(message: StoreWorkerMessage): void {
      switch (message.type) {
        case 'result':
        case 'failure': {
          const request = pending.get(message.id);
          pending.delete(message.id);
          if (message.type === 'result') request?.resolve(message.value);
          else request?.reject(toError(message.error));
          return;
        }
        case 'fault':
          faultHooks?.run(message.point, message.context);
          return;
        case 'start-up-lock-retry':
          options.onStartUpLockRetry?.({ attempt: message.attempt, retryInMs: message.retryInMs, error: toError(message.error) });
          return;
        case 'open-failed':
          state = 'closed';
          rejectOpen(toError(message.error));
          void worker.terminate();
          return;
        case 'ready':
          state = 'open';
          resolveOpen(proxy(message.generation));
          return;
      }
    }

    worker.on('message', (messages: StoreWorkerMessage[]) => messages.forEach(handle));
    worker.on('error', crashed);
    worker.on('exit', (code) => crashed(new Error(`the store worker thread exited with code ${code}`)));

    const forward =
      <Args extends unknown[], Result>(method: ForwardedMethod) =>
      (...args: Args) =>
        call(method, args) as Promise<Result>;

    function proxy(generation: string): Store {
      return {
        pullChanges: forward('pullChanges'),
        highestSeq: forward('highestSeq'),
        generation: () => Promise.resolve(generation),
        async applyPush(userId, rows) {
          const outcome = (await call('applyPush', [userId, rows])) as PushOutcome;
          await options.faults?.reached('before-ack', { userId, applied: outcome.written.length, of: rows.length });
          return outcome;
        },
        getTask: forward('getTask'),
        getTasks: forward('getTasks'),
        listTasks: forward('listTasks'),
        pullListChanges: forward('pullListChanges'),
        async applyListPush(userId, rows, limits) {
          const outcome = (await call('applyListPush', [userId, rows, limits])) as ListPushOutcome;
          await options.faults?.reached('before-ack', { userId, applied: outcome.written.length, of: rows.length });
          return outcome;
        },
        getList: forward('getList'),
        getLists: forward('getLists'),
        listLists: forward('listLists'),
        listAccess: forward('listAccess'),
        listMembers: forward('listMembers'),
        sharedLists: forward('sharedLists'),
        putMember: forward('putMember'),
        removeMember: forward('removeMember'),
        transferOwnership: forward('transferOwnership'),
        unshareAccount: forward('unshareAccount'),
        putInvitation: forward('putInvitation'),
        findInvitation: forward('findInvitation'),
        invitationsFor: forward('invitationsFor'),
        listInvitations: forward('listInvitations'),
        deleteInvitation: forward('deleteInvitation'),
        createUser: forward('createUser'),
        findUserByEmail: forward('findUserByEmail'),
        findUserById: forward('findUserById'),
        updatePasswordHash: forward('updatePasswordHash'),
        insertRefreshToken: forward('insertRefreshToken'),
        findRefreshToken: forward('findRefreshToken'),
        rotateRefreshToken: forward('rotateRefreshToken'),
        revokeRefreshTokenFamily: forward('revokeRefreshTokenFamily'),
        isRefreshFamilyActive: forward('isRefreshFamilyActive'),
        insertOneTimeToken: forward('insertOneTimeToken'),
        spendOneTimeToken: forward('spendOneTimeToken'),
        spendUserTokens: forward('spendUserTokens'),
        emailVerifiedAt: forward('emailVerifiedAt'),
        markEmailVerified: forward('markEmailVerified'),
        revokeUserSessions: forward('revokeUserSessions'),
        deleteAccount: forward('deleteAccount'),
        insertRefreshTokenIfCurrent: forward('insertRefreshTokenIfCurrent'),
        replacePasswordHash: forward('replacePasswordHash'),
        isSessionActive: forward('isSessionActive'),
        savePushSubscription: forward('savePushSubscription'),
        deletePushSubscription: forward('deletePushSubscription'),
        listPushSubscriptions: forward('listPushSubscriptions'),
        removePushSubscriptionById: forward('removePushSubscriptionById'),
        dueReminderTasks: forward('dueReminderTasks'),
        scheduleReminderFires: forward('scheduleReminderFires'),
        claimReminderDeliveries: forward('claimReminderDeliveries'),
        finishReminderDelivery: forward('finishReminderDelivery'),
        retryReminderDelivery: forward('retryReminderDelivery'),
        rejectionStreak: forward('rejectionStreak'),
        pruneReminderDeliveries: forward('pruneReminderDeliveries'),
        checkReady: forward('checkReady'),
        close() {
          closed ??= closeWorker();
          return closed;
        },
      };
    }

    /** The worker finishes every request sent before `close` (and its queued group commit), closes the database, then stops. */
    async function closeWorker(): Promise<void> {
      if (state === 'crashed') {
        await worker.terminate();
        return;
      }
      state = 'closing';
      try {
        await call('close');
      } finally {
        if (state === 'closing') state = 'closed';
        await worker.terminate();
      }
    }
  });
}
