import { api, registerUser, type RegisteredUser } from '@tasklane/testkit/api-client';
import { makeTask } from '@tasklane/testkit/task-fixture';
import { startTestServer, type TestServer } from '@tasklane/testkit/start-test-server';
import { connectSocket, type TestSocket } from '@tasklane/testkit/sync-socket';

const LONG_FRACTION = `2026-01-01T00:00:00.${'1'.repeat(200)}Z`;

/** A push acknowledgement refusing one row as invalid ([RJ9]), its message naming `field`. */
const refusedAsInvalid = (id: string, field: string) => ({
  ok: true,
  data: { conflicts: [], refused: [{ id, code: 'INVALID_MESSAGE', message: expect.stringContaining(field) }] },
});

describe('timestamps: bounded and canonical [D6] [D7]', () => {
  let server: TestServer;
  let user: RegisteredUser;
  let socket: TestSocket;

  async function pullAll() {
    const ack = await socket.pull({ checkpoint: null, limit: 1000 });
    if (!ack.ok) throw new Error(`pull failed: ${JSON.stringify(ack.error)}`);
    return ack.data.documents;
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

  it('[D6] [RJ9] a timestamp with a 200-digit fractional second is refused with INVALID_MESSAGE over the socket (its row) and REST, and changes nothing', async () => {
    const before = await pullAll();
    const timedDue = { due: { at: LONG_FRACTION, timeZone: 'UTC' } };
    const withLongDue = makeTask(timedDue);
    expect(await socket.push({ rows: [{ newDocumentState: withLongDue }] })).toEqual(refusedAsInvalid(withLongDue.id, 'due'));
    for (const body of [
      { title: 'due', ...timedDue },
      { title: 'legacy dueAt', dueAt: LONG_FRACTION },
    ]) {
      const rest = await api(server.url, 'POST', '/api/tasks', { token: user.accessToken, body });
      expect([rest.status, rest.body.error?.code]).toEqual([400, 'INVALID_MESSAGE']);
    }
    for (const field of ['createdAt', 'updatedAt', 'completedAt'] as const) {
      const task = makeTask({ status: 'done', completedAt: '2026-01-01T00:00:00.000Z', [field]: LONG_FRACTION });
      expect(await socket.push({ rows: [{ newDocumentState: task }] })).toEqual(refusedAsInvalid(task.id, field));
      const rest = await api(server.url, 'POST', '/api/tasks', {
        token: user.accessToken,
        body: { title: 'long fraction', [field]: LONG_FRACTION },
      });
      expect(rest.status).toBe(400);
      expect(rest.body.error.code).toBe('INVALID_MESSAGE');
    }
    // 40 characters is the bound; 41 is refused, whatever the spelling.
    const fortyOne = `2026-01-01T00:00:00.${'1'.repeat(20)}Z`;
    expect(fortyOne).toHaveLength(41);
    const tooLong = makeTask({ updatedAt: fortyOne });
    expect(await socket.push({ rows: [{ newDocumentState: tooLong }] })).toEqual(refusedAsInvalid(tooLong.id, 'updatedAt'));
    expect(await pullAll()).toEqual(before);
  });

  it('[D7] "+00:00" and other offsets are stored as UTC with milliseconds and "Z", over the socket and REST', async () => {
    const task = makeTask({
      createdAt: '2026-03-01T10:00:00+00:00',
      updatedAt: '2026-03-01T12:30:00.5+02:00',
      due: { at: '2026-03-02T00:00:00.123456-05:00', timeZone: 'America/New_York' },
    });
    expect(await socket.push({ rows: [{ newDocumentState: task }] })).toEqual({ ok: true, data: { conflicts: [] } });
    const stored = (await pullAll()).find((document) => document.id === task.id);
    expect(stored).toMatchObject({
      createdAt: '2026-03-01T10:00:00.000Z',
      updatedAt: '2026-03-01T10:30:00.500Z',
      due: { at: '2026-03-02T05:00:00.123Z', timeZone: 'America/New_York' },
    });

    const created = await api(server.url, 'POST', '/api/tasks', {
      token: user.accessToken,
      body: { title: 'from REST', createdAt: '2026-03-01T10:00:00+01:00', updatedAt: '2026-03-01T10:00:00+01:00' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ createdAt: '2026-03-01T09:00:00.000Z', updatedAt: '2026-03-01T09:00:00.000Z' });
    const patched = await api(server.url, 'PATCH', `/api/tasks/${created.body.id}`, {
      token: user.accessToken,
      body: { due: { at: '2026-04-01T00:00:00-00:30', timeZone: 'Europe/Dublin' } },
    });
    expect(patched.body.due).toEqual({ at: '2026-04-01T00:30:00.000Z', timeZone: 'Europe/Dublin' });
  });

  it('[D7] [W5] a retry that differs only in the spelling of its timestamps is the same row: nothing is written again', async () => {
    const task = makeTask({ createdAt: '2026-05-01T08:00:00+00:00', updatedAt: '2026-05-01T08:00:00+00:00' });
    await socket.push({ rows: [{ newDocumentState: task }] });
    const first = (await pullAll()).find((document) => document.id === task.id)!;
    const respelled = { ...task, createdAt: '2026-05-01T08:00:00Z', updatedAt: '2026-05-01T10:00:00.000+02:00' };
    expect(await socket.push({ rows: [{ newDocumentState: respelled, assumedMasterState: first }] })).toEqual({
      ok: true,
      data: { conflicts: [] },
    });
    const after = (await pullAll()).find((document) => document.id === task.id)!;
    expect(after.seq).toBe(first.seq);
  });

  it('[D6] an instant outside the years 0000-9999 in UTC, which has no canonical spelling, is refused', async () => {
    const task = makeTask({ completedAt: '9999-12-31T23:30:00-01:00', status: 'done' });
    expect(await socket.push({ rows: [{ newDocumentState: task }] })).toEqual(refusedAsInvalid(task.id, 'completedAt'));
  });
});
