import type { Due } from '@tasklane/shared/domain/due';
import type { RecurrenceRule } from '@tasklane/shared/domain/recurrence';
import type { Reminder } from '@tasklane/shared/domain/reminder';
import type { Task } from '@tasklane/shared/domain/task';
import { TASK_LIMITS, type TaskPriority, type TaskStatus } from '@tasklane/shared/domain/task-fields';
import { dueFromInputs, inputsFromDue, type DueInputs } from '../tasks/due-date';
import type { TaskPatch } from '../../db/task-repository';
import { ruleFromForm, sameRule, type RecurrenceForm } from './recurrence-form';

/** What the editor's fields hold. */
export type EditorDraft = {
  title: string;
  description: string;
  status: TaskStatus;
  priority: TaskPriority;
  listId: string;
  due: DueInputs;
  tags: string;
  repeat: RecurrenceForm;
  /** [RM8] The whole list as the Reminders section holds it; absent: unchanged. */
  reminders?: Reminder[];
  /** [SC7] Whom the task is assigned to (null: nobody); absent: unchanged. */
  assignee?: string | null;
};

export type EditorChanges =
  /** `rule`: the new rule, `null` to remove the series, `undefined` when it stays. */
  | { ok: true; patch: TaskPatch; rule: RecurrenceRule | null | undefined }
  | { ok: false; problems: { title?: string; due?: string; repeat?: string[] } };

export function parseTags(text: string): string[] {
  const tags: string[] = [];
  for (const raw of text.split(',')) {
    const tag = raw.trim().replace(/^#/, '').slice(0, TASK_LIMITS.tagMaxLength);
    if (tag && !tags.includes(tag)) tags.push(tag);
  }
  return tags.slice(0, TASK_LIMITS.tagsMaxCount);
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * [ED1] [ED3] The editor's Save as writes: only the plain fields that changed (so the merge keeps other devices'
 * edits of the rest, [M1]) — a recurring task's new due restarts its series there ([DM12]) — and the rule when it
 * changed. A rule without a due starts today (the editor says so when the rule is chosen). A due the user did not
 * touch stays exactly as stored, so opening and saving a task set in another zone changes nothing.
 */
export function changesOf(task: Task, draft: EditorDraft, context: { timeZone: string; today: string }): EditorChanges {
  const problems: { title?: string; due?: string; repeat?: string[] } = {};
  const title = draft.title.trim();
  if (!title) problems.title = 'A task needs a title.';
  let due: Due | null = task.due;
  if (!same(draft.due, inputsFromDue(task.due, context.timeZone))) {
    const parsed = dueFromInputs(draft.due, context.timeZone);
    if (parsed.ok) due = parsed.due;
    else problems.due = parsed.reason;
  }
  const rule = ruleFromForm(draft.repeat);
  if (!rule.ok) problems.repeat = rule.reasons;
  if (!rule.ok || problems.title || problems.due) return { ok: false, problems };

  const next: TaskPatch = {
    title,
    description: draft.description,
    status: draft.status,
    priority: draft.priority,
    listId: draft.listId,
    tags: parseTags(draft.tags),
  };
  const patch: TaskPatch = {};
  for (const key of Object.keys(next) as (keyof TaskPatch)[]) {
    if (!same(next[key], task[key])) Object.assign(patch, { [key]: next[key] });
  }
  if (draft.reminders && !same(draft.reminders, task.reminders)) patch.reminders = draft.reminders;
  if (draft.assignee !== undefined && draft.assignee !== task.assignee) patch.assignee = draft.assignee;
  if (rule.rule === null) {
    if (!same(due, task.due)) patch.due = due;
    return { ok: true, patch, rule: task.recurrence ? null : undefined };
  }
  const start: Due = due ?? { date: context.today };
  if (!same(start, task.due)) patch.due = start;
  const unchanged = task.recurrence !== null && sameRule(rule.rule, task.recurrence.rule);
  return { ok: true, patch, rule: unchanged ? undefined : rule.rule };
}
