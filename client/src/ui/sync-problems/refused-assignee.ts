import type { Task } from '@tasklane/shared/domain/task';
import type { RefusedEdit } from '../../sync/sync-problems';
import type { ListNames } from './no-access';
import { restoreEdit, type EditTarget } from './refused-edit';
import { safeLine } from './safe-text';

/** How the device names a task's assignee ("me", an e-mail's local part, "Former member"), as the rows do. */
export type AssigneeNames = (task: Task) => string | null;

/** [SC7] A refusal of the assignee ([AS3]): the person may not edit the task's list (or no longer). */
export const isRefusedAssignee = (edit: RefusedEdit): boolean => edit.code === 'INVALID_ASSIGNEE';

/** [SC7] "bob can’t be assigned in “Groceries”": the person and the list of the refused edit, as the device knows them. */
export function refusedAssigneeText(edit: RefusedEdit, names: ListNames, assignees: AssigneeNames): string {
  const task = edit.document && 'listId' in edit.document ? edit.document : null;
  const who = task ? assignees(task) : null;
  const list = task ? names(task.listId) : undefined;
  const person = !who ? 'This person' : who === 'me' ? 'You' : who;
  return `${person} can’t be assigned in ${list ? `“${safeLine(list, 'a shared list')}”` : 'this list'}`;
}

/** [SC7] "Sync it unassigned": the refused edit written again without its assignee, pushed again and decided afresh. */
export async function unassignEdit(target: EditTarget, edit: RefusedEdit, at: string): Promise<void> {
  if (edit.document && 'listId' in edit.document)
    await restoreEdit(target, { ...edit, document: { ...edit.document, assignee: null } }, at);
}
