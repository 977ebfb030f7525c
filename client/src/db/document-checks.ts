import type { Task } from '@tasklane/shared/domain/task';
import { checkedTask as taskCheck } from '@tasklane/shared/domain/task-check';
import type { TaskList } from '@tasklane/shared/domain/task-list';
import { checkedTaskList } from '@tasklane/shared/domain/task-list-check';
import type { RecurrenceRule } from '@tasklane/shared/domain/recurrence';
import { checkedRecurrenceRule } from '@tasklane/shared/domain/recurrence-check';

/** A local write refused before it reaches the database: the reasons name each field. */
export class InvalidDocumentError extends Error {
  constructor(
    readonly kind: 'task' | 'list',
    readonly reasons: string[],
  ) {
    super(`invalid ${kind}: ${reasons.join('; ')}`);
    this.name = 'InvalidDocumentError';
  }
}

/**
 * [CM8] Every document the repositories write is checked first, by the rules of the shared schema (`taskSchema`,
 * `taskListSchema`), as the server checks a push: one invalid stored document would make every push that carries it
 * `INVALID_MESSAGE`, and nothing of those pushes would ever be written. The checks are shared's zod-free ones
 * (`task-check.ts`, `task-list-check.ts`, proven to accept exactly what the schemas accept, [ZF2]): zod stays out of
 * the bundle ([B1]).
 */
export function checkedTask(task: Task): Task {
  const result = taskCheck(task);
  if (!result.ok) throw new InvalidDocumentError('task', result.reasons);
  return task;
}

/** [DM5] A recurrence rule from the editor, checked before a series is made of it. */
export function checkedRule(rule: RecurrenceRule): RecurrenceRule {
  const parsed = checkedRecurrenceRule(rule);
  if (!parsed.ok)
    throw new InvalidDocumentError(
      'task',
      parsed.reasons.map((reason) => `recurrence.rule.${reason}`),
    );
  return parsed.value;
}

export function checkedList(list: TaskList): TaskList {
  const result = checkedTaskList(list);
  if (!result.ok) throw new InvalidDocumentError('list', result.reasons);
  return list;
}
