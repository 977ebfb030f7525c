import type { Task } from '@tasklane/shared/domain/task';
import { INBOX_LIST_ID, type TaskList } from '@tasklane/shared/domain/task-list';
import { makeList, makeTask } from '@tasklane/testkit/task-fixture';
import { findListViolations, tasksInDeletedLists } from './list-invariants';

const inbox = makeList({ id: INBOX_LIST_ID, name: 'Inbox', inbox: true });
const errands = makeList({ id: 'errands', name: 'Errands' });
const check = (lists: TaskList[], tasks: Task[] = []) =>
  findListViolations(new Map([['u', new Map(tasks.map((task) => [task.id, task]))]]), new Map([['u', lists]]));

/** The checker must be able to fail: each broken promise is reported, and what the design allows is not. */
describe('the list invariants of the chaos harness', () => {
  it('[CL2] the Inbox must exist once, marked inbox, neither archived nor deleted, and be the only list marked inbox', () => {
    expect(check([inbox, errands])).toEqual([]);
    expect(check([errands])).toEqual(['u: 0 Inbox documents, not one']);
    expect(check([inbox, inbox])).toEqual(['u: 2 Inbox documents, not one']);
    expect(check([{ ...inbox, archived: true }])).toEqual(['u: the Inbox is archived']);
    expect(check([{ ...inbox, _deleted: true }])).toEqual(['u: the Inbox is deleted']);
    expect(check([inbox, { ...errands, inbox: true }])).toEqual(['u: list errands is marked inbox but is not the Inbox']);
  });

  it('[CL2] a task may be in the Inbox, a live list or a deleted one (shown in the Inbox), never in a list the user never held', () => {
    const tasks = [
      makeTask({ id: 'a' }),
      makeTask({ id: 'b', listId: 'errands' }),
      makeTask({ id: 'c', listId: 'trips' }),
      makeTask({ id: 'd', listId: 'nowhere', _deleted: true }),
    ];
    const trips = makeList({ id: 'trips', _deleted: true });
    expect(check([inbox, errands, trips], tasks)).toEqual(['u/d: in list nowhere, which the user never held']);
    const byUser = new Map([['u', new Map(tasks.map((task) => [task.id, task]))]]);
    expect(tasksInDeletedLists(byUser, new Map([['u', [inbox, errands, trips]]]))).toBe(1);
  });
});
