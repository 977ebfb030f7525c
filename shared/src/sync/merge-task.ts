import { joinCompletions } from '../domain/completions';
import type { Task } from '../domain/task';
import { TASK_EDITABLE_FIELDS, type TaskEditableField } from '../domain/task-fields';
import { mergeRecurringState, withRecurringDerivation } from './advance-recurring';
import { remindersFollowingOccurrence } from './advance-reminders';
import { mergeChecklist } from './merge-checklist';
import { mergeReminders } from './merge-reminders';
import { mergeThreeWayFields, sameValue } from './three-way-fields';

export type MergeInput = {
  /** The local state the client tried to push. */
  local: Task;
  /** The server's current state (it won the race). */
  master: Task;
  /** The state both started from, when known (RxDB's `assumedMasterState`). */
  base: Task | undefined;
  /**
   * Contents this device pushed whose acknowledgement it may never have seen
   * (docs/protocol.md [LE1]). When the master equals one of them, the master
   * holds this device's own write, so that write is the true common base.
   */
  pushed?: readonly Task[];
};

export type MergeResult = {
  merged: Task;
  /** Fields both sides changed to different values; the later `updatedAt` won them. */
  contested: TaskEditableField[];
};

function laterOf(a: string, b: string): string {
  return Date.parse(a) >= Date.parse(b) ? a : b;
}

/** Tags merge as sets: additions and removals made on either side since the base survive. */
function mergeTags(local: string[], master: string[], base: string[]): string[] {
  const removed = new Set([...base.filter((tag) => !local.includes(tag)), ...base.filter((tag) => !master.includes(tag))]);
  const merged: string[] = [];
  for (const tag of [...master, ...local]) {
    if (!removed.has(tag) && !merged.includes(tag)) merged.push(tag);
  }
  return merged;
}

/** `completedAt` follows whichever side the merged `status` came from. */
function completedAtAfterMerge(merged: Task, local: Task, master: Task): string | null {
  if (merged.status !== 'done') return null;
  const statusFromLocal = local.status === 'done' && master.status !== 'done';
  const preferred = statusFromLocal ? local.completedAt : master.completedAt;
  return preferred ?? local.completedAt ?? laterOf(local.updatedAt, master.updatedAt);
}

/**
 * [LE1] A push whose acknowledgement was lost leaves RxDB's `assumedMasterState`
 * behind the server, which already holds that push. Against the old base, a
 * later local edit that undoes the push (title B back to A, a tag added and
 * removed again) looks unchanged and the master's B would win. When the master
 * is exactly a state this device pushed, that state is the base instead, so
 * every local edit since wins field by field.
 */
function mergeBase(master: Task, assumedBase: Task | undefined, pushed: readonly Task[]): Task | undefined {
  return pushed.find((own) => sameTaskContent(own, master)) ?? assumedBase;
}

/**
 * Field-level three-way merge used as the RxDB conflict handler: a field
 * changed on one side only keeps that change, so no offline edit is dropped.
 * A field changed on both sides goes to the side with the later `updatedAt`
 * (the master on a tie); the recurrence fields and the checklist are joined instead, reminders merge item by item ([RM5]). The result carries the master's revision (`seq`), so
 * pushing it next is not a conflict again. Pure and deterministic.
 */
export function mergeTask({ local, master, base: assumedBase, pushed = [] }: MergeInput): MergeResult {
  const base = mergeBase(master, assumedBase, pushed);
  const localIsNewer = Date.parse(local.updatedAt) > Date.parse(master.updatedAt);
  const merged: Task = { ...master };
  const contested = mergeThreeWayFields({
    fields: TASK_EDITABLE_FIELDS.filter((field) => field !== 'completedAt'),
    local,
    master,
    base,
    localIsNewer,
    merged,
    custom: (field, knownBase) => {
      if (field !== 'tags') return false;
      merged.tags = mergeTags(local.tags, master.tags, knownBase.tags);
      return true;
    },
  });

  merged.completedAt = completedAtAfterMerge(merged, local, master);
  merged.updatedAt = laterOf(local.updatedAt, master.updatedAt);
  merged.createdAt = master.createdAt;
  // [DM11] [DM14] The series, the counter and the checklist are joins: merged without a base, whatever either side
  // changed, so every replica converges in whatever order conflicts are resolved; then due and status follow the series.
  const recurring = mergeRecurringState(local, master);
  Object.assign(merged, recurring);
  merged.checklist = mergeChecklist(local.checklist, master.checklist);
  // [IN2] The completions logged on either side, all kept: a join like the counter's.
  merged.completions = joinCompletions(local.completions, master.completions);
  // [RM4] [RM5] Each side's `at` reminders first follow the occurrences it has not seen, then merge item by item.
  const following = (side: Task) => remindersFollowingOccurrence(side.reminders, side, recurring);
  merged.reminders = mergeReminders({ local: following(local), master: following(master), base: base && following(base), localIsNewer });
  const derived = withRecurringDerivation(merged, merged.updatedAt);
  if (master.seq === undefined) delete derived.seq;
  else derived.seq = master.seq;
  return { merged: derived, contested };
}

/** Equality used by the conflict handler: the server's `seq` is not part of a task's content. */
export function sameTaskContent(a: Task, b: Task): boolean {
  for (const key of Object.keys(a) as (keyof Task)[]) {
    if (key === 'seq') continue;
    if (!sameValue(a[key], b[key])) return false;
  }
  for (const key of Object.keys(b) as (keyof Task)[]) {
    if (key !== 'seq' && !(key in a)) return false;
  }
  return true;
}
