import { TASK_LIST_EDITABLE_FIELDS, TASK_LIST_KEYS, type TaskList } from '../domain/task-list';
import { mergeThreeWayFields, sameValue } from './three-way-fields';

export type ListMergeInput = { local: TaskList; master: TaskList; base: TaskList | undefined };

/**
 * [DM21] The conflict handler of the list collection: the three-way rule of [M1], [M2] over name, colour, order,
 * archived and `_deleted` (a rename on one device and a colour change on another both survive); `id`, `inbox` and
 * `createdAt` are the master's. The result carries the master's revision. Pure and deterministic.
 */
export function mergeList({ local, master, base }: ListMergeInput): TaskList {
  const merged: TaskList = { ...master };
  mergeThreeWayFields({
    fields: TASK_LIST_EDITABLE_FIELDS,
    local,
    master,
    base,
    localIsNewer: Date.parse(local.updatedAt) > Date.parse(master.updatedAt),
    merged,
  });
  merged.updatedAt = Date.parse(local.updatedAt) > Date.parse(master.updatedAt) ? local.updatedAt : master.updatedAt;
  return merged;
}

/** Equality used by the list conflict handler: the server's `seq` is not part of a list's content. */
export function sameListContent(a: TaskList, b: TaskList): boolean {
  return TASK_LIST_KEYS.every((key) => key === 'seq' || sameValue(a[key], b[key]));
}
