import { canonicalDue } from '../domain/due';
import { withCanonicalTimestamps } from '../domain/iso-timestamp';
import { canonicalReminders } from '../domain/reminder';
import type { Task } from '../domain/task';
import { withDerivedCompletedAt } from '../domain/task-defaults';
import { withCanonicalTags } from '../domain/task-tags';
import { compareIds } from '../domain/string-order';
import { withRecurringDerivation } from './advance-recurring';

function isSortedById(entries: readonly { id: string }[]): boolean {
  return entries.every((entry, index) => index === 0 || compareIds(entries[index - 1]!, entry) < 0);
}

function sameReminders(a: readonly object[], b: readonly object[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * A task as the server stores, compares ([W5]) and sends it, and as the PWA writes it: canonical timestamps and due
 * ([D7]; a series' start included), tags ([D5]), checklist order and reminders ([RM2]), the due and status a series implies ([DM10]), and completedAt derived from status ([D4]).
 * Pure, so a retried write derives the same value. Every write path (push, REST, import, the app) goes through this.
 */
export function canonicalTaskState<T extends Task>(task: T): T {
  const canonical = withCanonicalTags(withCanonicalTimestamps(task));
  const withDue = canonical.due === null ? canonical : { ...canonical, due: canonicalDue(canonical.due) };
  // A series' start is a due too: at occurrence 0 it is the derived due, so it needs the one spelling as well.
  const series = withDue.recurrence;
  const withSeries = series === null ? withDue : { ...withDue, recurrence: { ...series, start: canonicalDue(series.start) } };
  // Checklist entries in id order, as a merge writes them ([DM14]): one spelling for one content, so a device's own
  // write and the merge of it compare equal ([W5]) instead of costing another conflict round trip.
  const sorted = isSortedById(withSeries.checklist) ? withSeries : { ...withSeries, checklist: [...withSeries.checklist].sort(compareIds) };
  // [RM2] Reminders likewise: canonical spellings, in id order.
  const reminders = canonicalReminders(sorted.reminders);
  const withReminders = sameReminders(reminders, sorted.reminders) ? sorted : { ...sorted, reminders };
  return withDerivedCompletedAt(withRecurringDerivation(withReminders, withReminders.updatedAt));
}
