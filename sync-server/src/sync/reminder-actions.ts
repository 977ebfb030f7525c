import { snoozeApplies, snoozedReminders } from '@tasklane/shared/domain/snooze';
import type { StoredTask, Task } from '@tasklane/shared/domain/task';
import { taskSchema } from '@tasklane/shared/domain/task-schema';
import { newTaskId } from '@tasklane/shared/domain/task-id';
import { parseMessage } from '@tasklane/shared/protocol/parse-message';
import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import type { Store } from '../store/store';
import { canonicalTaskState } from './canonical-task';
import { throwIfRefused } from './refused-rows';
import { patchedTask } from './rest-task-edits';
import type { SyncService } from './sync-service';

export const REMINDER_ACTIONS = ['done', 'snooze'] as const;
export type ReminderAction = (typeof REMINDER_ACTIONS)[number];

/**
 * [NT15] What an action token allows: these actions on one occurrence of one task of one user, while the user's
 * password is the one it was issued under (`credential`, a keyed fingerprint of the password hash, [NT25]).
 */
export type ActionClaims = { userId: string; taskId: string; occurrence: number; actions: ReminderAction[]; credential: string };

const MAX_WRITE_ATTEMPTS = 5;

export type ReminderActions = {
  /** Applies a notification's action; a repeat of one that landed changes nothing. */
  apply(claims: ActionClaims, action: ReminderAction): Promise<void>;
};

/** [NT15] Done and Snooze from a notification, written through the same push path as sync and REST (so they broadcast). */
export function createReminderActions(deps: {
  store: Store;
  sync: SyncService;
  /** [NT25] The credential fingerprint of a password hash, as the action tokens carry it. */
  credentialOf: (passwordHash: string) => string;
  now?: () => string;
}): ReminderActions {
  const now = deps.now ?? (() => new Date().toISOString());

  /** Done, pinned to the token's occurrence as REST's completion is ([LR15]): once that occurrence is complete, nothing more. */
  function done(current: StoredTask, claims: ActionClaims): Task | null {
    if (current.occurrence !== claims.occurrence) return null;
    if (current.recurrence === null && current.status === 'done') return null;
    return patchedTask(current, { status: 'done' }, now(), { newItemId: () => newTaskId() });
  }

  /**
   * [NT24] Snooze, pinned like Done: on another occurrence than the token's, or on a completed task, it changes nothing
   * (it would remind of something already handled). It moves the `snooze` reminder; when there is none and the task holds
   * as many reminders as one edit may set, it takes the place of the one that fires (or fired) first.
   */
  function snooze(current: StoredTask, claims: ActionClaims): Task | null {
    if (!snoozeApplies(current, claims.occurrence)) return null;
    const { seq: _seq, ...stored } = current;
    const at = now();
    return { ...stored, reminders: snoozedReminders(current, Date.parse(at)), updatedAt: at };
  }

  /** [NT25] A token issued before the password last changed (a reset, a change) is refused, as is one of a deleted account. */
  async function checkCredential(claims: ActionClaims): Promise<void> {
    const user = await deps.store.findUserById(claims.userId);
    if (!user || deps.credentialOf(user.passwordHash) !== claims.credential) {
      throw new ProtocolError('UNAUTHENTICATED', 'action token is no longer valid (the password changed); open the app');
    }
  }

  return {
    async apply(claims, action) {
      if (!claims.actions.includes(action)) throw new ProtocolError('FORBIDDEN', `this token does not allow "${action}"`);
      await checkCredential(claims);
      for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt += 1) {
        const current = await deps.store.getTask(claims.userId, claims.taskId);
        if (!current || current._deleted) throw new ProtocolError('NOT_FOUND', `no task with id "${claims.taskId}"`);
        const changed = action === 'done' ? done(current, claims) : snooze(current, claims);
        if (changed === null) return;
        const next = parseMessage(taskSchema, canonicalTaskState(changed), 'task');
        const outcome = await deps.sync.push(claims.userId, { rows: [{ newDocumentState: next, assumedMasterState: current }] });
        // [AS6] an assignee made a viewer since the reminder was sent may no longer change the task: 403, not a silent 204
        throwIfRefused(outcome);
        if (outcome.conflicts.length === 0) return;
      }
      throw new ProtocolError('CONFLICT', `task "${claims.taskId}" kept changing; try again`);
    },
  };
}
