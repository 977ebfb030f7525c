import { calendarDateProblem } from './calendar-date';
import { canonicalInstantProblem } from './canonical-instant';
import { CHECKLIST_LIMITS } from './checklist';
import { completionsAgainstTask, completionsProblem, type Completion } from './completions';
import { documentIdProblem } from './document-id';
import { inTimedDueRange, TIMED_DUE_RANGE_MESSAGE } from './due';
import { isoDateTimeProblem } from './iso-timestamp';
import { orderKeyProblem } from './order-key';
import type { ParseResult } from './parse-result';
import { checkRecurrenceRule } from './recurrence-check';
import { checkReminders } from './reminder-check';
import { MAX_OCCURRENCE, recurringFieldProblems, seriesEndsBeforeStart, type RecurrenceSeries } from './recurring-state';
import { TASK_KEYS, type Task } from './task';
import { TASK_LIMITS, TASK_PRIORITIES, TASK_STATUSES } from './task-fields';
import { tagsAreDistinct } from './task-tags';
import { userIdProblem } from './user-id';
import {
  checkArray,
  checkBoolean,
  checkInteger,
  checkNullable,
  checkObject,
  checkOneOf,
  checkString,
  isRecord,
  Problems,
  type Path,
} from './value-check';
import { timeZoneProblem } from './zoned-time';

/*
 * [ZF2] The task document's rules (`task-schema.ts` and the schemas it is made of) without zod, so the PWA can check
 * what it writes and what it imports without shipping zod ([B1]). The bounds, patterns, words and rules between fields
 * are the shared ones the schemas use; `task-check.test.ts` proves that both accept exactly the same documents.
 */

export const checkDocumentId = (value: unknown, path: Path, problems: Problems): boolean =>
  checkString(value, path, problems, { problem: documentIdProblem });
export const checkIsoDateTime = (value: unknown, path: Path, problems: Problems): boolean =>
  checkString(value, path, problems, { problem: isoDateTimeProblem });
const checkCanonicalInstant = (value: unknown, path: Path, problems: Problems): boolean =>
  checkString(value, path, problems, { problem: canonicalInstantProblem });
export const checkOrderKey = (value: unknown, path: Path, problems: Problems): boolean =>
  checkString(value, path, problems, { problem: orderKeyProblem });

const DUE_SHAPE = 'a due is { "date": "YYYY-MM-DD" } or { "at": <ISO-8601 instant>, "timeZone": <IANA zone> }';

/** [DM1] `{ date }` or `{ at, timeZone }`, nothing else (the shape is told by the keys, as `dueSchema`'s reasons are). */
export function checkDue(value: unknown, path: Path, problems: Problems): boolean {
  if (!isRecord(value) || !('date' in value || 'at' in value || 'timeZone' in value)) {
    problems.add(path, DUE_SHAPE);
    return false;
  }
  return problems.clean(() => {
    if ('date' in value) {
      checkObject(value, ['date'], path, problems);
      checkString(value.date, [...path, 'date'], problems, { problem: calendarDateProblem });
      return;
    }
    checkObject(value, ['at', 'timeZone'], path, problems);
    checkString(value.at, [...path, 'at'], problems, {
      problem: (at) => isoDateTimeProblem(at) ?? (inTimedDueRange(at) ? null : TIMED_DUE_RANGE_MESSAGE),
    });
    checkString(value.timeZone, [...path, 'timeZone'], problems, { problem: timeZoneProblem });
  });
}

function checkOccurrence(value: unknown, path: Path, problems: Problems): boolean {
  return checkInteger(value, path, problems, 0, MAX_OCCURRENCE);
}

/** [DM9] A series: a valid rule, a start, and a counter at the start; the rule must not end before it starts. */
function checkSeries(value: unknown, path: Path, problems: Problems): boolean {
  if (!checkObject(value, ['rule', 'start', 'startOccurrence'], path, problems)) {
    if (isRecord(value)) checkSeriesFields(value, path, problems);
    return false;
  }
  return problems.clean(() => {
    if (checkSeriesFields(value, path, problems) && seriesEndsBeforeStart(value as RecurrenceSeries)) {
      problems.add([...path, 'start'], 'the rule ends before the series starts');
    }
  });
}

function checkSeriesFields(value: Record<string, unknown>, path: Path, problems: Problems): boolean {
  return problems.clean(() => {
    checkRecurrenceRule(value.rule, [...path, 'rule'], problems);
    checkDue(value.start, [...path, 'start'], problems);
    checkOccurrence(value.startOccurrence, [...path, 'startOccurrence'], problems);
  });
}

const ITEM_KEYS = ['id', 'text', 'done', 'order', 'textAt', 'doneAt', 'orderAt'] as const;

/** [DM13] [DM15] A checklist item, or what is left of a removed one. */
function checkChecklistEntry(value: unknown, path: Path, problems: Problems): boolean {
  if (!isRecord(value)) return checkObject(value, ITEM_KEYS, path, problems);
  return problems.clean(() => {
    checkDocumentId(value.id, [...path, 'id'], problems);
    if ('removedAt' in value) {
      checkObject(value, ['id', 'removedAt'], path, problems);
      checkCanonicalInstant(value.removedAt, [...path, 'removedAt'], problems);
      return;
    }
    checkObject(value, ITEM_KEYS, path, problems);
    checkString(value.text, [...path, 'text'], problems, { min: 1, max: CHECKLIST_LIMITS.textMaxLength });
    checkBoolean(value.done, [...path, 'done'], problems);
    checkOrderKey(value.order, [...path, 'order'], problems);
    for (const clock of ['textAt', 'doneAt', 'orderAt'] as const) checkCanonicalInstant(value[clock], [...path, clock], problems);
  });
}

