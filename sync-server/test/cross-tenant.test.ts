import { api, registerUser, type RegisteredUser } from '@tasklane/testkit/api-client';
import { makeList, makeTask } from '@tasklane/testkit/task-fixture';
import { startTestServer, type TestServer } from '@tasklane/testkit/start-test-server';
import { connectSocket, sleep, type TestSocket } from '@tasklane/testkit/sync-socket';

describe("cross-tenant isolation (user B against user A's tasks and lists)", () => {
  let server: TestServer;
  let alice: RegisteredUser;
  let mallory: RegisteredUser;
  let aliceSocket: TestSocket;
  let mallorySocket: TestSocket;

  beforeAll(async () => {
    server = await startTestServer();
    alice = await registerUser(server.url);
    mallory = await registerUser(server.url);
    aliceSocket = await connectSocket(server.url, alice.accessToken);
    mallorySocket = await connectSocket(server.url, mallory.accessToken);
  });
  afterAll(async () => {
    aliceSocket.close();
    mallorySocket.close();
    await server.close();
  });

  it("[X1] B never reads, changes, deletes or pulls A's tasks, by id or by any checkpoint; A's data is unchanged", async () => {
    const secret = makeTask({ title: 'Alice private plan', description: 'surprise party' });
    await aliceSocket.push({ rows: [{ newDocumentState: secret }] });
    const before = await server.store.pullChanges(alice.id, 0, 1000);
    const aliceMaster = before.find((task) => task.id === secret.id)!;

    expect((await api(server.url, 'GET', `/api/tasks/${secret.id}`, { token: mallory.accessToken })).status).toBe(404);
    expect(
      (await api(server.url, 'PATCH', `/api/tasks/${secret.id}`, { token: mallory.accessToken, body: { title: 'owned' } })).status,
    ).toBe(404);
    expect((await api(server.url, 'DELETE', `/api/tasks/${secret.id}`, { token: mallory.accessToken })).status).toBe(404);
    expect((await api(server.url, 'GET', '/api/tasks?q=surprise', { token: mallory.accessToken })).body.tasks).toEqual([]);

    for (const checkpoint of [null, { seq: 0 }, { seq: aliceMaster.seq - 1 }]) {
      const pulled = await mallorySocket.pull({ checkpoint, limit: 1000 });
      // A checkpoint past Mallory's own newest change is refused ([G3]): no documents either way.
      if (!pulled.ok && pulled.error.code === 'CHECKPOINT_UNKNOWN') continue;
      if (!pulled.ok) throw new Error(pulled.error.message);
      expect(pulled.data.documents.map((task) => task.id)).not.toContain(secret.id);
    }

    // Pushing A's id with A's exact master state as the assumed state is an insert into B's own space.
    const hijack = await mallorySocket.push({
      rows: [{ newDocumentState: { ...aliceMaster, title: 'hijacked', _deleted: true }, assumedMasterState: aliceMaster }],
    });
    expect(hijack).toEqual({ ok: true, data: { conflicts: [] } });
    await sleep(200);
    expect(aliceSocket.changes.flatMap((event) => event.documents).filter((task) => task.title === 'hijacked')).toEqual([]);

    expect(await server.store.pullChanges(alice.id, 0, 1000)).toEqual(before);
    expect((await api(server.url, 'GET', `/api/tasks/${secret.id}`, { token: alice.accessToken })).body.title).toBe('Alice private plan');
    expect((await server.store.getTask(mallory.id, secret.id))!.title).toBe('hijacked');
  });

  it("[X1] [AS3] [AS5] B can neither assign a task to A nor find A's assigned tasks: B's writes naming A are refused and A's data is unchanged", async () => {
    const assigned = await api(server.url, 'POST', '/api/tasks', {
      token: alice.accessToken,
      body: { title: 'Alice assigned to herself', assignee: alice.id },
    });
    expect(assigned.status).toBe(201);
    const before = await server.store.pullChanges(alice.id, 0, 1000);
    const malloryBefore = await server.store.highestSeq(mallory.id);

    for (const assignee of [alice.id, alice.id.toUpperCase()]) {
      const posted = await api(server.url, 'POST', '/api/tasks', { token: mallory.accessToken, body: { title: 'for Alice', assignee } });
      expect([posted.status, posted.body.error.code]).toEqual([400, assignee === alice.id ? 'INVALID_ASSIGNEE' : 'INVALID_MESSAGE']);
    }
    const pushed = await mallorySocket.push({ rows: [{ newDocumentState: makeTask({ title: 'for Alice', assignee: alice.id }) }] });
    const refusedAs = (code: string) => ({ ok: true, data: { conflicts: [], refused: [expect.objectContaining({ code })] } });
    expect(pushed).toEqual(refusedAs('INVALID_ASSIGNEE'));
    // Alice's task id and state pushed by Mallory: an insert into Mallory's space, where Alice may not be assigned.
    const { seq: _seq, ...aliceTask } = before.find((task) => task.id === assigned.body.id)!;
    const hijack = await mallorySocket.push({ rows: [{ newDocumentState: aliceTask }] });
    expect(hijack).toEqual(refusedAs('INVALID_ASSIGNEE'));
    const mine = await api(server.url, 'GET', '/api/tasks?assignee=me', { token: mallory.accessToken });
    expect([mine.status, mine.body.tasks]).toEqual([200, []]);

    expect(await server.store.highestSeq(mallory.id)).toBe(malloryBefore);
    expect(await server.store.pullChanges(alice.id, 0, 1000)).toEqual(before);
    const aliceMine = await api(server.url, 'GET', '/api/tasks?assignee=me', { token: alice.accessToken });
    expect((aliceMine.body.tasks as { title: string }[]).map((task) => task.title)).toEqual(['Alice assigned to herself']);
  });

  it("[X1] [DM22] B never pulls, receives or changes A's lists, by any checkpoint; pushing A's list id writes B's own list", async () => {
    const secret = makeList({ name: 'Alice surprise party' });
    await aliceSocket.pushLists({ rows: [{ newDocumentState: secret }] });
    const before = await server.store.pullListChanges(alice.id, 0, 1000);
    const aliceMaster = before.find((list) => list.id === secret.id)!;
    await sleep(200);
    expect(mallorySocket.listChanges).toEqual([]);

    for (const checkpoint of [null, { seq: 0 }, { seq: aliceMaster.seq - 1 }]) {
      const pulled = await mallorySocket.pullLists({ checkpoint, limit: 1000 });
      if (!pulled.ok && pulled.error.code === 'CHECKPOINT_UNKNOWN') continue; // past Mallory's own newest change ([G3])
      if (!pulled.ok) throw new Error(pulled.error.message);
      expect(pulled.data.documents.map((list) => list.id)).not.toContain(secret.id);
    }

    const hijack = await mallorySocket.pushLists({
      rows: [{ newDocumentState: { ...aliceMaster, name: 'hijacked', _deleted: true }, assumedMasterState: aliceMaster }],
    });
    expect(hijack).toEqual({ ok: true, data: { conflicts: [] } });
    await sleep(200);
    expect(aliceSocket.listChanges.flatMap((event) => event.documents).filter((list) => list.name === 'hijacked')).toEqual([]);
    expect(mallorySocket.listChanges.flatMap((event) => event.documents).map((list) => list.name)).toEqual(['hijacked']);

    expect(await server.store.pullListChanges(alice.id, 0, 1000)).toEqual(before);
    expect(await server.store.getList(alice.id, secret.id)).toEqual(aliceMaster);
    expect((await server.store.getList(mallory.id, secret.id))!.name).toBe('hijacked');
  });

  it('[X1] [SH1] [SH2] B cannot see, join, change or leave a list A shares with C: its members, invitations and tasks are "not found" to B, and nothing changes', async () => {
    const carol = await registerUser(server.url);
    const call = (user: RegisteredUser, method: string, path: string, body?: unknown) =>
      api(server.url, method, path, { token: user.accessToken, ...(body === undefined ? {} : { body }) });
    const list = (await call(alice, 'POST', '/api/lists', { name: 'Alice and Carol' })).body as { id: string };
    const task = (await call(alice, 'POST', '/api/tasks', { title: 'Shared secret', listId: list.id })).body as { id: string };
    const toCarol = (await call(alice, 'POST', `/api/lists/${list.id}/invitations`, { email: carol.email, role: 'editor' })).body as {
      id: string;
    };
    const pending = (await call(alice, 'POST', `/api/lists/${list.id}/invitations`, { email: 'dave@example.com', role: 'viewer' }))
      .body as {
      id: string;
    };
    expect((await call(mallory, 'POST', `/api/invitations/${toCarol.id}/accept`)).status).toBe(404);
    expect((await call(carol, 'POST', `/api/invitations/${toCarol.id}/accept`)).status).toBe(200);
    const members = await server.store.listMembers(alice.id, list.id);

    const attempts: Array<[string, string, unknown?]> = [
      ['GET', `/api/lists/${list.id}`],
      ['GET', `/api/lists/${list.id}/members`],
      ['GET', `/api/lists/${list.id}/invitations`],
      ['POST', `/api/lists/${list.id}/invitations`, { email: mallory.email, role: 'editor' }],
      ['DELETE', `/api/lists/${list.id}/invitations/${pending.id}`],
      ['PATCH', `/api/lists/${list.id}/members/${carol.id}`, { role: 'viewer' }],
      ['DELETE', `/api/lists/${list.id}/members/${carol.id}`],
      ['POST', `/api/lists/${list.id}/owner`, { userId: mallory.id }],
      ['POST', `/api/invitations/${pending.id}/accept`],
      ['POST', `/api/invitations/${pending.id}/decline`],
      ['GET', `/api/tasks/${task.id}`],
      ['PATCH', `/api/tasks/${task.id}`, { title: 'hijacked' }],
      ['DELETE', `/api/tasks/${task.id}`],
    ];
    for (const [method, path, body] of attempts)
      expect([method, path, (await call(mallory, method, path, body)).status]).toEqual([method, path, 404]);
    expect(((await call(mallory, 'GET', '/api/tasks?q=secret')).body as { tasks: unknown[] }).tasks).toEqual([]);
    expect(((await call(mallory, 'GET', '/api/memberships')).body as { lists: unknown[] }).lists).toEqual([]);
    // a task pushed with the list's id stays Mallory's own ([X1]): nobody in the list sees it
    const spam = makeTask({ title: 'spam', listId: list.id });
    expect(await mallorySocket.push({ rows: [{ newDocumentState: spam }] })).toEqual({ ok: true, data: { conflicts: [] } });
    expect(await server.store.getTask(carol.id, spam.id)).toBeNull();
    expect(await server.store.getTask(alice.id, spam.id)).toBeNull();
    const pulled = await mallorySocket.pull({ checkpoint: null, limit: 1000 });
    expect(pulled.ok && pulled.data.documents.map((doc) => doc.title)).not.toContain('Shared secret');

    expect(await server.store.listMembers(alice.id, list.id)).toEqual(members);
    expect((await server.store.getTask(carol.id, task.id))?.title).toBe('Shared secret');
    expect((await server.store.listInvitations(alice.id, list.id, new Date().toISOString())).map((entry) => entry.id)).toEqual([
      pending.id,
    ]);
  });
});
