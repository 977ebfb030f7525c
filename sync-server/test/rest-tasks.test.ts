import type { TaskListPage } from '@tasklane/shared/domain/task-list-page';
import { api, registerUser, type RegisteredUser } from '@tasklane/testkit/api-client';
import { startTestServer, type TestServer } from '@tasklane/testkit/start-test-server';

describe('REST tasks (real server on port 0)', () => {
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

  it('[T2] create fills defaults and returns the stored task with its seq', async () => {
    const created = await api(server.url, 'POST', '/api/tasks', { token: alice.accessToken, body: { title: 'Pay rent', tags: ['home'] } });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      title: 'Pay rent',
      description: '',
      status: 'todo',
      priority: 'medium',
      listId: 'inbox',
      assignee: null,
      due: null,
      recurrence: null,
      recurrenceEditedAt: null,
      occurrence: 0,
      completions: [],
      checklist: [],
      reminders: [],
      order: null,
      tags: ['home'],
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      completedAt: null,
      _deleted: false,
      seq: expect.any(Number),
    });
    const fetched = await api(server.url, 'GET', `/api/tasks/${created.body.id}`, { token: alice.accessToken });
    expect(fetched.body).toEqual(created.body);
  });

  it('[T3] patch changes fields, sets completedAt when done and clears it when reopened', async () => {
    const created = await api(server.url, 'POST', '/api/tasks', { token: alice.accessToken, body: { title: 'Call mum' } });
    const done = await api(server.url, 'PATCH', `/api/tasks/${created.body.id}`, { token: alice.accessToken, body: { status: 'done' } });
    expect(done.status).toBe(200);
    expect(done.body.completedAt).toEqual(expect.any(String));
    expect(done.body.seq).toBeGreaterThan(created.body.seq);
    const reopened = await api(server.url, 'PATCH', `/api/tasks/${created.body.id}`, {
      token: alice.accessToken,
      body: { status: 'todo', title: 'Call mum back' },
    });
    expect(reopened.body).toMatchObject({ status: 'todo', completedAt: null, title: 'Call mum back' });
  });

  it('[T4] delete is a soft delete: 204, then 404, and the tombstone is pulled', async () => {
    const created = await api(server.url, 'POST', '/api/tasks', { token: alice.accessToken, body: { title: 'Temporary' } });
    const removed = await api(server.url, 'DELETE', `/api/tasks/${created.body.id}`, { token: alice.accessToken });
    expect(removed.status).toBe(204);
    expect((await api(server.url, 'GET', `/api/tasks/${created.body.id}`, { token: alice.accessToken })).status).toBe(404);
    const tombstone = await server.store.getTask(alice.id, created.body.id);
    expect(tombstone).toMatchObject({ _deleted: true, title: 'Temporary' });
  });

  it('[L1] [L2] list filters by status and text and pages with nextCursor', async () => {
    const user = await registerUser(server.url);
    for (const title of ['Buy milk', 'Buy bread', 'Fix bike', 'Read book']) {
      await api(server.url, 'POST', '/api/tasks', {
        token: user.accessToken,
        body: { title, status: title === 'Fix bike' ? 'done' : 'todo' },
      });
    }
    const search = await api(server.url, 'GET', '/api/tasks?q=buy', { token: user.accessToken });
    expect((search.body as TaskListPage).tasks.map((task) => task.title).sort()).toEqual(['Buy bread', 'Buy milk']);
    const done = await api(server.url, 'GET', '/api/tasks?status=done', { token: user.accessToken });
    expect((done.body as TaskListPage).tasks.map((task) => task.title)).toEqual(['Fix bike']);
    const firstPage = await api(server.url, 'GET', '/api/tasks?limit=3', { token: user.accessToken });
    expect(firstPage.body.tasks).toHaveLength(3);
    const secondPage = await api(server.url, 'GET', `/api/tasks?limit=3&cursor=${firstPage.body.nextCursor}`, { token: user.accessToken });
    expect(secondPage.body.tasks).toHaveLength(1);
    expect(secondPage.body.nextCursor).toBeNull();
  });

  it('[X1] another user cannot read, change or delete a task by id', async () => {
    const created = await api(server.url, 'POST', '/api/tasks', { token: alice.accessToken, body: { title: 'Private' } });
    const id = created.body.id;
    expect((await api(server.url, 'GET', `/api/tasks/${id}`, { token: bob.accessToken })).status).toBe(404);
    expect((await api(server.url, 'PATCH', `/api/tasks/${id}`, { token: bob.accessToken, body: { title: 'hacked' } })).status).toBe(404);
    expect((await api(server.url, 'DELETE', `/api/tasks/${id}`, { token: bob.accessToken })).status).toBe(404);
    const list = await api(server.url, 'GET', '/api/tasks?q=private', { token: bob.accessToken });
    expect(list.body.tasks).toEqual([]);
    expect((await api(server.url, 'GET', `/api/tasks/${id}`, { token: alice.accessToken })).body).toEqual(created.body);
  });

  it('[T5] requests without a valid access token get 401 UNAUTHENTICATED', async () => {
    for (const token of [undefined, 'garbage', alice.refreshToken]) {
      const response = await api(server.url, 'GET', '/api/tasks', token === undefined ? {} : { token });
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('UNAUTHENTICATED');
    }
  });

  it.each([
    ['POST', '/api/tasks', { title: '' }, 400, 'INVALID_MESSAGE'],
    ['POST', '/api/tasks', { title: 'x', userId: 'someone' }, 400, 'INVALID_MESSAGE'],
    ['POST', '/api/tasks', { title: { $gt: '' } }, 400, 'INVALID_MESSAGE'],
    ['POST', '/api/tasks', { title: 'x', seq: 99 }, 400, 'INVALID_MESSAGE'],
    ['PATCH', '/api/tasks/some-id', {}, 400, 'INVALID_MESSAGE'],
    ['PATCH', '/api/tasks/some-id', { _deleted: false }, 400, 'INVALID_MESSAGE'],
    ['GET', '/api/tasks?limit=abc', undefined, 400, 'INVALID_MESSAGE'],
    ['GET', '/api/tasks?status=todo&status=done', undefined, 400, 'INVALID_MESSAGE'],
    ['GET', '/api/tasks?cursor=bm90LWEtY3Vyc29y', undefined, 400, 'INVALID_MESSAGE'],
    ['GET', '/api/tasks/..%2F..%2Fetc', undefined, 400, 'INVALID_MESSAGE'],
    ['GET', '/api/nothing-here', undefined, 404, 'NOT_FOUND'],
    ['POST', '/api/tasks', { title: 'x', dueAt: '2026-05-01T00:00:00Z', due: null }, 400, 'INVALID_MESSAGE'],
    ['POST', '/api/tasks', { title: 'x', listId: 'nowhere' }, 400, 'INVALID_MESSAGE'],
    ['POST', '/api/tasks', { title: 'x', recurrence: { frequency: 'daily', interval: 1, end: { kind: 'never' } } }, 400, 'INVALID_MESSAGE'],
    ['POST', '/api/tasks', { title: 'x', occurrence: 3 }, 400, 'INVALID_MESSAGE'],
  ])('[V1] [V2] %s %s with bad input %j gets %i %s and writes nothing', async (method, path, body, status, code) => {
    const before = await server.store.pullChanges(alice.id, 0, 1000);
    const response = await api(server.url, method, path, { token: alice.accessToken, ...(body === undefined ? {} : { body }) });
    expect(response.status).toBe(status);
    expect(response.body.error.code).toBe(code);
    expect(await server.store.pullChanges(alice.id, 0, 1000)).toEqual(before);
  });

  it('[V1] [V3] invalid JSON is 400 and an oversized body is 413, both with a code', async () => {
    const invalidJson = await api(server.url, 'POST', '/api/tasks', { token: alice.accessToken, rawBody: '{"title": ' });
    expect(invalidJson.status).toBe(400);
    expect(invalidJson.body.error.code).toBe('INVALID_MESSAGE');
    const huge = await api(server.url, 'POST', '/api/tasks', {
      token: alice.accessToken,
      body: { title: 'x', description: 'y'.repeat(2 * 1024 * 1024) },
    });
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('[O5] /health is live and /ready reports the store', async () => {
    expect((await api(server.url, 'GET', '/health')).status).toBe(200);
    const ready = await api(server.url, 'GET', '/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.checks).toEqual([{ name: 'store', ok: true }]);
  });
});