/** [DM13] Live and removed items, each id once. */
function checkChecklist(value: unknown, path: Path, problems: Problems): boolean {
  const entries = (entry: unknown, entryPath: Path) => checkChecklistEntry(entry, entryPath, problems);
  if (!checkArray(value, path, problems, CHECKLIST_LIMITS.maxEntries, entries)) return false;
  const ids = value.map((entry) => (entry as { id: string }).id);
  if (new Set(ids).size === ids.length) return true;
  problems.add(path, 'item ids must be unique');
  return false;
}

const COMPLETION_KEYS = ['occurrence', 'at'] as const;

/** [IN2] `{ occurrence, at }` entries, ascending by occurrence, each once, at most `COMPLETIONS_MAX`. */
function checkCompletions(value: unknown, path: Path, problems: Problems): boolean {
  const entry = (item: unknown, itemPath: Path) =>
    checkObject(item, COMPLETION_KEYS, itemPath, problems) &&
    checkInteger(item.occurrence, [...itemPath, 'occurrence'], problems, 0, MAX_OCCURRENCE) &&
    checkCanonicalInstant(item.at, [...itemPath, 'at'], problems);
  if (!checkArray(value, path, problems, Number.MAX_SAFE_INTEGER, entry)) return false;
  const problem = completionsProblem(value as Completion[]);
  if (problem === null) return true;
  problems.add(path, problem);
  return false;
}

/** [D5] A set of tags: each 1–40 characters, at most 20, no two the same once canonical. */
function checkTags(value: unknown, path: Path, problems: Problems): boolean {
  const tag = (item: unknown, itemPath: Path) => checkString(item, itemPath, problems, { min: 1, max: TASK_LIMITS.tagMaxLength });
  if (!checkArray(value, path, problems, TASK_LIMITS.tagsMaxCount, tag)) return false;
  if (tagsAreDistinct(value as string[])) return true;
  problems.add(path, 'tags must be unique');
  return false;
}

/** Which variant of the task document: as pushed (`taskSchema`), as stored (`storedTaskSchema`), or in an export (never deleted). */
export type TaskVariant = 'task' | 'stored' | 'exported';

export const TASK_FIELD_CHECKS: Record<
  Exclude<(typeof TASK_KEYS)[number], '_deleted' | 'seq'>,
  (value: unknown, path: Path, problems: Problems) => boolean
> = {
  id: checkDocumentId,
  title: (value, path, problems) => checkString(value, path, problems, { min: 1, max: TASK_LIMITS.titleMaxLength }),
  description: (value, path, problems) => checkString(value, path, problems, { max: TASK_LIMITS.descriptionMaxLength }),
  status: (value, path, problems) => checkOneOf(value, TASK_STATUSES, path, problems),
  priority: (value, path, problems) => checkOneOf(value, TASK_PRIORITIES, path, problems),
  listId: checkDocumentId,
  assignee: (value, path, problems) => checkNullable(value, () => checkString(value, path, problems, { problem: userIdProblem })),
  due: (value, path, problems) => checkNullable(value, () => checkDue(value, path, problems)),
  recurrence: (value, path, problems) => checkNullable(value, () => checkSeries(value, path, problems)),
  recurrenceEditedAt: (value, path, problems) => checkNullable(value, () => checkCanonicalInstant(value, path, problems)),
  occurrence: checkOccurrence,
  completions: checkCompletions,
  checklist: checkChecklist,
  reminders: checkReminders,
  order: (value, path, problems) => checkNullable(value, () => checkOrderKey(value, path, problems)),
  tags: checkTags,
  createdAt: checkIsoDateTime,
  updatedAt: checkIsoDateTime,
  completedAt: (value, path, problems) => checkNullable(value, () => checkIsoDateTime(value, path, problems)),
};

const FIELD_CHECKS = Object.entries(TASK_FIELD_CHECKS);

/** `seq`: optional on input, always there once stored. */
export function checkSeq(value: unknown, path: Path, problems: Problems, required: boolean): boolean {
  return (!required && value === undefined) || checkInteger(value, path, problems, 0, Number.MAX_SAFE_INTEGER);
}

/** `_deleted`: a flag, or in an export always `false` ([EX1]). */
export function checkDeleted(value: unknown, path: Path, problems: Problems, exported: boolean, what: string): boolean {
  if (!exported) return checkBoolean(value, path, problems);
  if (value === false) return true;
  problems.add(path, `an export holds no deleted ${what}`);
  return false;
}

/** [ZF2] The task document (version 2), as `taskSchema`, `storedTaskSchema` or `exportedTaskSchema` check it. */
export function checkTask(value: unknown, path: Path, problems: Problems, variant: TaskVariant = 'task'): value is Task {
  if (!isRecord(value)) return checkObject(value, TASK_KEYS, path, problems);
  return problems.clean(() => {
    const fieldsValid = problems.clean(() => {
      checkObject(value, TASK_KEYS, path, problems);
      for (const [field, check] of FIELD_CHECKS) check(value[field], [...path, field], problems);
      checkDeleted(value._deleted, [...path, '_deleted'], problems, variant === 'exported', 'tasks');
      checkSeq(value.seq, [...path, 'seq'], problems, variant === 'stored');
    });
    if (!fieldsValid) return;
    for (const problem of recurringFieldProblems(value as Task)) problems.add([...path, problem.path], problem.message);
    const completions = completionsAgainstTask(value as Task);
    if (completions) problems.add([...path, 'completions'], completions);
  });
}

/** [CM8] [ZF2] `parseWithReasons(taskSchema, input)` without zod. */
export function checkedTask(input: unknown, variant: TaskVariant = 'task'): ParseResult<Task> {
  const problems = new Problems();
  return checkTask(input, [], problems, variant) ? { ok: true, value: input } : { ok: false, reasons: problems.reasons };
}
