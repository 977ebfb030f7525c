import { api, registerUser, type RegisteredUser } from '@tasklane/testkit/api-client';
import { makeTask } from '@tasklane/testkit/task-fixture';
import { startTestServer, type TestServer } from '@tasklane/testkit/start-test-server';
import { connectSocket, waitFor, type TestSocket } from '@tasklane/testkit/sync-socket';

const EDITED_AT = '2026-03-02T10:00:00.000Z';
const DONE_AT = '2026-03-01T08:30:00.000Z';

describe('task invariants on every write path (real server on port 0)', () => {
  let server: TestServer;
  let user: RegisteredUser;
  let socket: TestSocket;
  const rest = (method: string, path: string, body?: unknown) => api(server.url, method, path, { token: user.accessToken, body });

  beforeAll(async () => {
    server = await startTestServer();
    user = await registerUser(server.url);
    socket = await connectSocket(server.url, user.accessToken);
  });
  afterAll(async () => {
    socket.close();
    await server.close();
  });

  it('[D4] a push derives completedAt from status: cleared unless done, the row updatedAt when done without one, kept when given', async () => {
    const todoWithDate = makeTask({ status: 'todo', completedAt: DONE_AT, updatedAt: EDITED_AT });
    const doneWithout = makeTask({ status: 'done', completedAt: null, updatedAt: EDITED_AT });
    const doneWith = makeTask({ status: 'done', completedAt: DONE_AT, updatedAt: EDITED_AT });
    const ack = await socket.push({ rows: [todoWithDate, doneWithout, doneWith].map((task) => ({ newDocumentState: task })) });
    expect(ack).toEqual({ ok: true, data: { conflicts: [] } });
    expect(await server.store.getTask(user.id, todoWithDate.id)).toMatchObject({ status: 'todo', completedAt: null });
    expect(await server.store.getTask(user.id, doneWithout.id)).toMatchObject({ status: 'done', completedAt: EDITED_AT });
    expect(await server.store.getTask(user.id, doneWith.id)).toMatchObject({ status: 'done', completedAt: DONE_AT });

    // The changes carry the derived value, and a retry of the same row is still harmless ([W5]).
    await waitFor(() => socket.changes.some((event) => event.documents.some((doc) => doc.id === doneWithout.id)), 2000, 'changes');
    const broadcast = socket.changes.flatMap((event) => event.documents).find((doc) => doc.id === doneWithout.id);
    expect(broadcast?.completedAt).toBe(EDITED_AT);
    const stored = (await server.store.getTask(user.id, doneWithout.id))!;
    const retry = await socket.push({ rows: [{ newDocumentState: doneWithout, assumedMasterState: stored }] });
    expect(retry).toEqual({ ok: true, data: { conflicts: [] } });
    expect(await server.store.getTask(user.id, doneWithout.id)).toEqual(stored);
  });

  it('[D4] REST create and patch derive completedAt the same way', async () => {
    const todo = await rest('POST', '/api/tasks', { title: 'not done', completedAt: DONE_AT });
    expect(todo.status).toBe(201);
    expect(todo.body).toMatchObject({ status: 'todo', completedAt: null });
    const done = await rest('POST', '/api/tasks', { title: 'done', status: 'done', updatedAt: EDITED_AT });
    expect(done.body).toMatchObject({ status: 'done', completedAt: EDITED_AT });
    const given = await rest('POST', '/api/tasks', { title: 'done earlier', status: 'done', completedAt: DONE_AT });
    expect(given.body).toMatchObject({ status: 'done', completedAt: DONE_AT });

    const ignored = await rest('PATCH', `/api/tasks/${todo.body.id}`, { completedAt: DONE_AT });
    expect(ignored.status).toBe(200);
    expect(ignored.body.completedAt).toBeNull();
    const completed = await rest('PATCH', `/api/tasks/${todo.body.id}`, { status: 'done', updatedAt: EDITED_AT });
    expect(completed.body).toMatchObject({ status: 'done', completedAt: EDITED_AT });
    const kept = await rest('PATCH', `/api/tasks/${todo.body.id}`, { title: 'still done' });
    expect(kept.body.completedAt).toBe(completed.body.completedAt);
    const reopened = await rest('PATCH', `/api/tasks/${todo.body.id}`, { status: 'in_progress' });
    expect(reopened.body.completedAt).toBeNull();
  });

  it('[D5] [RJ9] duplicate tags are refused with INVALID_MESSAGE over the socket (that row alone) and REST, and nothing of it is written', async () => {
    const task = makeTask({ tags: ['home', 'home'] });
    const fine = makeTask({ tags: ['home', 'Home'] });
    const ack = await socket.push({ rows: [{ newDocumentState: fine }, { newDocumentState: task }] });
    expect(ack).toEqual({
      ok: true,
      data: { conflicts: [], refused: [{ id: task.id, code: 'INVALID_MESSAGE', message: expect.stringContaining('tags must be unique') }] },
    });
    expect(await server.store.getTask(user.id, task.id)).toBeNull();
    expect((await server.store.getTask(user.id, fine.id))!.tags).toEqual(['home', 'Home']);

    const created = await rest('POST', '/api/tasks', { title: 'tagged twice', tags: ['a', 'b', 'a'] });
    expect(created.status).toBe(400);
    expect(created.body.error).toMatchObject({ code: 'INVALID_MESSAGE' });
    const okay = await rest('POST', '/api/tasks', { title: 'tags differ in case', tags: ['home', 'Home'] });
    expect(okay.status).toBe(201);
    const patched = await rest('PATCH', `/api/tasks/${okay.body.id}`, { tags: ['x', 'x'] });
    expect(patched.status).toBe(400);
    expect((await rest('GET', `/api/tasks/${okay.body.id}`)).body.tags).toEqual(['home', 'Home']);
  });

  it('[D5] tags compare in Unicode NFC: a tag typed decomposed is stored composed, and the two spellings together are duplicates', async () => {
    const composed = 'caf\u00e9';
    const decomposed = 'cafe\u0301';
    const task = makeTask({ tags: [decomposed, 'home'] });
    expect(await socket.push({ rows: [{ newDocumentState: task }] })).toMatchObject({ ok: true, data: { conflicts: [] } });
    expect((await server.store.getTask(user.id, task.id))!.tags).toEqual([composed, 'home']);
    // The same row again is a harmless retry ([W5]): it writes nothing.
    const before = (await server.store.getTask(user.id, task.id))!.seq;
    await socket.push({ rows: [{ newDocumentState: task }] });
    expect((await server.store.getTask(user.id, task.id))!.seq).toBe(before);

    const twice = makeTask({ tags: [composed, decomposed] });
    const refused = await socket.push({ rows: [{ newDocumentState: twice }] });
    expect(refused).toMatchObject({ ok: true, data: { refused: [{ id: twice.id, code: 'INVALID_MESSAGE' }] } });
    expect(await server.store.getTask(user.id, twice.id)).toBeNull();
    const viaRest = await rest('POST', '/api/tasks', { title: 'decomposed over REST', tags: [decomposed] });
    expect(viaRest.status).toBe(201);
    expect(viaRest.body.tags).toEqual([composed]);
  });

  it('[T6] PATCH and DELETE of a tombstone answer 404 and change nothing', async () => {
    const created = await rest('POST', '/api/tasks', { title: 'gone' });
    expect((await rest('DELETE', `/api/tasks/${created.body.id}`)).status).toBe(204);
    const tombstone = await server.store.getTask(user.id, created.body.id);
    const eventsBefore = socket.changes.length;

    const patch = await rest('PATCH', `/api/tasks/${created.body.id}`, { title: 'back?' });
    expect(patch.status).toBe(404);
    expect(patch.body.error).toMatchObject({ code: 'NOT_FOUND' });
    const again = await rest('DELETE', `/api/tasks/${created.body.id}`);
    expect(again.status).toBe(404);
    expect(again.body.error).toMatchObject({ code: 'NOT_FOUND' });
    const recreate = await rest('POST', '/api/tasks', { id: created.body.id, title: 'same id' });
    expect(recreate.status).toBe(409);

    expect(await server.store.getTask(user.id, created.body.id)).toEqual(tombstone);
    // A marker write proves the socket is still hearing changes, and that none came from the refused requests.
    const marker = await rest('POST', '/api/tasks', { title: 'marker' });
    await waitFor(() => socket.changes.slice(eventsBefore).length > 0, 2000, 'the marker change');
    expect(socket.changes.slice(eventsBefore).flatMap((event) => event.documents.map((doc) => doc.id))).toEqual([marker.body.id]);
  });

  it('[T2] every omitted field of a REST create gets its documented default', async () => {
    const before = Date.now();
    const created = await rest('POST', '/api/tasks', { title: 'only a title' });
    const after = Date.now();
    expect(created.status).toBe(201);
    const { id, createdAt, updatedAt, seq, ...defaults } = created.body;
    expect(defaults).toEqual({
      title: 'only a title',
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
      tags: [],
      completedAt: null,
      _deleted: false,
    });
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(createdAt).toBe(updatedAt);
    expect(Date.parse(createdAt)).toBeGreaterThanOrEqual(before - 1);
    expect(Date.parse(createdAt)).toBeLessThanOrEqual(after + 1);
    expect(seq).toEqual(expect.any(Number));
  });
});
