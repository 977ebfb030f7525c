import jwt from 'jsonwebtoken';
import { io } from 'socket.io-client';
import { PROTOCOL_VERSION } from '@tasklane/shared/protocol/version';
import { api, registerUser, type RegisteredUser } from '@tasklane/testkit/api-client';
import { makeTask } from '@tasklane/testkit/task-fixture';
import { startTestServer, TEST_TOKEN_SECRETS, type TestServer } from '@tasklane/testkit/start-test-server';
import { connectSocket, sleep, waitFor, type TestSocket } from '@tasklane/testkit/sync-socket';
import { handshakeFailure } from './support/handshake-failure';

function base64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

describe('socket sync (integration, real server on port 0)', () => {
  let server: TestServer;
  let alice: RegisteredUser;
  let bob: RegisteredUser;
  const sockets: TestSocket[] = [];
  const connect = async (token: string) => {
    const socket = await connectSocket(server.url, token);
    sockets.push(socket);
    return socket;
  };

  beforeAll(async () => {
    server = await startTestServer();
    alice = await registerUser(server.url);
    bob = await registerUser(server.url);
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
  });
  afterAll(async () => {
    await server.close();
  });

  it("[CH1] a push on one socket yields changes with previous on the user's other socket, and nothing for another user", async () => {
    const laptop = await connect(alice.accessToken);
    const phone = await connect(alice.accessToken);
    const bobsPhone = await connect(bob.accessToken);
    const before = await laptop.pull({ checkpoint: null, limit: 1000 });
    if (!before.ok) throw new Error('pull failed');

    const task = makeTask({ title: 'from the laptop' });
    const ack = await laptop.push({ rows: [{ newDocumentState: task }] });
    expect(ack).toEqual({ ok: true, data: { conflicts: [] } });

    await waitFor(() => phone.changes.length > 0, 2000, 'changes on the phone');
    const event = phone.changes[0]!;
    expect(event.documents).toHaveLength(1);
    expect(event.documents[0]).toMatchObject({ ...task, seq: expect.any(Number) });
    expect(event.checkpoint).toEqual({ seq: event.documents[0]!.seq, generation: expect.any(String) });
    expect(event.previous).toEqual(before.data.checkpoint);
    await waitFor(() => laptop.changes.length > 0, 2000, 'changes on the writer');
    await sleep(200);
    expect(bobsPhone.changes).toEqual([]);
  });

  it('[P1] [D2] pull pages by checkpoint and returns the server-assigned seq', async () => {
    const socket = await connect(bob.accessToken);
    const tasks = [makeTask({ title: 'one' }), makeTask({ title: 'two' }), makeTask({ title: 'three' })];
    await socket.push({ rows: tasks.map((task) => ({ newDocumentState: task })) });
    const first = await socket.pull({ checkpoint: null, limit: 2 });
    if (!first.ok) throw new Error(first.error.message);
    expect(first.data.documents.map((task) => task.title)).toEqual(['one', 'two']);
    expect(first.data.documents.every((task) => typeof task.seq === 'number')).toBe(true);
    const second = await socket.pull({ checkpoint: first.data.checkpoint, limit: 2 });
    if (!second.ok) throw new Error(second.error.message);
    expect(second.data.documents.map((task) => task.title)).toEqual(['three']);
    const empty = await socket.pull({ checkpoint: second.data.checkpoint, limit: 2 });
    expect(empty).toEqual({ ok: true, data: { documents: [], checkpoint: second.data.checkpoint } });
  });

  it('[W3] a conflicting push returns the server document and writes nothing', async () => {
    const laptop = await connect(alice.accessToken);
    const task = makeTask({ title: 'shared' });
    await laptop.push({ rows: [{ newDocumentState: task }] });
    const pulled = await laptop.pull({ checkpoint: null, limit: 1000 });
    if (!pulled.ok) throw new Error('pull failed');
    const master = pulled.data.documents.find((doc) => doc.id === task.id)!;
    await laptop.push({ rows: [{ newDocumentState: { ...master, title: 'first edit' }, assumedMasterState: master }] });
    const stale = await laptop.push({ rows: [{ newDocumentState: { ...master, title: 'stale edit' }, assumedMasterState: master }] });
    if (!stale.ok) throw new Error('push failed');
    expect(stale.data.conflicts).toHaveLength(1);
    expect(stale.data.conflicts[0]).toMatchObject({ id: task.id, title: 'first edit' });
    const stored = await api(server.url, 'GET', `/api/tasks/${task.id}`, { token: alice.accessToken });
    expect(stored.body.title).toBe('first edit');
  });

  it.each([
    ['a payload that is not an object', 'hello'],
    ['a row without a document', { rows: [{ newDocumentState: null }] }],
    ['501 rows', { rows: Array.from({ length: 501 }, () => ({ newDocumentState: makeTask() })) }],
  ])('[V1] [V3] a malformed push (%s) gets INVALID_MESSAGE and writes nothing', async (_what, payload) => {
    const socket = await connect(alice.accessToken);
    const before = await socket.pull({ checkpoint: null, limit: 1000 });
    const ack = await socket.push(payload);
    expect(ack).toEqual({ ok: false, error: { code: 'INVALID_MESSAGE', message: expect.any(String), retryable: false } });
    const after = await socket.pull({ checkpoint: null, limit: 1000 });
    expect(after).toEqual(before);
  });

  it.each([
    ['a document that is not a task', { id: 'x' }],
    ['an operator object', { ...makeTask(), title: { $ne: null } }],
  ])('[V1] [RJ9] a row whose document is malformed (%s) is refused with INVALID_MESSAGE and writes nothing', async (_what, document) => {
    const socket = await connect(alice.accessToken);
    const before = await socket.pull({ checkpoint: null, limit: 1000 });
    const ack = await socket.push({ rows: [{ newDocumentState: document }] });
    expect(ack).toEqual({
      ok: true,
      data: { conflicts: [], refused: [{ id: document.id, code: 'INVALID_MESSAGE', message: expect.any(String) }] },
    });
    const after = await socket.pull({ checkpoint: null, limit: 1000 });
    expect(after).toEqual(before);
  });

  it('[V1] a malformed pull gets INVALID_MESSAGE', async () => {
    const socket = await connect(alice.accessToken);
    const ack = await socket.pull({ checkpoint: 'latest', limit: 5 });
    expect(ack.ok).toBe(false);
    if (!ack.ok) expect(ack.error.code).toBe('INVALID_MESSAGE');
  });

  it('[H6] [V3] a message over the size limit is cut off without taking the server down', async () => {
    const socket = await connect(alice.accessToken);
    const disconnected = new Promise((resolve) => socket.socket.once('disconnect', resolve));
    socket.socket.emit(
      'push',
      { rows: [{ newDocumentState: { ...makeTask(), description: 'x'.repeat(9 * 1024 * 1024) } }] },
      () => undefined,
    );
    await disconnected;
    const health = await api(server.url, 'GET', '/health');
    expect(health.status).toBe(200);
  });

  it('[H2] expired, forged, alg:none and missing tokens fail the handshake with UNAUTHENTICATED', async () => {
    const expired = jwt.sign({ typ: 'access', exp: Math.floor(Date.now() / 1000) - 60 }, TEST_TOKEN_SECRETS.accessSecret, {
      algorithm: 'HS256',
      issuer: 'tasklane',
      subject: alice.id,
    });
    const forged = jwt.sign({ typ: 'access' }, 'not-the-server-secret-but-long-enough-to-pass', {
      algorithm: 'HS256',
      issuer: 'tasklane',
      subject: alice.id,
      expiresIn: 600,
    });
    const algNone = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({
      typ: 'access',
      sub: alice.id,
      iss: 'tasklane',
      exp: Math.floor(Date.now() / 1000) + 600,
    })}.`;
    const refreshAsAccess = alice.refreshToken;
    for (const token of [expired, forged, algNone, refreshAsAccess, undefined]) {
      const error = await handshakeFailure(server.url, token);
      expect(error.message).toBe('UNAUTHENTICATED');
      expect(error.data).toMatchObject({ code: 'UNAUTHENTICATED', retryable: false });
    }
  });

  it('[H3] an unsupported protocol version fails the handshake with CLIENT_TOO_OLD', async () => {
    const error = await handshakeFailure(server.url, alice.accessToken, 0);
    expect(error.message).toBe('CLIENT_TOO_OLD');
    expect(error.data).toMatchObject({ code: 'CLIENT_TOO_OLD' });
  });

  it('[H1] only the WebSocket transport is served: long-polling is refused', async () => {
    const handshake = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling`);
    expect(handshake.status).toBe(400);
    const refused = await new Promise<Error>((resolve, reject) => {
      const socket = io(server.url, {
        transports: ['polling'],
        auth: { token: alice.accessToken, protocolVersion: PROTOCOL_VERSION },
        reconnection: false,
        forceNew: true,
      });
      socket.once('connect', () => {
        socket.close();
        reject(new Error('a long-polling client connected'));
      });
      socket.once('connect_error', (error) => {
        socket.close();
        resolve(error);
      });
    });
    expect(refused).toBeInstanceOf(Error);
  });

  it('[CH2] one push is one changes event: contiguous seqs, checkpoint at the last, previous just before the first (null at seq 1)', async () => {
    const newcomer = await registerUser(server.url);
    const laptop = await connect(newcomer.accessToken);
    const phone = await connect(newcomer.accessToken);
    const tasks = [makeTask({ title: 'one' }), makeTask({ title: 'two' }), makeTask({ title: 'three' })];
    await laptop.push({ rows: tasks.map((task) => ({ newDocumentState: task })) });
    await waitFor(() => phone.changes.length > 0, 2000, 'the first changes');
    await laptop.push({ rows: [{ newDocumentState: makeTask({ title: 'four' }) }] });
    await waitFor(() => phone.changes.length > 1, 2000, 'the second changes');

    const [first, second] = phone.changes;
    expect(first!.documents.map((task) => task.seq)).toEqual([1, 2, 3]);
    expect(first!.checkpoint).toEqual({ seq: 3, generation: expect.any(String) });
    expect(first!.previous).toBeNull();
    expect(second!.documents.map((task) => task.seq)).toEqual([4]);
    expect(second!.checkpoint).toEqual({ seq: 4, generation: first!.checkpoint.generation });
    expect(second!.previous).toEqual(first!.checkpoint);
  });

  it("[CH1] [T1] a REST write produces changes on the user's sockets", async () => {
    const socket = await connect(bob.accessToken);
    const created = await api(server.url, 'POST', '/api/tasks', { token: bob.accessToken, body: { title: 'made over REST' } });
    expect(created.status).toBe(201);
    await waitFor(() => socket.changes.some((event) => event.documents.some((doc) => doc.id === created.body.id)), 2000, 'changes');
    await api(server.url, 'DELETE', `/api/tasks/${created.body.id}`, { token: bob.accessToken });
    await waitFor(
      () => socket.changes.some((event) => event.documents.some((doc) => doc.id === created.body.id && doc._deleted)),
      2000,
      'tombstone',
    );
  });
});
