import { makeTask } from '@tasklane/testkit/task-fixture';
import { inputsFromDue } from '../tasks/due-date';
import { changesOf, type EditorDraft } from './editor-changes';
import { recurrenceFormFor } from './recurrence-form';
import { reminderLabel } from './reminder-fields';
import { onReminderSet, reminderSet } from './reminder-set-hook';

const ZONE = 'Europe/Berlin';
const TODAY = '2026-05-04';

function draftOf(task: ReturnType<typeof makeTask>): EditorDraft {
  const due = inputsFromDue(task.due, ZONE);
  return {
    title: task.title,
    description: task.description,
    status: task.status,
    priority: task.priority,
    listId: task.listId,
    due,
    tags: task.tags.join(', '),
    repeat: recurrenceFormFor(null, due.date || TODAY),
    reminders: task.reminders,
  };
}

describe('the editor’s Reminders', () => {
  it('[RM8] reminders read as the editor offers them, an instant in the user’s zone', () => {
    expect(['PT0M', 'PT10M', 'PT1H', 'P1D', 'P1DT2H30M'].map((before) => reminderLabel({ id: 'r', before }, ZONE))).toEqual([
      'At due time',
      '10 min before',
      '1 hour before',
      '1 day before',
      '1d2h30m before',
    ]);
    expect(reminderLabel({ id: 'r', at: '2026-05-04T07:30:00.000Z' }, ZONE)).toBe('Mon 4 May 09:30');
  });

  it('[RM8] Save writes the whole list of reminders when it changed, and nothing when it did not', () => {
    const task = makeTask({ reminders: [{ id: 'r1', before: 'PT10M' }] });
    const context = { timeZone: ZONE, today: TODAY };
    expect(changesOf(task, draftOf(task), context)).toEqual({ ok: true, patch: {}, rule: undefined });
    const reminders = [...task.reminders, { id: 'r2', at: '2026-05-04T07:30:00.000Z' }];
    expect(changesOf(task, { ...draftOf(task), reminders }, context)).toEqual({ ok: true, patch: { reminders }, rule: undefined });
    expect(changesOf(task, { ...draftOf(task), reminders: [] }, context)).toEqual({ ok: true, patch: { reminders: [] }, rule: undefined });
  });

  it('[RM8] adding a reminder calls the installed handler (where notification permission is asked), none by default', () => {
    expect(() => reminderSet()).not.toThrow();
    let calls = 0;
    onReminderSet(() => (calls += 1));
    reminderSet();
    onReminderSet(null);
    reminderSet();
    expect(calls).toBe(1);
  });
});
