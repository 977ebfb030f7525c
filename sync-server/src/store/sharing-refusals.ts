import type { StoredTask } from '@tasklane/shared/domain/task';
import type { StoredTaskList } from '@tasklane/shared/domain/task-list';
import { SHARING_LIMITS } from '@tasklane/shared/domain/list-sharing';
import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import type { FanOut } from './sharing-store';

/**
 * [SH11] The user holds tasks of their own that name this list's id (imported from another account, or written before
 * they could see it): joining would show them in the list on their devices while its other members never see them.
 */
export function ownTasksInList(): ProtocolError {
  return new ProtocolError(
    'CONFLICT',
    'this account holds tasks of its own in a list with the same id (imported, or written before it was shared); move them to another list first',
  );
}

/** [SH9] A list this large gains no member and changes no owner: each costs a write per task. */
export function tooManyTasks(): ProtocolError {
  return new ProtocolError(
    'CONFLICT',
    `this list holds more than ${SHARING_LIMITS.maxSharedListTasks} tasks (deleted ones count): move some to another list first`,
  );
}

/** [SH11] Joining would give the user two documents with one id: refused, nothing changes. */
export function clash(): ProtocolError {
  return new ProtocolError(
    'CONFLICT',
    'a list or task of this list has the same id as one this account already holds; the owner may move those tasks to a new list',
  );
}

/** [SH6] What a push delivers to users other than the pusher, per user, in one collection. */
export function fanOutOf<Stored>(kind: 't' | 'l', others: Map<string, Stored[]>): FanOut | undefined {
  if (others.size === 0) return undefined;
  return [...others].map(([to, documents]) =>
    kind === 't'
      ? { userId: to, tasks: documents as unknown as StoredTask[], lists: [] }
      : { userId: to, tasks: [], lists: documents as unknown as StoredTaskList[] },
  );
}
