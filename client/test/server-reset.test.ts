import Database from 'better-sqlite3';
import path from 'node:path';
import { api, registerUser, type RegisteredUser } from '@tasklane/testkit/api-client';
import { freePort } from '@tasklane/testkit/free-port';
import { startServerProcess, type ServerProcess } from '@tasklane/testkit/server-process';
import { waitFor } from '@tasklane/testkit/sync-socket';
import { makeTempDir } from '@tasklane/testkit/temp-dir';
import { createTestDevice, type TestDevice } from '@tasklane/testkit/test-device';
import type { Task } from '@tasklane/shared/domain/task';
import type { SyncEngine, SyncStatus } from '../src/sync/sync-engine';

/**
 * A server whose data directory is swapped under a connected client, with real server processes
 * restarted on the same port (docs/protocol.md [G3], [G6]). Needs `npm run build -w @tasklane/sync-server`.
 */
describe('client after a server reset (real server processes)', () => {
  const temps: { dir: string; remove(): void }[] = [];
  const servers: ServerProcess[] = [];
  const devices: TestDevice[] = [];
  let port: number;

  const tempDir = () => {
    const temp = makeTempDir('reset');
    temps.push(temp);
    return temp.dir;
  };
  const startOn = async (dataDir: string) => {
    const server = await startServerProcess({ PORT: String(port), DATA_DIR: dataDir });
    servers.push(server);
    return server;
  };
  const stop = async (server: ServerProcess) => {
    expect(await server.stop()).toBe(0);
  };
  const serverTasks = async (url: string, user: RegisteredUser): Promise<Task[]> => {
    const response = await api(url, 'GET', '/api/tasks?limit=500', { token: user.accessToken });
    expect(response.status).toBe(200);
    return response.body.tasks as Task[];
  };
  const status = (engine: SyncEngine): SyncStatus => {
    let value!: SyncStatus;
    engine.status$.subscribe((latest) => (value = latest)).unsubscribe();
    return value;
  };
  /** An online backup, as an operator would take it (the file is in WAL mode: never copy it while open). */
  const backUp = (from: string, to: string) => {
    const live = new Database(path.join(from, 'tasklane.sqlite'));
    live.exec(`VACUUM INTO '${path.join(to, 'tasklane.sqlite')}'`);
    live.close();
  };
  const titles = (tasks: Task[]) => tasks.map((task) => task.title).sort();
  const online = (engine: SyncEngine) => waitFor(() => status(engine).connection === 'online', 15_000, 'the device reconnected');

  beforeEach(async () => {
    port = await freePort();
  });
  afterEach(async () => {
    await Promise.all(devices.splice(0).map((device) => device.close()));
    await Promise.all(servers.splice(0).map((server) => server.stop()));
    for (const temp of temps.splice(0)) temp.remove();
  });

  it('[G6] [G3] [G7] swapped for a store of another generation: the client resyncs, pushes its offline edits and every document the server lost', async () => {
    const dataDir = tempDir();
    const first = await startOn(dataDir);
    const user = await registerUser(first.url);
    // The new store holds the account and its sign-in (the handshake checks them) but no task, under a
    // generation of its own: a backup from before any task, renewed as docs/operations.md says.
    const otherDir = tempDir();
    backUp(dataDir, otherDir);
    const other = new Database(path.join(otherDir, 'tasklane.sqlite'));
    other.prepare("DELETE FROM store_meta WHERE key = 'generation'").run();
    other.close();
    const phone = await createTestDevice(first.url, user);
    devices.push(phone);
    const engine = await phone.goOnline({ safetyResyncMs: 10 * 60_000, reconnectionDelayMaxMs: 300 });
    let resets = 0;
    engine.serverResets$.subscribe(() => (resets += 1));
    const milk = await phone.tasks.create({ title: 'Buy milk' });
    await phone.tasks.create({ title: 'Call mum' });
    await engine.awaitInSync();
    const fromWeb = await api(first.url, 'POST', '/api/tasks', { token: user.accessToken, body: { title: 'Written on the web' } });
    expect(fromWeb.status).toBe(201);
    await waitFor(async () => (await phone.localTasks()).length === 3, 8000, 'the web task on the phone');
    const replicationBefore = engine.replication;
    await stop(first);
    await waitFor(() => status(engine).connection !== 'online', 8000, 'the device saw the server go');

    // Edits while the server is away: they must survive the reset and reach the new server.
    await phone.tasks.update(milk.id, { title: 'Buy oat milk' });
    await phone.tasks.create({ title: 'Written while the server was down' });

    const fresh = await startOn(otherDir);
    await online(engine);
    const expected = ['Buy oat milk', 'Call mum', 'Written on the web', 'Written while the server was down'];
    await waitFor(
      async () => titles(await serverTasks(fresh.url, user)).join() === expected.join(),
      15_000,
      'every document on the new server',
    );
    await engine.awaitInSync();
    await waitFor(() => status(engine).pendingIds.size === 0, 8000, 'nothing left to sync');

    expect(resets).toBe(1);
    expect(engine.replication).not.toBe(replicationBefore);
    const onServer = await serverTasks(fresh.url, user);
    const local = await phone.localTasks();
    // Same documents on both sides, with the new server's seqs (so later edits do not conflict).
    const byId = (tasks: Task[]) => [...tasks].sort((a, b) => a.id.localeCompare(b.id));
    expect(byId(local)).toEqual(byId(onServer));

    // Sync goes on normally afterwards, both ways.
    await phone.tasks.update(milk.id, { priority: 'high' });
    await waitFor(
      async () => (await serverTasks(fresh.url, user)).some((t) => t.id === milk.id && t.priority === 'high'),
      8000,
      'edit after reset',
    );
    const later = await api(fresh.url, 'POST', '/api/tasks', { token: user.accessToken, body: { title: 'After the reset' } });
    expect(later.status).toBe(201);
    await waitFor(async () => (await phone.localTasks()).some((t) => t.title === 'After the reset'), 8000, 'live change after reset');
  });

  it('[G3] [G6] restored from an older backup (same generation, fewer changes): the client notices and re-pushes what the backup lacks', async () => {
    const dataDir = tempDir();
    const server = await startOn(dataDir);
    const user = await registerUser(server.url);
    const phone = await createTestDevice(server.url, user);
    devices.push(phone);
    const engine = await phone.goOnline({ safetyResyncMs: 10 * 60_000, reconnectionDelayMaxMs: 300 });
    let resets = 0;
    engine.serverResets$.subscribe(() => (resets += 1));
    await phone.tasks.create({ title: 'In the backup' });
    await engine.awaitInSync();
    await waitFor(async () => (await serverTasks(server.url, user)).length === 1, 8000, 'first task on the server');

    const backupDir = tempDir();
    backUp(dataDir, backupDir);
    const after = await phone.tasks.create({ title: 'After the backup' });
    await engine.awaitInSync();
    await waitFor(async () => (await serverTasks(server.url, user)).length === 2, 8000, 'second task on the server');

    await stop(server);
    await waitFor(() => status(engine).connection !== 'online', 8000, 'the device saw the server go');
    await phone.tasks.update(after.id, { description: 'edited while the server was restored' });
    const restored = await startOn(backupDir);
    await online(engine);

    await waitFor(
      async () => (await serverTasks(restored.url, user)).some((t) => t.description === 'edited while the server was restored'),
      15_000,
      'the lost task and its offline edit on the restored server',
    );
    await engine.awaitInSync();
    expect(resets).toBe(1);
    expect(titles(await serverTasks(restored.url, user))).toEqual(['After the backup', 'In the backup']);
    const byId = (tasks: Task[]) => [...tasks].sort((a, b) => a.id.localeCompare(b.id));
    await waitFor(
      async () => JSON.stringify(byId(await phone.localTasks())) === JSON.stringify(byId(await serverTasks(restored.url, user))),
      8000,
      'same documents',
    );
  });
});
