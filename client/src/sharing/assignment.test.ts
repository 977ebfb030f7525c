import type { SharedListView } from '@tasklane/shared/domain/sharing-schema';
import type { Task } from '@tasklane/shared/domain/task';
import { makeList, makeTask } from '@tasklane/testkit/task-fixture';
import { NetworkError } from '../session/session-errors';
import type { RefusedEdit } from '../sync/sync-problems';
import { changesOf, type EditorDraft } from '../ui/editor/editor-changes';
import { hashOf, routeOf } from '../ui/nav/route';
import { viewOf } from '../ui/nav/view-sections';
import { listIndexOf, navCounts } from '../ui/nav/views';
import { DEFAULT_QUERY } from '../ui/tasks/filter-tasks';
import { inputsFromDue } from '../ui/tasks/due-date';
import { recurrenceFormFor } from '../ui/editor/recurrence-form';
import { problemTexts } from '../ui/sync-problems/no-access';
import { assignable, assigneeName, type Person } from './memberships';
import { createMembershipsStore } from './memberships-store';

const ME = '0190a1b2-0000-7000-8000-000000000001';
const BOB = '0190a1b2-0000-7000-8000-000000000002';
const VIC = '0190a1b2-0000-7000-8000-000000000003';
const GONE = '0190a1b2-0000-7000-8000-000000000004';

function memoryStorage(): Pick<Storage, 'getItem' | 'setItem'> {
  const items = new Map<string, string>();
  return { getItem: (key) => items.get(key) ?? null, setItem: (key, value) => void items.set(key, value) };
}

const view = (listId: string, members: number): SharedListView => ({ listId, role: 'owner', ownerEmail: 'me@example.com', members });
const people: Person[] = [
  { userId: ME, email: 'me@example.com', role: 'owner' },
  { userId: BOB, email: 'bob@example.com', role: 'editor' },
  { userId: VIC, email: 'vic@example.com', role: 'viewer' },
];

