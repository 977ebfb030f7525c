import { TASK_KEYS } from '@tasklane/shared/domain/task';
import { taskSchema } from '@tasklane/shared/domain/task-schema';
import { INBOX_LIST_ID } from '@tasklane/shared/domain/task-list';
import { taskListSchema } from '@tasklane/shared/domain/task-list-schema';
import { FIXTURE_TIME, makeList, makeTask } from './task-fixture';

describe('the task fixture', () => {
  it('builds a version-2 task the protocol accepts, in the Inbox, with a fresh id each time', () => {
    const first = makeTask();
    expect(taskSchema.parse(first)).toEqual(first);
    expect(Object.keys(first)).toEqual(TASK_KEYS.filter((key) => key !== 'seq'));
    expect(first).toMatchObject({ listId: INBOX_LIST_ID, due: null, recurrence: null, occurrence: 0, checklist: [], order: null });
    expect(first).not.toHaveProperty('dueAt');
    expect(makeTask().id).not.toBe(first.id);
  });

  it('lets a test pin any field, timestamps and version-2 fields included', () => {
    const pinned = {
      id: 't1',
      title: 'first',
      createdAt: FIXTURE_TIME,
      updatedAt: FIXTURE_TIME,
      listId: 'work',
      due: { date: '2026-05-01' },
    };
    expect(makeTask(pinned)).toMatchObject(pinned);
    expect(taskSchema.safeParse(makeTask(pinned)).success).toBe(true);
  });

  it('builds a list the protocol accepts, and the Inbox when asked for it', () => {
    const list = makeList();
    expect(taskListSchema.parse(list)).toEqual(list);
    expect(makeList().id).not.toBe(list.id);
    const inbox = makeList({ id: INBOX_LIST_ID, name: 'Inbox', inbox: true });
    expect(taskListSchema.safeParse(inbox).success).toBe(true);
    expect(taskListSchema.safeParse(makeList({ inbox: true })).success).toBe(false);
  });
});
