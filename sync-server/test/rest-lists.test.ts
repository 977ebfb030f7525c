import type { StoredTask } from '@tasklane/shared/domain/task';
import type { StoredTaskList } from '@tasklane/shared/domain/task-list';
import { api, registerUser, type ApiResponse, type RegisteredUser } from '@tasklane/testkit/api-client';
import { startTestServer, type TestServer } from '@tasklane/testkit/start-test-server';
import { connectSocket, waitFor } from '@tasklane/testkit/sync-socket';
import { makeList, makeTask } from '@tasklane/testkit/task-fixture';
import type { ListPage } from '../src/store/store';

/** docs/protocol.md [LR8]–[LR12]: `/api/lists` against a real server on port 0. */
describe('REST lists', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  const call = (
    user: RegisteredUser,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse> => {
    if (Object.keys(headers).length === 0)
      return api(server.url, method, path, { token: user.accessToken, ...(body === undefined ? {} : { body }) });
    return fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${user.accessToken}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    }).then(async (response) => ({ status: response.status, body: await response.json(), headers: response.headers }));
  };
  const createList = async (user: RegisteredUser, body: object): Promise<StoredTaskList> => {
    const response = await call(user, 'POST', '/api/lists', body);
    if (response.status !== 201) throw new Error(`create list: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as StoredTaskList;
  };
  const storedLists = (user: RegisteredUser) => server.store.pullListChanges(user.id, 0, 1000);
  const everything = async (user: RegisteredUser) => [await storedLists(user), await server.store.pullChanges(user.id, 0, 1000)];

  async function refused(
    user: RegisteredUser,
    method: string,
    path: string,
    body: unknown,
    expected: { status: number; code: string; message: RegExp },
  ) {
    const before = await everything(user);
    const response = await call(user, method, path, body);
    expect({ status: response.status, code: response.body?.error?.code }).toEqual({ status: expected.status, code: expected.code });
    expect(response.body.error.message).toMatch(expected.message);
    expect(await everything(user)).toEqual(before);
  }

  it('[LR8] every account has an Inbox, listed first before any device stored it; new lists go after the last one and are broadcast as list changes', async () => {
    const user = await registerUser(server.url);
    const inbox = { id: 'inbox', name: 'Inbox', colour: 'grey', order: 'a0', archived: false, inbox: true, _deleted: false, seq: 0 };
    expect((await call(user, 'GET', '/api/lists')).body).toEqual({ lists: [expect.objectContaining(inbox)], nextCursor: null });
    expect((await call(user, 'GET', '/api/lists/inbox')).body).toMatchObject(inbox);
    const socket = await connectSocket(server.url, user.accessToken);
    try {
      const work = await createList(user, { name: 'Work', colour: 'blue' });
      const home = await createList(user, { name: 'Home' });
      expect(work).toMatchObject({ name: 'Work', colour: 'blue', archived: false, inbox: false, _deleted: false, seq: expect.any(Number) });
      expect(home.colour).toBe('grey');
      expect(['a0', work.order, home.order]).toEqual(['a0', work.order, home.order].sort());
      await waitFor(() => socket.listChanges.flatMap((event) => event.documents).length === 2, 5000, 'list changes');
      expect(socket.listChanges.flatMap((event) => event.documents).map((list) => list.name)).toEqual(['Work', 'Home']);
      expect(socket.changes).toEqual([]);
      const page = (await call(user, 'GET', '/api/lists')).body as ListPage;
      expect(page.lists.map((list) => list.name)).toEqual(['Inbox', 'Work', 'Home']);
      const first = (await call(user, 'GET', '/api/lists?limit=1')).body as ListPage;
      expect(first.lists.map((list) => list.name)).toEqual(['Inbox', 'Work']);
      const second = (await call(user, 'GET', `/api/lists?limit=1&cursor=${first.nextCursor}`)).body;
      expect(second).toEqual({ lists: [home], nextCursor: null });
    } finally {
      socket.close();
    }
  });

  it('[LR8] [X1] another user’s list and a deleted one are "not found"; bad queries and bodies are 400 and write nothing', async () => {
    const alice = await registerUser(server.url);
    const bob = await registerUser(server.url);
    const secret = await createList(alice, { name: 'Secret' });
    for (const [method, body] of [['GET'], ['PATCH', { name: 'mine' }], ['DELETE']] as const) {
      const path = `/api/lists/${secret.id}${method === 'DELETE' ? '?tasks=delete' : ''}`;
      await refused(bob, method, path, body, { status: 404, code: 'NOT_FOUND', message: /no list/ });
    }
    expect(((await call(bob, 'GET', '/api/lists')).body as ListPage).lists.map((list) => list.id)).toEqual(['inbox']);
    const invalid = { status: 400, code: 'INVALID_MESSAGE' };
    await refused(alice, 'POST', '/api/lists', { name: '   ' }, { ...invalid, message: /name: must not be empty/ });
    await refused(alice, 'POST', '/api/lists', { name: 'x', colour: 'magenta' }, { ...invalid, message: /colour: must be one of/ });
    await refused(alice, 'POST', '/api/lists', { name: 'x', inbox: true }, { ...invalid, message: /inbox/ });
    await refused(alice, 'POST', '/api/lists', { name: 'x', order: 'a00' }, { ...invalid, message: /order/ });
    await refused(alice, 'PATCH', `/api/lists/${secret.id}`, {}, { ...invalid, message: /the patch changes no field/ });
    await refused(alice, 'PATCH', `/api/lists/${secret.id}`, { _deleted: true }, { ...invalid, message: /_deleted/ });
    await refused(alice, 'GET', '/api/lists?limit=0', undefined, { ...invalid, message: /limit/ });
    await refused(alice, 'GET', '/api/lists/..%2Fx', undefined, { ...invalid, message: /id/ });
    await refused(alice, 'DELETE', `/api/lists/${secret.id}`, undefined, { ...invalid, message: /tasks must be move-to-inbox or delete/ });
    await refused(alice, 'DELETE', `/api/lists/${secret.id}?tasks=keep`, undefined, { ...invalid, message: /tasks must be/ });
    expect((await call(alice, 'DELETE', `/api/lists/${secret.id}?tasks=delete`)).status).toBe(204);
    await refused(alice, 'GET', `/api/lists/${secret.id}`, undefined, { status: 404, code: 'NOT_FOUND', message: /no list/ });
    await refused(alice, 'DELETE', `/api/lists/${secret.id}?tasks=delete`, undefined, {
      status: 404,
      code: 'NOT_FOUND',
      message: /no list/,
    });
    await refused(alice, 'PATCH', `/api/lists/${secret.id}`, { name: 'back?' }, { status: 404, code: 'NOT_FOUND', message: /no list/ });
  });

  it('[LR9] a create with an Idempotency-Key is safe to retry; an existing id, the Inbox’s included, is 409', async () => {
    const user = await registerUser(server.url);
    const first = await call(user, 'POST', '/api/lists', { name: 'Trips', colour: 'teal' }, { 'idempotency-key': 'list-7c1' });
    expect(first.status).toBe(201);
    const retry = await call(user, 'POST', '/api/lists', { name: 'Trips', colour: 'teal' }, { 'idempotency-key': 'list-7c1' });
    expect({ status: retry.status, replayed: retry.headers.get('idempotent-replayed'), body: retry.body }).toEqual({
      status: 201,
      replayed: 'true',
      body: first.body,
    });
    const other = await call(user, 'POST', '/api/lists', { name: 'Other' }, { 'idempotency-key': 'list-7c1' });
    expect({ status: other.status, code: other.body.error.code }).toEqual({ status: 409, code: 'CONFLICT' });
    const both = await call(user, 'POST', '/api/lists', { id: 'x1', name: 'Both' }, { 'idempotency-key': 'list-8' });
    expect({ status: both.status, code: both.body.error.code }).toEqual({ status: 400, code: 'INVALID_MESSAGE' });
    // The same key names another list for another user, and never a task of the same user.
    const bob = await registerUser(server.url);
    const bobs = await call(bob, 'POST', '/api/lists', { name: 'Trips', colour: 'teal' }, { 'idempotency-key': 'list-7c1' });
    expect(bobs.body.id).not.toBe(first.body.id);
    const task = await call(user, 'POST', '/api/tasks', { title: 'same key' }, { 'idempotency-key': 'list-7c1' });
    expect(task.body.id).not.toBe(first.body.id);
    await refused(
      user,
      'POST',
      '/api/lists',
      { id: first.body.id, name: 'again' },
      { status: 409, code: 'CONFLICT', message: /already exists/ },
    );
    await refused(
      user,
      'POST',
      '/api/lists',
      { id: 'inbox', name: 'Second inbox' },
      { status: 409, code: 'CONFLICT', message: /already exists/ },
    );
    expect((await storedLists(user)).map((list) => list.name)).toEqual(['Trips']);
  });

  it('[LR10] the Inbox can be renamed and recoloured (stored on its first write) but never archived or deleted', async () => {
    const user = await registerUser(server.url);
    const renamed = await call(user, 'PATCH', '/api/lists/inbox', { name: 'Eingang', colour: 'indigo' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ id: 'inbox', inbox: true, name: 'Eingang', colour: 'indigo', seq: expect.any(Number) });
    expect(await server.store.getList(user.id, 'inbox')).toEqual(renamed.body);
    await refused(
      user,
      'PATCH',
      '/api/lists/inbox',
      { archived: true },
      { status: 400, code: 'INVALID_MESSAGE', message: /archived: the Inbox cannot be archived/ },
    );
    for (const disposal of ['move-to-inbox', 'delete']) {
      await refused(user, 'DELETE', `/api/lists/inbox?tasks=${disposal}`, undefined, {
        status: 400,
        code: 'INVALID_MESSAGE',
        message: /the Inbox cannot be deleted/,
      });
    }
    // A user whose Inbox was never stored cannot archive it either; nothing is written for the attempt.
    const fresh = await registerUser(server.url);
    await refused(
      fresh,
      'PATCH',
      '/api/lists/inbox',
      { archived: true, name: 'x' },
      { status: 400, code: 'INVALID_MESSAGE', message: /archived/ },
    );
  });

  it('[LR11] deleting a list first moves its tasks to the Inbox, or deletes them, as task writes (every page of them), then writes its tombstone', async () => {
    const user = await registerUser(server.url);
    const socket = await connectSocket(server.url, user.accessToken);
    try {
      const [moving, deleting, keep] = [
        await createList(user, { name: 'Moving' }),
        await createList(user, { name: 'Deleting' }),
        await createList(user, { name: 'Keep' }),
      ];
      const many = Array.from({ length: 520 }, (_, index) => makeTask({ title: `m${index}`, listId: moving.id }));
      for (const rows of [many.slice(0, 500), many.slice(500)]) {
        expect((await socket.push({ rows: rows.map((task) => ({ newDocumentState: task })) })).ok).toBe(true);
      }
      const doomed = makeTask({ title: 'doomed', listId: deleting.id });
      const kept = makeTask({ title: 'kept', listId: keep.id });
      expect((await socket.push({ rows: [doomed, kept].map((task) => ({ newDocumentState: task })) })).ok).toBe(true);

      expect((await call(user, 'DELETE', `/api/lists/${moving.id}?tasks=move-to-inbox`)).status).toBe(204);
      expect((await call(user, 'DELETE', `/api/lists/${deleting.id}?tasks=delete`)).status).toBe(204);

      const tasks = new Map((await server.store.pullChanges(user.id, 0, 1000)).map((task: StoredTask) => [task.id, task]));
      expect(many.every((task) => tasks.get(task.id)?.listId === 'inbox' && tasks.get(task.id)?._deleted === false)).toBe(true);
      expect(tasks.get(doomed.id)).toMatchObject({ _deleted: true, listId: deleting.id });
      expect(tasks.get(kept.id)).toMatchObject({ _deleted: false, listId: keep.id });
      const lists = new Map((await storedLists(user)).map((list) => [list.id, list]));
      expect([lists.get(moving.id)?._deleted, lists.get(deleting.id)?._deleted, lists.get(keep.id)?._deleted]).toEqual([true, true, false]);
      // The tasks were written before the list's tombstone, and every device hears of both.
      expect(tasks.get(many[0]!.id)!.seq).toBeLessThan(lists.get(moving.id)!.seq);
      await waitFor(() => socket.listChanges.some((event) => event.documents.some((list) => list.id === deleting.id && list._deleted)));
      const inInbox = (await call(user, 'GET', '/api/tasks?listId=inbox&limit=500')).body;
      expect(inInbox.tasks).toHaveLength(500);
      expect(inInbox.nextCursor).not.toBeNull();
    } finally {
      socket.close();
    }
  });

  it('[LR12] an account holds at most 500 lists besides the Inbox, archived ones included: one more is 409, by REST or by import', async () => {
    const user = await registerUser(server.url);
    const socket = await connectSocket(server.url, user.accessToken);
    try {
      const lists = Array.from({ length: 500 }, (_, index) => makeList({ name: `L${index}`, archived: index % 2 === 0 }));
      expect((await socket.pushLists({ rows: lists.map((list) => ({ newDocumentState: list })) })).ok).toBe(true);
    } finally {
      socket.close();
    }
    await refused(
      user,
      'POST',
      '/api/lists',
      { name: 'one more' },
      { status: 409, code: 'LIST_LIMIT', message: /500 lists, the most it may have/ },
    );
    const file = {
      format: 'tasklane-export',
      version: 2,
      exportedAt: new Date().toISOString(),
      lists: [{ ...makeList({ name: 'imported' }), _deleted: false }],
      tasks: [],
    };
    await refused(user, 'POST', '/api/import', file, { status: 409, code: 'LIST_LIMIT', message: /more than the 500 it may have/ });
    // The Inbox does not count, and a deleted list frees its place.
    expect((await call(user, 'PATCH', '/api/lists/inbox', { name: 'In' })).status).toBe(200);
    const [firstList] = ((await call(user, 'GET', '/api/lists?limit=2')).body as ListPage).lists.filter((list) => !list.inbox);
    expect((await call(user, 'DELETE', `/api/lists/${firstList!.id}?tasks=delete`)).status).toBe(204);
    expect((await call(user, 'POST', '/api/lists', { name: 'one more' })).status).toBe(201);
  });
});
