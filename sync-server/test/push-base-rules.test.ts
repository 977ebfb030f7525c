import type { StoredTask } from '@tasklane/shared/domain/task';
import { api, registerUser, type RegisteredUser } from '@tasklane/testkit/api-client';
import { makeTask } from '@tasklane/testkit/task-fixture';
import { startTestServer, type TestServer } from '@tasklane/testkit/start-test-server';
import { connectSocket, waitFor, type TestSocket } from '@tasklane/testkit/sync-socket';

describe('push: tombstones and assumedMasterState (real server on port 0)', () => {
  let server: TestServer;
  let user: RegisteredUser;
  let socket: TestSocket;

  /** Inserts a task and returns the server's copy of it, seq included. */
  async function stored(title: string): Promise<StoredTask> {
    const task = makeTask({ title });
    const ack = await socket.push({ rows: [{ newDocumentState: task }] });
    expect(ack).toEqual({ ok: true, data: { conflicts: [] } });
    return (await server.store.getTask(user.id, task.id))!;
  }

  beforeAll(async () => {
    server = await startTestServer();
    user = await registerUser(server.url);
    socket = await connectSocket(server.url, user.accessToken);
  });
  afterAll(async () => {
    socket.close();
    await server.close();
  });

  it('[W8] a push with _deleted: false and the tombstone as base revives it: new seq, changes, visible over REST again', async () => {
    const task = await stored('deleted, then restored');
    expect((await api(server.url, 'DELETE', `/api/tasks/${task.id}`, { token: user.accessToken })).status).toBe(204);
    const tombstone = (await server.store.getTask(user.id, task.id))!;
    expect(tombstone._deleted).toBe(true);

    const withoutBase = await socket.push({ rows: [{ newDocumentState: { ...tombstone, _deleted: false } }] });
    expect(withoutBase).toEqual({ ok: true, data: { conflicts: [tombstone] } });

    const eventsBefore = socket.changes.length;
    const revived = await socket.push({ rows: [{ newDocumentState: { ...tombstone, _deleted: false }, assumedMasterState: tombstone }] });
    expect(revived).toEqual({ ok: true, data: { conflicts: [] } });
    const now = (await server.store.getTask(user.id, task.id))!;
    expect(now).toMatchObject({ _deleted: false, title: 'deleted, then restored' });
    expect(now.seq).toBeGreaterThan(tombstone.seq);
    await waitFor(
      () => socket.changes.slice(eventsBefore).some((event) => event.documents.some((doc) => doc.id === task.id)),
      2000,
      'changes',
    );
    const overRest = await api(server.url, 'GET', `/api/tasks/${task.id}`, { token: user.accessToken });
    expect(overRest.status).toBe(200);
    expect(overRest.body).toEqual(now);
  });

  it('[W9] only the seq of assumedMasterState is compared: stale content with the current seq writes, current content with an old seq conflicts', async () => {
    const task = await stored('original');
    const staleContent = { ...task, title: 'what the client thought', description: 'and more', tags: ['x'] };
    const written = await socket.push({ rows: [{ newDocumentState: { ...task, title: 'edited' }, assumedMasterState: staleContent }] });
    expect(written).toEqual({ ok: true, data: { conflicts: [] } });
    const current = (await server.store.getTask(user.id, task.id))!;
    expect(current.title).toBe('edited');

    const oldSeq = await socket.push({
      rows: [{ newDocumentState: { ...current, title: 'again' }, assumedMasterState: { ...current, seq: task.seq } }],
    });
    expect(oldSeq).toEqual({ ok: true, data: { conflicts: [current] } });
    expect((await server.store.getTask(user.id, task.id))!.title).toBe('edited');
  });

  it.each([
    ['only id and seq', (task: StoredTask) => ({ id: task.id, seq: task.seq })],
    ['a field missing', (task: StoredTask) => ({ ...task, title: undefined })],
    ['an invalid field', (task: StoredTask) => ({ ...task, status: 'finished' })],
  ])(
    '[W10] [RJ10] an assumedMasterState with %s never matches: the row conflicts as without one; the other row of the push is written',
    async (_what, base) => {
      const task = await stored('must stay');
      const other = makeTask({ title: 'in the same push' });
      const ack = await socket.push({
        rows: [{ newDocumentState: other }, { newDocumentState: { ...task, title: 'changed' }, assumedMasterState: base(task) }],
      });
      expect(ack).toEqual({ ok: true, data: { conflicts: [task] } });
      expect(await server.store.getTask(user.id, other.id)).toMatchObject({ title: 'in the same push' });
      expect(await server.store.getTask(user.id, task.id)).toEqual(task);
    },
  );

  it('[W10] an assumedMasterState with another id makes the whole push INVALID_MESSAGE and writes nothing', async () => {
    const task = await stored('must stay');
    const other = makeTask({ title: 'in the same push' });
    const ack = await socket.push({
      rows: [
        { newDocumentState: other },
        { newDocumentState: { ...task, title: 'changed' }, assumedMasterState: { ...task, id: `${task.id}-other` } },
      ],
    });
    expect(ack).toEqual({ ok: false, error: { code: 'INVALID_MESSAGE', message: expect.any(String), retryable: false } });
    expect(await server.store.getTask(user.id, other.id)).toBeNull();
    expect(await server.store.getTask(user.id, task.id)).toEqual(task);
  });

  it('[W11] an assumedMasterState without seq conflicts like a missing one, even when everything else matches', async () => {
    const task = await stored('base without seq');
    const { seq: _seq, ...withoutSeq } = task;
    const edit = await socket.push({ rows: [{ newDocumentState: { ...withoutSeq, title: 'edited' }, assumedMasterState: withoutSeq }] });
    expect(edit).toEqual({ ok: true, data: { conflicts: [task] } });
    expect(await server.store.getTask(user.id, task.id)).toEqual(task);

    const sameContent = await socket.push({ rows: [{ newDocumentState: withoutSeq, assumedMasterState: withoutSeq }] });
    expect(sameContent).toEqual({ ok: true, data: { conflicts: [task] } });
    expect(await server.store.getTask(user.id, task.id)).toEqual(task);
  });
});
