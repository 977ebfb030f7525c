import { TASK_KEYS, type Task } from './task';
import { storedTaskSchema, TASK_FIELD_SCHEMAS, taskObjectSchema, taskSchema } from './task-schema';
import { newTask } from './task-defaults';
import { INBOX_LIST_ID } from './task-list';

const T0 = '2026-01-01T08:00:00.000Z';
const task = newTask({ id: 'task-1', title: 'Water the plants', createdAt: T0, updatedAt: T0 });
const series = { rule: { frequency: 'daily', interval: 1, end: { kind: 'never' } }, start: { date: '2026-01-01' }, startOccurrence: 2 };

function reasons(schema: typeof taskSchema | typeof storedTaskSchema, value: unknown): string[] {
  return schema.safeParse(value).error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) ?? [];
}

describe('the task document, version 2', () => {
  it('[D3] [MV4] a new task has every field at its default, in the canonical key order, and is valid', () => {
    expect(task).toEqual({
      id: 'task-1',
      title: 'Water the plants',
      description: '',
      status: 'todo',
      priority: 'medium',
      listId: INBOX_LIST_ID,
      assignee: null,
      due: null,
      recurrence: null,
      recurrenceEditedAt: null,
      occurrence: 0,
      completions: [],
      checklist: [],
      reminders: [],
      order: null,
      tags: [],
      createdAt: T0,
      updatedAt: T0,
      completedAt: null,
      _deleted: false,
    });
    expect(Object.keys(task)).toEqual(TASK_KEYS.filter((key) => key !== 'seq'));
    expect(TASK_KEYS).toEqual(Object.keys(TASK_FIELD_SCHEMAS));
    expect(reasons(taskSchema, task)).toEqual([]);
    expect(newTask({ ...task, status: 'done' }).completedAt).toBe(T0); // [D4]
  });

  it('[D1] [MV4] unknown fields are refused, the version-1 dueAt and a userId included', () => {
    expect(reasons(taskSchema, { ...task, dueAt: null })).toEqual([': Unrecognized key: "dueAt"']);
    expect(reasons(taskSchema, { ...task, userId: 'someone' })).toEqual([': Unrecognized key: "userId"']);
    const { listId: _listId, ...withoutList } = task;
    expect(reasons(taskSchema, withoutList)).toEqual(['listId: Invalid input: expected string, received undefined']);
  });

  it('[DM1] [DM16] [MV4] listId, due and order are validated as document id, due and order key', () => {
    const valid: Partial<Task>[] = [
      { listId: 'work_2026-list' },
      { due: { date: '2024-02-29' } },
      { due: { at: '2026-05-01T07:00:00.000Z', timeZone: 'Europe/Berlin' } },
      { order: 'a0V' },
    ];
    for (const fields of valid) expect(reasons(taskSchema, { ...task, ...fields })).toEqual([]);
    expect(reasons(taskSchema, { ...task, listId: '../inbox' })[0]).toMatch(/^listId: id may contain only/);
    expect(reasons(taskSchema, { ...task, listId: '' })[0]).toMatch(/^listId: /);
    expect(reasons(taskSchema, { ...task, due: { date: '2026-02-29' } })).toEqual(['due.date: 2026-02-29 is not a day of the calendar']);
    expect(reasons(taskSchema, { ...task, due: { date: '2026-05-01', timeZone: 'Europe/Berlin' } })[0]).toMatch(/^due: /);
    expect(reasons(taskSchema, { ...task, due: '2026-05-01' })[0]).toMatch(/^due: /);
    expect(reasons(taskSchema, { ...task, order: 'a00' })[0]).toMatch(/^order: is not a fractional index/);
    expect(reasons(taskSchema, { ...task, order: '' })[0]).toMatch(/^order: must be 2–128 characters/);
  });

  it('[DM9] [DM13] [MV4] the recurrence fields and the checklist keep their rules inside the task, stored or not', () => {
    const recurring = { ...task, recurrence: series, recurrenceEditedAt: T0, occurrence: 2 };
    expect(reasons(taskSchema, recurring)).toEqual([]);
    expect(reasons(storedTaskSchema, { ...recurring, seq: 1 })).toEqual([]);
    for (const schema of [taskSchema, storedTaskSchema]) {
      const stored = { ...recurring, seq: 1 };
      expect(reasons(schema, { ...stored, recurrenceEditedAt: null })).toEqual(['recurrenceEditedAt: a series needs the time it was set']);
      expect(reasons(schema, { ...stored, occurrence: 1 })).toEqual(['occurrence: the counter is below the start of its series']);
    }
    // The plain object schema (for pick and extend) leaves the rules between fields to the refined ones.
    expect(taskObjectSchema.safeParse({ ...recurring, occurrence: 1 }).success).toBe(true);
    const item = { id: 'milk', text: 'Milk', done: false, order: 'a0', textAt: T0, doneAt: T0, orderAt: T0 };
    expect(reasons(taskSchema, { ...task, checklist: [item, { id: 'eggs', removedAt: T0 }] })).toEqual([]);
    expect(reasons(taskSchema, { ...task, checklist: [item, item] })).toEqual(['checklist: item ids must be unique']);
  });

  it('[D2] a stored task carries its seq; a task from a client may omit it', () => {
    expect(reasons(storedTaskSchema, task)).toEqual(['seq: Invalid input: expected number, received undefined']);
    expect(reasons(storedTaskSchema, { ...task, seq: 0 })).toEqual([]);
    expect(reasons(taskSchema, { ...task, seq: -1 })[0]).toMatch(/^seq: /);
  });
});
