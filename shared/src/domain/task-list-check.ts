import type { ParseResult } from './parse-result';
import { checkDeleted, checkDocumentId, checkIsoDateTime, checkOrderKey, checkSeq } from './task-check';
import { inboxProblems, LIST_COLOURS, TASK_LIST_KEYS, TASK_LIST_LIMITS, type TaskList } from './task-list';
import { checkBoolean, checkObject, checkOneOf, checkString, isRecord, Problems, type Path } from './value-check';

const NAME_RULES = {
  max: TASK_LIST_LIMITS.nameMaxLength,
  problem: (name: string) => (name.trim().length > 0 ? null : 'must not be empty'),
};

/**
 * [DM18] [ZF2] The list document as `taskListSchema`, `storedTaskListSchema` or `exportedListSchema` check it, without
 * zod (the PWA's own writes and its import); `task-list-check.test.ts` proves both accept the same documents.
 */
export function checkTaskList(
  value: unknown,
  path: Path,
  problems: Problems,
  variant: 'list' | 'stored' | 'exported' = 'list',
): value is TaskList {
  if (!isRecord(value)) return checkObject(value, TASK_LIST_KEYS, path, problems);
  return problems.clean(() => {
    const fieldsValid = problems.clean(() => {
      checkObject(value, TASK_LIST_KEYS, path, problems);
      checkDocumentId(value.id, [...path, 'id'], problems);
      checkString(value.name, [...path, 'name'], problems, NAME_RULES);
      checkOneOf(value.colour, LIST_COLOURS, [...path, 'colour'], problems);
      checkOrderKey(value.order, [...path, 'order'], problems);
      checkBoolean(value.archived, [...path, 'archived'], problems);
      checkBoolean(value.inbox, [...path, 'inbox'], problems);
      checkIsoDateTime(value.createdAt, [...path, 'createdAt'], problems);
      checkIsoDateTime(value.updatedAt, [...path, 'updatedAt'], problems);
      checkDeleted(value._deleted, [...path, '_deleted'], problems, variant === 'exported', 'lists');
      checkSeq(value.seq, [...path, 'seq'], problems, variant === 'stored');
    });
    if (!fieldsValid) return;
    for (const problem of inboxProblems(value as TaskList)) problems.add([...path, problem.path], problem.message);
  });
}

/** [CM8] [ZF2] `parseWithReasons(taskListSchema, input)` without zod. */
export function checkedTaskList(input: unknown): ParseResult<TaskList> {
  const problems = new Problems();
  return checkTaskList(input, [], problems) ? { ok: true, value: input } : { ok: false, reasons: problems.reasons };
}