describe('assignment on the device', () => {
  it('[SC7] the people of each shared list are kept per account with the memberships, asked for only when new or changed, and kept offline', async () => {
    const storage = memoryStorage();
    let lists = [view('house', 2)];
    const asked: string[] = [];
    let online = true;
    const fetchMembers = (listId: string) => {
      asked.push(listId);
      return online ? Promise.resolve(people) : Promise.reject(new NetworkError(new TypeError('Failed to fetch')));
    };
    const store = createMembershipsStore({ fetchLists: () => Promise.resolve(lists), fetchMembers, storage, key: 'k' });
    await store.refresh();
    expect(asked).toEqual(['house']);
    expect(assignable(store.memberships$.value, 'house').map((person) => person.email)).toEqual(['me@example.com', 'bob@example.com']);
    await store.refresh(); // nothing changed: no request per list
    expect(asked).toEqual(['house']);
    lists = [view('house', 3), view('garden', 1)];
    await store.refresh();
    expect(asked.sort()).toEqual(['garden', 'house', 'house']);

    // a new page, offline: the people are read back at once, and a failed refresh keeps them
    online = false;
    const offline = createMembershipsStore({
      fetchLists: () => Promise.reject(new NetworkError(new TypeError('x'))),
      fetchMembers,
      storage,
      key: 'k',
    });
    await offline.refreshPeople('house');
    expect(assignable(offline.memberships$.value, 'house')).toHaveLength(2);
    expect(assignable(offline.memberships$.value, 'inbox')).toEqual([]);

    // a dialog's answer replaces them; a list no longer shared loses them
    store.keepPeople('house', people.slice(0, 1));
    expect(assignable(store.memberships$.value, 'house')).toHaveLength(1);
    lists = [view('garden', 1)];
    await store.refresh();
    expect(store.memberships$.value.people['house']).toBeUndefined();
  });

  it('[SC7] rows name the assignee: "me", the e-mail local part of a member of the list, or "Former member"', () => {
    const store = createMembershipsStore({ fetchLists: () => Promise.resolve([]), storage: memoryStorage(), key: 'k' });
    store.memberships$.next({ lists: new Map([['house', view('house', 2)]]), names: { house: 'House' }, people: { house: people } });
    const memberships = store.memberships$.value;
    const task = (assignee: string | null) => makeTask({ id: 't', title: 'T', listId: 'house', assignee });
    expect(assigneeName(memberships, ME, task(null))).toBeNull();
    expect(assigneeName(memberships, ME, task(ME))).toBe('me');
    expect(assigneeName(memberships, ME, task(BOB))).toBe('bob');
    expect(assigneeName(memberships, ME, task(GONE))).toBe('Former member');

    // [SC7] a refusal of the assignee is worded by the device, naming the person and the list
    const edit: RefusedEdit = { collection: 'tasks', id: 't', message: 'from the server', code: 'INVALID_ASSIGNEE', document: task(BOB) };
    const texts = problemTexts(
      new Map([['tasks:t', 'from the server']]),
      new Map([['tasks:t', edit]]),
      () => 'House',
      (t: Task) => assigneeName(memberships, ME, t),
    );
    expect(texts?.get('tasks:t')).toBe('bob can’t be assigned in “House”');
  });

  it('[SC7] "Assigned to me" (#/assigned) lists the open tasks assigned to the user across lists, counted in the navigation', () => {
    expect(routeOf('#/assigned')).toEqual({ view: 'assigned' });
    expect(hashOf({ view: 'assigned' })).toBe('#/assigned');
    const lists = [
      makeList({ id: 'inbox', name: 'Inbox', inbox: true }),
      makeList({ id: 'house', name: 'House' }),
      makeList({ id: 'old', name: 'Old', archived: true }),
    ];
    const index = listIndexOf(lists);
    const t = (id: string, fields: Partial<Task>) => makeTask({ id, title: id, ...fields });
    const tasks = [
      t('mine-in-house', { listId: 'house', assignee: ME }),
      t('bobs', { listId: 'house', assignee: BOB }),
      t('mine-done', { listId: 'house', assignee: ME, status: 'done' }),
      t('mine-archived', { listId: 'old', assignee: ME }),
      t('mine-inbox', { assignee: ME }),
      t('nobodys', {}),
    ];
    const shown = viewOf(
      { view: 'assigned' },
      { tasks, lists, index, query: DEFAULT_QUERY, nowMs: Date.now(), timeZone: 'UTC', userId: ME },
    );
    expect(shown.title).toBe('Assigned to me');
    expect(shown.sections.flatMap((section) => section.tasks.map((task) => task.id))).toEqual(['mine-in-house', 'mine-inbox']);
    expect(navCounts(tasks, index, Date.now(), 'UTC', ME).assigned).toBe(2);
    expect(navCounts(tasks, index, Date.now(), 'UTC').assigned).toBe(0);
  });

  it('[SC7] the editor writes the assignee only when it changed', () => {
    const task = makeTask({ id: 't', title: 'T', listId: 'house', assignee: BOB });
    const draft: EditorDraft = {
      title: 'T',
      description: task.description,
      status: task.status,
      priority: task.priority,
      listId: task.listId,
      due: inputsFromDue(null, 'UTC'),
      tags: '',
      repeat: recurrenceFormFor(null, '2026-01-01'),
      assignee: BOB,
    };
    const context = { timeZone: 'UTC', today: '2026-01-01' };
    expect(changesOf(task, draft, context)).toMatchObject({ ok: true, patch: {} });
    expect(changesOf(task, { ...draft, assignee: null }, context)).toMatchObject({ ok: true, patch: { assignee: null } });
    expect(changesOf(task, { ...draft, assignee: ME }, context)).toMatchObject({ ok: true, patch: { assignee: ME } });
  });
});
