import type { StoredTask } from '@tasklane/shared/domain/task';
import { api, registerUser, type ApiResponse, type RegisteredUser } from '@tasklane/testkit/api-client';
import { startTestServer, type TestServer } from '@tasklane/testkit/start-test-server';
import { connectSocket, waitFor } from '@tasklane/testkit/sync-socket';

/** docs/protocol.md [LR1]–[LR5]: the version-2 fields of a task over REST, against a real server on port 0. */
describe('REST tasks with lists, due, recurrence and checklist', () => {
  let server: TestServer;
  let alice: RegisteredUser;
  let bob: RegisteredUser;
  beforeAll(async () => {
    server = await startTestServer();
    alice = await registerUser(server.url);
    bob = await registerUser(server.url);
  });
  afterAll(async () => {
    await server.close();
  });

  const call = (user: RegisteredUser, method: string, path: string, body?: unknown): Promise<ApiResponse> =>
    api(server.url, method, path, { token: user.accessToken, ...(body === undefined ? {} : { body }) });
  const create = async (user: RegisteredUser, body: object): Promise<StoredTask> => {
    const response = await call(user, 'POST', '/api/tasks', body);
    if (response.status !== 201) throw new Error(`create: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as StoredTask;
  };
  const patch = (user: RegisteredUser, id: string, body: object) => call(user, 'PATCH', `/api/tasks/${id}`, body);
  const everything = (user: RegisteredUser) => server.store.pullChanges(user.id, 0, 1000);

  /** Sends a bad request and proves it is refused with the code and message given, writing nothing. */
  async function refused(user: RegisteredUser, method: string, path: string, body: unknown, message: RegExp, status = 400): Promise<void> {
    const before = await everything(user);
    const response = await call(user, method, path, body);
    expect({ status: response.status, code: response.body.error?.code }).toEqual({
      status,
      code: status === 400 ? 'INVALID_MESSAGE' : 'CONFLICT',
    });
    expect(response.body.error.message).toMatch(message);
    expect(await everything(user)).toEqual(before);
  }

  it('[LR1] [DM20] a task without listId goes to the Inbox, which exists before any device stored it; every v2 field is returned', async () => {
    const task = await create(alice, { title: 'Inbox task', order: 'a5' });
    expect(task).toMatchObject({
      listId: 'inbox',
      due: null,
      recurrence: null,
      recurrenceEditedAt: null,
      occurrence: 0,
      checklist: [],
      order: 'a5',
    });
    expect(task).not.toHaveProperty('dueAt');
    expect(await server.store.getList(alice.id, 'inbox')).toBeNull();
    expect((await call(alice, 'GET', `/api/tasks/${task.id}`)).body).toEqual(task);
  });

  it('[LR1] a listId of a list the caller holds (archived too) is taken; moving between lists is a patch', async () => {
    const work = (await call(alice, 'POST', '/api/lists', { name: 'Work' })).body;
    const old = (await call(alice, 'POST', '/api/lists', { name: 'Old', archived: true })).body;
    const task = await create(alice, { title: 'Report', listId: work.id });
    expect(task.listId).toBe(work.id);
    expect((await patch(alice, task.id, { listId: old.id })).body.listId).toBe(old.id);
    expect((await patch(alice, task.id, { listId: 'inbox' })).body.listId).toBe('inbox');
    const listed = await call(alice, 'GET', `/api/tasks?listId=${work.id}`);
    expect(listed.body.tasks).toEqual([]);
  });

  it('[LR1] [X1] a listId naming no list of the caller — unknown, deleted, or another user’s — is 400 naming listId, and nothing is written', async () => {
    const bobs = (await call(bob, 'POST', '/api/lists', { name: 'Bob only' })).body;
    const gone = (await call(alice, 'POST', '/api/lists', { name: 'Gone' })).body;
    expect((await call(alice, 'DELETE', `/api/lists/${gone.id}?tasks=delete`)).status).toBe(204);
    const task = await create(alice, { title: 'Stays put' });
    for (const listId of ['no-such-list', bobs.id, gone.id]) {
      await refused(alice, 'POST', '/api/tasks', { title: 'x', listId }, /^listId: there is no list/);
      await refused(alice, 'PATCH', `/api/tasks/${task.id}`, { listId, title: 'changed?' }, /^listId: there is no list/);
    }
    await refused(alice, 'POST', '/api/tasks', { title: 'x', listId: gone.id }, /\(it was deleted\)/);
    expect((await call(alice, 'GET', `/api/tasks/${task.id}`)).body).toEqual(task);
  });

  it('[LR2] [DM20] due is a date or an instant with its zone, stored canonically; the older dueAt becomes a date; both at once is refused', async () => {
    expect((await create(alice, { title: 'd', due: { date: '2026-05-01' } })).due).toEqual({ date: '2026-05-01' });
    const timed = await create(alice, { title: 't', due: { at: '2026-05-01T09:00:00+02:00', timeZone: 'Europe/Berlin' } });
    expect(timed.due).toEqual({ at: '2026-05-01T07:00:00.000Z', timeZone: 'Europe/Berlin' });
    // The version-1 PWA's local noon of 20 March, written from New Zealand: the day survives ([DM19]).
    const legacy = await create(alice, { title: 'legacy', dueAt: '2026-03-20T12:00:00+13:00' });
    expect(legacy.due).toEqual({ date: '2026-03-20' });
    expect(legacy).not.toHaveProperty('dueAt');
    expect((await patch(alice, legacy.id, { dueAt: null })).body.due).toBeNull();
    expect((await patch(alice, legacy.id, { dueAt: '2026-04-01T11:00:00.000Z' })).body.due).toEqual({ date: '2026-04-01' });
    await refused(
      alice,
      'POST',
      '/api/tasks',
      { title: 'x', due: { date: '2026-05-01' }, dueAt: null },
      /dueAt: give either due or the older dueAt/,
    );
    await refused(alice, 'POST', '/api/tasks', { title: 'x', due: { at: '2026-05-01T09:00:00Z', timeZone: 'europe/berlin' } }, /due/);
    await refused(alice, 'PATCH', `/api/tasks/${legacy.id}`, { due: { date: '2026-02-30' } }, /due/);
  });

  it('[LR3] recurrence is a rule that repeats from the due: it needs one, null removes it, and moving the due starts the series again', async () => {
    const rule = { frequency: 'weekly', interval: 1, weekdays: ['mon', 'thu'], end: { kind: 'never' } };
    await refused(alice, 'POST', '/api/tasks', { title: 'x', recurrence: rule }, /^recurrence: a recurring task needs a due/);
    const until = { frequency: 'daily', interval: 1, end: { kind: 'until', date: '2026-04-01' } };
    await refused(
      alice,
      'POST',
      '/api/tasks',
      { title: 'x', due: { date: '2026-05-04' }, recurrence: until },
      /recurrence\.start: the rule ends before/,
    );

    const task = await create(alice, {
      title: 'Gym',
      due: { date: '2026-05-04' },
      recurrence: rule,
      updatedAt: '2026-05-01T08:00:00.000Z',
    });
    expect(task).toMatchObject({
      due: { date: '2026-05-04' },
      recurrence: { rule, start: { date: '2026-05-04' }, startOccurrence: 0 },
      recurrenceEditedAt: '2026-05-01T08:00:00.000Z',
      occurrence: 0,
    });
    await refused(alice, 'PATCH', `/api/tasks/${task.id}`, { due: null }, /^due: a recurring task needs a due/);
    const moved = (await patch(alice, task.id, { due: { date: '2026-05-07' }, updatedAt: '2026-05-02T08:00:00.000Z' })).body as StoredTask;
    expect(moved).toMatchObject({
      due: { date: '2026-05-07' },
      recurrence: { rule, start: { date: '2026-05-07' } },
      recurrenceEditedAt: '2026-05-02T08:00:00.000Z',
    });
    const ended = (await patch(alice, task.id, { recurrence: null })).body as StoredTask;
    expect(ended).toMatchObject({ recurrence: null, due: { date: '2026-05-07' }, status: 'todo' });
    expect(ended.recurrenceEditedAt! > moved.recurrenceEditedAt!).toBe(true);
    const again = (await patch(alice, task.id, { recurrence: { frequency: 'daily', interval: 2, end: { kind: 'never' } } })).body;
    expect(again.recurrence).toMatchObject({ start: { date: '2026-05-07' }, startOccurrence: 0 });
  });

  it('[LR4] status done on a running series completes the occurrence: the same task moves to the next one, every time it is sent', async () => {
    const rule = { frequency: 'daily', interval: 1, end: { kind: 'after', count: 3 } };
    const task = await create(alice, { title: 'Water plants', due: { date: '2026-06-01' }, recurrence: rule });
    const socket = await connectSocket(server.url, alice.accessToken);
    try {
      const first = (await patch(alice, task.id, { status: 'done' })).body as StoredTask;
      expect(first).toMatchObject({ due: { date: '2026-06-02' }, status: 'todo', completedAt: null, occurrence: 1 });
      const second = (await patch(alice, task.id, { status: 'done', title: 'Water the plants' })).body as StoredTask;
      expect(second).toMatchObject({ due: { date: '2026-06-03' }, status: 'todo', occurrence: 2, title: 'Water the plants' });
      // The third of three: the series ends, and the task is done on its last occurrence.
      const last = (await patch(alice, task.id, { status: 'done', updatedAt: '2026-06-03T18:00:00.000Z' })).body as StoredTask;
      expect(last).toMatchObject({ due: { date: '2026-06-03' }, status: 'done', completedAt: '2026-06-03T18:00:00.000Z', occurrence: 3 });
      expect((await patch(alice, task.id, { status: 'done' })).body).toMatchObject({ occurrence: 3, status: 'done' });
      // [T1] Each completion was a write like a push, broadcast to the caller's sockets.
      await waitFor(() => socket.changes.flatMap((event) => event.documents).filter((doc) => doc.id === task.id).length >= 3);
      expect(socket.changes.flatMap((event) => event.documents).map((doc) => doc.occurrence)).toEqual(expect.arrayContaining([1, 2, 3]));
    } finally {
      socket.close();
    }
    const plain = await create(alice, { title: 'Once' });
    expect((await patch(alice, plain.id, { status: 'done' })).body).toMatchObject({
      status: 'done',
      occurrence: 0,
      completedAt: expect.any(String),
    });
  });

  it('[LR5] [DM20] checklist is the whole visible checklist: new items get ids and clocks, items left out are removed, others keep their clocks', async () => {
    const task = await create(alice, {
      title: 'Shop',
      checklist: [{ text: 'Eggs' }, { text: 'Milk', done: true }],
      updatedAt: '2026-03-01T09:00:00.000Z',
    });
    const [eggs, milk] = task.checklist as { id: string; text: string; done: boolean; textAt: string }[];
    expect([eggs, milk]).toEqual([
      expect.objectContaining({ id: expect.any(String), text: 'Eggs', done: false, textAt: '2026-03-01T09:00:00.000Z' }),
      expect.objectContaining({ id: expect.any(String), text: 'Milk', done: true, doneAt: '2026-03-01T09:00:00.000Z' }),
    ]);
    const edited = (
      await patch(alice, task.id, {
        checklist: [{ id: milk!.id, text: 'Oat milk', done: true }, { text: 'Bread' }],
        updatedAt: '2026-03-01T10:00:00.000Z',
      })
    ).body as StoredTask;
    const entries = new Map(edited.checklist.map((entry) => [entry.id, entry]));
    expect(entries.get(eggs!.id)).toEqual({ id: eggs!.id, removedAt: '2026-03-01T10:00:00.000Z' });
    expect(entries.get(milk!.id)).toMatchObject({
      text: 'Oat milk',
      textAt: '2026-03-01T10:00:00.000Z',
      doneAt: '2026-03-01T09:00:00.000Z',
    });
    expect(edited.checklist.filter((entry) => 'text' in entry && entry.text === 'Bread')).toHaveLength(1);
    await refused(
      alice,
      'PATCH',
      `/api/tasks/${task.id}`,
      {
        checklist: [
          { id: 'a', text: 'x' },
          { id: 'a', text: 'y' },
        ],
      },
      /item ids must be unique/,
    );
    await refused(
      alice,
      'PATCH',
      `/api/tasks/${task.id}`,
      { checklist: [{ text: 'x', textAt: '2026-03-01T10:00:00.000Z' }] },
      /checklist\.0/,
    );
  });
});
