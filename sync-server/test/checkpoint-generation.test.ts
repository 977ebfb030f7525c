import { registerUser, type RegisteredUser } from '@tasklane/testkit/api-client';
import { makeTask } from '@tasklane/testkit/task-fixture';
import { startTestServer, type TestServer } from '@tasklane/testkit/start-test-server';
import { connectSocket, waitFor, type TestSocket } from '@tasklane/testkit/sync-socket';

describe('store generation in checkpoints (integration, real server on port 0)', () => {
  let server: TestServer;
  let user: RegisteredUser;
  let socket: TestSocket;
  let generation: string;

  beforeAll(async () => {
    server = await startTestServer();
    generation = await server.store.generation();
    user = await registerUser(server.url);
    socket = await connectSocket(server.url, user.accessToken);
    await socket.push({ rows: [makeTask({ title: 'one' }), makeTask({ title: 'two' })].map((task) => ({ newDocumentState: task })) });
  });
  afterAll(async () => {
    socket.close();
    await server.close();
  });

  it("[G2] every checkpoint the server sends names the store's generation: pull pages, empty pages and changes", async () => {
    const page = await socket.pull({ checkpoint: null, limit: 1 });
    expect(page).toMatchObject({ ok: true, data: { checkpoint: { seq: 1, generation } } });
    const empty = await socket.pull({ checkpoint: { seq: 2, generation }, limit: 10 });
    expect(empty).toEqual({ ok: true, data: { documents: [], checkpoint: { seq: 2, generation } } });
    const nothingYet = await connectSocket(server.url, (await registerUser(server.url)).accessToken);
    try {
      expect(await nothingYet.pull({ checkpoint: null, limit: 10 })).toEqual({ ok: true, data: { documents: [], checkpoint: null } });
    } finally {
      nothingYet.close();
    }
    await socket.push({ rows: [{ newDocumentState: makeTask({ title: 'three' }) }] });
    await waitFor(() => socket.changes.some((event) => event.checkpoint.seq === 3), 5000, 'changes of the third task');
    expect(socket.changes.find((event) => event.checkpoint.seq === 3)).toMatchObject({
      checkpoint: { seq: 3, generation },
      previous: { seq: 2, generation },
    });
    expect(socket.changes.every((event) => event.checkpoint.generation === generation)).toBe(true);
  });

  it('[G3] a checkpoint of another generation is refused with CHECKPOINT_UNKNOWN, even at seq 0', async () => {
    for (const checkpoint of [
      { seq: 1, generation: 'another-store' },
      { seq: 0, generation: 'another-store' },
    ]) {
      const ack = await socket.pull({ checkpoint, limit: 10 });
      expect(ack).toEqual({ ok: false, error: { code: 'CHECKPOINT_UNKNOWN', message: expect.any(String), retryable: false } });
    }
  });

  it("[G3] a checkpoint past the user's newest change is refused, with or without a generation", async () => {
    for (const checkpoint of [{ seq: 999, generation }, { seq: 999 }]) {
      const ack = await socket.pull({ checkpoint, limit: 10 });
      expect(ack).toMatchObject({ ok: false, error: { code: 'CHECKPOINT_UNKNOWN', retryable: false } });
    }
  });

  it('[G4] a legacy checkpoint without a generation is served while in range, and answered with the generation', async () => {
    const ack = await socket.pull({ checkpoint: { seq: 1 }, limit: 1 });
    expect(ack).toMatchObject({ ok: true, data: { documents: [{ title: 'two', seq: 2 }], checkpoint: { seq: 2, generation } } });
    const atTheEnd = await socket.pull({ checkpoint: { seq: 3 }, limit: 1 });
    expect(atTheEnd).toEqual({ ok: true, data: { documents: [], checkpoint: { seq: 3, generation } } });
  });

  it('[G3] [V1] a malformed generation is INVALID_MESSAGE, not CHECKPOINT_UNKNOWN', async () => {
    for (const checkpoint of [
      { seq: 1, generation: '' },
      { seq: 1, generation: 'has spaces' },
      { seq: 1, generation: { $ne: '' } },
    ]) {
      const ack = await socket.pull({ checkpoint, limit: 10 });
      expect(ack).toMatchObject({ ok: false, error: { code: 'INVALID_MESSAGE' } });
    }
  });
});
