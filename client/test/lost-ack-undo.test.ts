import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import type { Task } from '@tasklane/shared/domain/task';
import { registerUser, type RegisteredUser } from '@tasklane/testkit/api-client';
import { startTestServer, type TestServer } from '@tasklane/testkit/start-test-server';
import { waitFor } from '@tasklane/testkit/sync-socket';
import { createTaskDb, type TaskDatabase } from '../src/db/create-task-db';
import { createTaskRepository } from '../src/db/task-repository';
import { toTask } from '../src/db/to-task';
import { createAuthApi } from '../src/session/auth-api';
import { NetworkError } from '../src/session/session-errors';
import { createMemorySessionStore } from '../src/session/session-store';
import { createMemoryPendingStore } from '../src/sync/pending-tracker';
import { pushJournalOf } from '../src/sync/push-journal';
import { createSyncEngine, type SyncEngine } from '../src/sync/sync-engine';
import type { SocketTransport } from '../src/sync/socket-transport';

/**
 * docs/protocol.md [LE1], [LE2]: a push the server wrote but whose acknowledgement
 * never arrived, then an edit that undoes it. The retry conflicts with the
 * device's own write; the merge must keep the undo. The acknowledgement is
 * dropped on purpose by a wrapper around the socket transport, and the
 * retry waits until the undo is written, so the order is fixed.
 */
describe('an undo after a lost acknowledgement', () => {
  let server: TestServer;
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    await server.close();
  });

  /** The next push reaches the server, its answer is discarded; later pushes wait for `release`. */
  function dropNextAck(transport: SocketTransport) {
    const push = transport.push.bind(transport);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let markDropped!: () => void;
    const dropped = new Promise<void>((resolve) => (markDropped = resolve));
    let first = true;
    transport.push = async (payload) => {
      if (!first) {
        await gate;
        return push(payload);
      }
      first = false;
      await push(payload);
      markDropped();
      throw new NetworkError('acknowledgement lost');
    };
    return { dropped, release };
  }

  async function openDevice(user: RegisteredUser, name: string) {
    const db: TaskDatabase = await createTaskDb({ userId: `${user.id}-${name}`, storage: getRxStorageMemory(), multiInstance: false });
    const sessions = createMemorySessionStore({
      user: { id: user.id, email: user.email },
      accessToken: user.accessToken,
      refreshToken: user.refreshToken,
    });
    const engine: SyncEngine = createSyncEngine({
      collection: db.tasks,
      baseUrl: server.url,
      auth: createAuthApi(server.url),
      sessions,
      pendingStore: createMemoryPendingStore(),
      waitForLeadership: false,
      retryTimeMs: 200,
      reconnectionDelayMs: 200,
    });
    const close = async () => {
      await engine.close();
      await db.close();
    };
    cleanups.push(close);
    return { db, engine, tasks: createTaskRepository(db.tasks), close };
  }

  const stored = (user: RegisteredUser, id: string) => server.store.getTask(user.id, id);
  async function local(db: TaskDatabase, id: string): Promise<Task> {
    const doc = await db.tasks.findOne(id).exec();
    return toTask(doc!.toJSON() as Task);
  }

  it('[LE1] title A→B written but unacknowledged, then back to A and the added tag removed: the server and the device end at A', async () => {
    const user = await registerUser(server.url);
    const phone = await openDevice(user, 'phone');
    const task = await phone.tasks.create({ title: 'A', tags: ['home'] });
    await waitFor(async () => (await stored(user, task.id))?.title === 'A', 5000, 'the create on the server');
    await phone.engine.awaitInSync();

    const lost = dropNextAck(phone.engine.transport);
    await phone.tasks.update(task.id, { title: 'B', tags: ['home', 'work'] });
    await lost.dropped;
    expect(await stored(user, task.id)).toMatchObject({ title: 'B', tags: ['home', 'work'] });

    await phone.tasks.update(task.id, { title: 'A', tags: ['home'] });
    lost.release();
    await waitFor(
      async () =>
        (await stored(user, task.id))?.title === 'A' && (await local(phone.db, task.id)).seq === (await stored(user, task.id))?.seq,
      10_000,
      'the undo on the server and the device in step with it',
    );
    await phone.engine.awaitInSync();
    expect(await stored(user, task.id)).toMatchObject({ title: 'A', tags: ['home'] });
    expect(await local(phone.db, task.id)).toMatchObject({ title: 'A', tags: ['home'] });
    expect(await pushJournalOf(phone.db).pushedStatesOf(task.id)).toEqual([]);
  });

  it('[LE2] the journal survives a reload: the acknowledgement is lost, the app reloads, the user undoes, and the undo wins', async () => {
    const user = await registerUser(server.url);
    let phone = await openDevice(user, 'reloading');
    const task = await phone.tasks.create({ title: 'A', tags: ['home'] });
    await waitFor(async () => (await stored(user, task.id))?.title === 'A', 5000, 'the create on the server');
    await phone.engine.awaitInSync();

    const lost = dropNextAck(phone.engine.transport);
    await phone.tasks.update(task.id, { title: 'B', tags: ['home', 'work'] });
    await lost.dropped;
    await phone.close(); // the tab reloads: only what the database stored survives
    lost.release();
    expect(await stored(user, task.id)).toMatchObject({ title: 'B', tags: ['home', 'work'] });

    phone = await openDevice(user, 'reloading');
    expect((await pushJournalOf(phone.db).pushedStatesOf(task.id)).map((state) => state.title)).toEqual(['B']);
    await phone.tasks.update(task.id, { title: 'A', tags: ['home'] });
    await waitFor(
      async () =>
        (await stored(user, task.id))?.title === 'A' && (await local(phone.db, task.id)).seq === (await stored(user, task.id))?.seq,
      10_000,
      'the undo on the server and the device in step with it',
    );
    await phone.engine.awaitInSync();
    expect(await stored(user, task.id)).toMatchObject({ title: 'A', tags: ['home'] });
    expect(await local(phone.db, task.id)).toMatchObject({ title: 'A', tags: ['home'] });
  });
});
