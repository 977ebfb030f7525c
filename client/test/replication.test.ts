import jwt from 'jsonwebtoken';
import { api, registerUser, type RegisteredUser } from '@tasklane/testkit/api-client';
import { makeTask } from '@tasklane/testkit/task-fixture';
import { startTestServer, TEST_TOKEN_SECRETS, type TestServer } from '@tasklane/testkit/start-test-server';
import { connectSocket, waitFor } from '@tasklane/testkit/sync-socket';
import type { Task } from '@tasklane/shared/domain/task';
import type { SyncStatus } from '../src/sync/sync-engine';
import { pushConflictsSoFar } from '../src/sync/rxdb-internals';
import { createTestDevice, type TestDevice } from '@tasklane/testkit/test-device';

async function serverTasks(server: TestServer, user: RegisteredUser): Promise<Task[]> {
  const response = await api(server.url, 'GET', '/api/tasks?limit=500', { token: user.accessToken });
  expect(response.status).toBe(200);
  return response.body.tasks as Task[];
}

describe('client replication against a real server', () => {
  let server: TestServer;
  const devices: TestDevice[] = [];

  async function device(user: RegisteredUser, clock?: () => Date) {
    const created = await createTestDevice(server.url, user, clock ? { clock } : {});
    devices.push(created);
    return created;
  }

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterEach(async () => {
    await Promise.all(devices.splice(0).map((d) => d.close()));
  });
  afterAll(async () => {
    await server.close();
  });

  it('[R1] tasks created and edited offline reach the server once online, and the waiting count returns to 0', async () => {
    const user = await registerUser(server.url);
    const phone = await device(user);
    const offline = await phone.goOffline();
    const a = await phone.tasks.create({ title: 'Buy milk' });
    const b = await phone.tasks.create({ title: 'Call mum', priority: 'high' });
    await phone.tasks.update(a.id, { title: 'Buy oat milk', tags: ['shop'] });
    await phone.tasks.toggleComplete(b.id);
    await waitFor(() => latest(offline).pendingIds.size === 2, 5000, 'two tasks waiting');
    await waitFor(() => latest(offline).connection === 'offline', 5000, 'offline state');

    const engine = await phone.goOnline();
    await engine.awaitInSync();
    await waitFor(async () => (await serverTasks(server, user)).length === 2, 8000, 'tasks on the server');
    const onServer = await serverTasks(server, user);
    const milk = onServer.find((task) => task.id === a.id);
    const mum = onServer.find((task) => task.id === b.id);
    expect(milk).toMatchObject({ title: 'Buy oat milk', tags: ['shop'], status: 'todo' });
    expect(mum).toMatchObject({ title: 'Call mum', priority: 'high', status: 'done' });
    expect(mum?.completedAt).not.toBeNull();
    await waitFor(() => latest(engine).pendingIds.size === 0, 5000, 'waiting count 0');
    expect(latest(engine).lastSyncedAt).not.toBeNull();
  });

  it('[R2] a change on one device reaches another live, with server-assigned seq kept so later edits do not conflict', async () => {
    const user = await registerUser(server.url);
    const laptop = await device(user);
    const phone = await device(user);
    const laptopEngine = await laptop.goOnline();
    await phone.goOnline();
    await laptopEngine.awaitInSync();
    const task = await laptop.tasks.create({ title: 'Plan trip' });
    await waitFor(async () => (await phone.localTasks()).some((t) => t.id === task.id), 5000, 'task on the phone');
    await phone.tasks.update(task.id, { description: 'Rome, in May' });
    await waitFor(async () => (await laptop.localTasks()).some((t) => t.description === 'Rome, in May'), 5000, 'edit on the laptop');
    await laptop.tasks.update(task.id, { title: 'Plan Rome trip' });
    await waitFor(async () => (await phone.localTasks()).some((t) => t.title === 'Plan Rome trip'), 5000, 'second edit on the phone');
    const [onServer] = await serverTasks(server, user);
    expect(onServer).toMatchObject({ title: 'Plan Rome trip', description: 'Rome, in May' });
    expect(pushConflictsSoFar(laptopEngine.replication)).toBe(0);
  });

  it('[R3] [W7] concurrent offline edits of different fields merge: the new title and the new status both survive everywhere', async () => {
    const user = await registerUser(server.url);
    const laptop = await device(user);
    const phone = await device(user);
    const task = await laptop.tasks.create({ title: 'Draft report' });
    await (await laptop.goOnline()).awaitInSync();
    const phoneEngine = await phone.goOnline();
    await waitFor(async () => (await phone.localTasks()).length === 1, 5000, 'phone has the task');
    await phoneEngine.awaitInSync();
    await laptop.goOffline();
    await phone.goOffline();

    await laptop.tasks.update(task.id, { title: 'Draft final report' });
    await phone.tasks.update(task.id, { status: 'in_progress' });

    await (await laptop.goOnline()).awaitInSync();
    const merged: string[] = [];
    const engine = await phone.goOnline();
    engine.conflicts$.subscribe((conflict) => merged.push(conflict.taskId));
    await engine.awaitInSync();

    const expected = { title: 'Draft final report', status: 'in_progress' };
    await waitFor(async () => (await serverTasks(server, user))[0]?.status === 'in_progress', 8000, 'server has the merge');
    expect((await serverTasks(server, user))[0]).toMatchObject(expected);
    await waitFor(async () => (await laptop.localTasks())[0]?.status === 'in_progress', 8000, 'laptop has the merge');
    expect((await laptop.localTasks())[0]).toMatchObject(expected);
    expect((await phone.localTasks())[0]).toMatchObject(expected);
    expect(merged).toEqual([task.id]);
  });

  it('[R4] an expired access token is refreshed and the device reconnects and syncs without user action', async () => {
    const user = await registerUser(server.url);
    const expired = jwt.sign({ typ: 'access' }, TEST_TOKEN_SECRETS.accessSecret, {
      algorithm: 'HS256',
      issuer: 'tasklane',
      subject: user.id,
      expiresIn: -10,
    });
    const phone = await device({ ...user, accessToken: expired });
    const task = await phone.tasks.create({ title: 'Renew passport' });
    const engine = await phone.goOnline();
    await engine.awaitInSync();
    await waitFor(async () => (await serverTasks(server, user)).some((t) => t.id === task.id), 8000, 'task on the server');
    const session = phone.sessions.read();
    expect(session?.accessToken).not.toBe(expired);
    expect(session?.refreshToken).not.toBe(user.refreshToken); // rotated
    expect(latest(engine).connection).toBe('online');
  });

  it('[R4b] a token that expires while connected is renewed ahead of time, so live changes keep arriving', async () => {
    const shortLived = await startTestServer({
      tokens: { ...TEST_TOKEN_SECRETS, accessTtlSeconds: 2, refreshTtlSeconds: 3600 },
    });
    try {
      const user = await registerUser(shortLived.url);
      const phone = await createTestDevice(shortLived.url, user);
      devices.push(phone);
      const engine = await phone.goOnline();
      await engine.awaitInSync();
      const firstToken = phone.sessions.read()?.accessToken;
      await new Promise((resolve) => setTimeout(resolve, 2600)); // past the first token's expiry
      const created = await api(shortLived.url, 'POST', '/api/tasks', {
        token: phone.sessions.read()!.accessToken,
        body: { title: 'Sent through REST' },
      });
      expect(created.status).toBe(201);
      await waitFor(async () => (await phone.localTasks()).some((t) => t.title === 'Sent through REST'), 5000, 'live change after expiry');
      expect(phone.sessions.read()?.accessToken).not.toBe(firstToken);
    } finally {
      await Promise.all(devices.splice(0).map((d) => d.close()));
      await shortLived.close();
    }
  });

  it('[R5] [CH3] a changes event whose previous is past the client checkpoint makes the client RESYNC and pull what it missed', async () => {
    const user = await registerUser(server.url);
    const phone = await device(user);
    const engine = await phone.goOnline({ safetyResyncMs: 10 * 60_000 });
    await engine.awaitInSync();
    const pulls: unknown[] = [];
    const originalPull = engine.transport.pull.bind(engine.transport);
    engine.transport.pull = (payload) => {
      pulls.push(payload);
      return originalPull(payload);
    };
    // A write that is never broadcast: the client cannot know about it from events.
    const silent = makeTask({ id: 'silent-1', title: 'Written behind the broadcast', priority: 'low' });
    await server.store.applyPush(user.id, [{ newDocumentState: silent }]);
    // The next broadcast starts after the silent write: a gap.
    await api(server.url, 'POST', '/api/tasks', { token: user.accessToken, body: { title: 'Broadcast one' } });
    await waitFor(async () => (await phone.localTasks()).some((t) => t.id === 'silent-1'), 5000, 'the missed task');
    expect((await phone.localTasks()).map((t) => t.title).sort()).toEqual(['Broadcast one', 'Written behind the broadcast']);
    expect(pulls.length).toBeGreaterThan(0);
  });

  it('[R6] [CH4] the slow safety RESYNC heals a lost broadcast even when nothing else happens', async () => {
    const user = await registerUser(server.url);
    const phone = await device(user);
    const engine = await phone.goOnline({ safetyResyncMs: 300 });
    await engine.awaitInSync();
    const silent = makeTask({ id: 'silent-2', title: 'Never broadcast', priority: 'low' });
    await server.store.applyPush(user.id, [{ newDocumentState: silent }]);
    await waitFor(async () => (await phone.localTasks()).some((t) => t.id === 'silent-2'), 5000, 'the missed task');
  });

  it('[R7] a delete replicates as a tombstone and undo brings the task back everywhere', async () => {
    const user = await registerUser(server.url);
    const laptop = await device(user);
    const phone = await device(user);
    const laptopEngine = await laptop.goOnline();
    await phone.goOnline();
    const task = await laptop.tasks.create({ title: 'Temporary' });
    await waitFor(async () => (await phone.localTasks()).length === 1, 5000, 'phone has it');
    const removed = await laptop.tasks.remove(task.id);
    await waitFor(async () => (await phone.localTasks()).length === 0, 5000, 'phone lost it');
    await laptopEngine.awaitInSync();
    expect(await serverTasks(server, user)).toEqual([]);
    await laptop.tasks.restore(removed);
    await waitFor(async () => (await phone.localTasks()).some((t) => t.title === 'Temporary'), 5000, 'phone has it back');
    expect((await serverTasks(server, user)).map((t) => t.title)).toEqual(['Temporary']);
  });

  it('[R8] a first sync of a large account delivers every task and reports progress per burst, not per document', async () => {
    const user = await registerUser(server.url);
    const writer = await connectSocket(server.url, user.accessToken);
    const total = 3000;
    for (let written = 0; written < total; written += 500) {
      const ack = await writer.push({
        rows: Array.from({ length: 500 }, (_, i) => ({ newDocumentState: makeTask({ title: `bulk ${written + i}` }) })),
      });
      expect(ack.ok).toBe(true);
    }
    writer.close();

    const fresh = await device(user);
    const engine = await fresh.goOnline();
    let statusEmissions = 0;
    let largestPending = 0;
    let latest: SyncStatus | undefined;
    const subscription = engine.status$.subscribe((status) => {
      statusEmissions += 1;
      largestPending = Math.max(largestPending, status.pendingIds.size);
      latest = status;
    });
    await engine.replication.awaitInitialReplication();
    await waitFor(async () => (await fresh.db.tasks.count().exec()) === total, 20_000, `${total} tasks on the new device`);
    await waitFor(() => latest?.pendingIds.size === 0 && latest.initialSync === null, 8000, 'nothing pending');
    subscription.unsubscribe();
    // Once per document would be thousands of emissions (and a set copy each: quadratic).
    expect(statusEmissions).toBeLessThan(total / 10);
    expect(largestPending).toBeLessThanOrEqual(total);
  });
});

function latest<T>(engine: { status$: { subscribe(fn: (value: T) => void): { unsubscribe(): void } } }): T {
  let value!: T;
  engine.status$.subscribe((v) => (value = v)).unsubscribe();
  return value;
}
