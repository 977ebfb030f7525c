import type { RecurrenceRule } from '@tasklane/shared/domain/recurrence';
import type { Task } from '@tasklane/shared/domain/task';
import { makeTask } from '@tasklane/testkit/task-fixture';
import { inputsFromDue } from '../tasks/due-date';
import { changesOf, type EditorDraft } from './editor-changes';
import { recurrenceFormFor } from './recurrence-form';

const ZONE = 'Europe/Berlin';
const TODAY = '2026-05-04';

function draftOf(task: Task, zone = ZONE): EditorDraft {
  const due = inputsFromDue(task.due, zone);
  return {
    title: task.title,
    description: task.description,
    status: task.status,
    priority: task.priority,
    listId: task.listId,
    due,
    tags: task.tags.join(', '),
    repeat: recurrenceFormFor(task.recurrence?.rule ?? null, due.date || TODAY),
  };
}

const weekly: RecurrenceRule = { frequency: 'weekly', interval: 1, weekdays: ['mon'], end: { kind: 'never' } };
const recurring = makeTask({
  due: { date: '2026-05-04' },
  recurrence: { rule: weekly, start: { date: '2026-05-04' }, startOccurrence: 0 },
  recurrenceEditedAt: '2026-05-01T00:00:00.000Z',
});

describe('the editor save', () => {
  it('[ED1] writes only what changed; a due set in another zone and left alone stays exactly as stored', () => {
    const timed = makeTask({ due: { at: '2026-05-04T21:30:00.000Z', timeZone: 'America/New_York' }, tags: ['a'] });
    expect(changesOf(timed, draftOf(timed), { timeZone: ZONE, today: TODAY })).toEqual({ ok: true, patch: {}, rule: undefined });
    const moved = { ...draftOf(timed), title: ' New title ', listId: 'work', tags: 'a, #b', due: { date: '2026-05-06', time: '09:00' } };
    expect(changesOf(timed, moved, { timeZone: ZONE, today: TODAY })).toEqual({
      ok: true,
      patch: { title: 'New title', listId: 'work', tags: ['a', 'b'], due: { at: '2026-05-06T07:00:00.000Z', timeZone: ZONE } },
      rule: undefined,
    });
    expect(changesOf(timed, { ...draftOf(timed), due: { date: '', time: '' } }, { timeZone: ZONE, today: TODAY })).toMatchObject({
      patch: { due: null },
    });
  });

  it('[ED3] a rule without a due starts today; moving a recurring due keeps the rule; removing the rule says null', () => {
    const plain = makeTask();
    const draft = { ...draftOf(plain), repeat: { ...draftOf(plain).repeat, frequency: 'daily' as const } };
    expect(changesOf(plain, draft, { timeZone: ZONE, today: TODAY })).toEqual({
      ok: true,
      patch: { due: { date: TODAY } },
      rule: { frequency: 'daily', interval: 1, end: { kind: 'never' } },
    });
    expect(changesOf(recurring, draftOf(recurring), { timeZone: ZONE, today: TODAY })).toEqual({ ok: true, patch: {}, rule: undefined });
    expect(
      changesOf(recurring, { ...draftOf(recurring), due: { date: '2026-05-11', time: '' } }, { timeZone: ZONE, today: TODAY }),
    ).toEqual({
      ok: true,
      patch: { due: { date: '2026-05-11' } },
      rule: undefined,
    });
    const none = { ...draftOf(recurring), repeat: { ...draftOf(recurring).repeat, frequency: 'none' as const } };
    expect(changesOf(recurring, none, { timeZone: ZONE, today: TODAY })).toEqual({ ok: true, patch: {}, rule: null });
  });

  it('[ED1] [ED3] refuses an empty title, a time without a date and an invalid rule, writing nothing', () => {
    const task = makeTask();
    const bad = {
      ...draftOf(task),
      title: '  ',
      due: { date: '', time: '10:00' },
      repeat: { ...draftOf(task).repeat, frequency: 'daily' as const, interval: '0' },
    };
    const result = changesOf(task, bad, { timeZone: ZONE, today: TODAY });
    expect(result).toEqual({
      ok: false,
      problems: { title: 'A task needs a title.', due: 'Choose a date for the time.', repeat: [expect.stringMatching(/^Every: /)] },
    });
  });
});
