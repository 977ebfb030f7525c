import type { StoredTask } from '@tasklane/shared/domain/task';
import type { TaskListPage } from '@tasklane/shared/domain/task-list-page';
import { api, registerUser } from '@tasklane/testkit/api-client';
import { makeTask } from '@tasklane/testkit/task-fixture';
import { startServerProcess, type ServerProcess } from '@tasklane/testkit/server-process';
import { connectSocket, type TestSocket } from '@tasklane/testkit/sync-socket';
import { makeTempDir } from '@tasklane/testkit/temp-dir';

/**
 * The built server with SQLITE_WORKER_THREAD=true loads dist/store-worker.js beside dist/main.js. Two such
 * processes and one running the store on its event loop share one SQLite file: [P4] holds across all three.
 */
describe('the built server with its store in a worker thread', () => {
  const temp = makeTempDir('worker-store-process');
  const servers: ServerProcess[] = [];
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    const worker = { DATA_DIR: temp.dir, SQLITE_WORKER_THREAD: 'true', LOG_LEVEL: 'info' };
    servers.push(await startServerProcess(worker), await startServerProcess(worker), await startServerProcess({ DATA_DIR: temp.dir }));
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await Promise.all(servers.map((server) => server.stop()));
    temp.remove();
  });

  it('[WT1] processes with the store in a worker thread and one without share a file: a puller sees every acknowledged write [P4]', async () => {
    const [first, second] = servers as [ServerProcess, ServerProcess, ServerProcess];
    for (const server of [first, second]) expect(server.output()).toContain('using the embedded SQLite store in a worker thread');
    const user = await registerUser(first.url);
    for (const server of servers) sockets.push(await connectSocket(server.url, user.accessToken));
    const puller = await connectSocket(second.url, user.accessToken);
    sockets.push(puller);

    const seen = new Map<string, StoredTask>();
    let checkpoint: unknown = null;
    let lastSeq = 0;
    const pullPage = async () => {
      const ack = await puller.pull({ checkpoint, limit: 7 });
      if (!ack.ok) throw new Error(`${ack.error.code}: ${ack.error.message}`);
      for (const doc of ack.data.documents) {
        expect(doc.seq).toBeGreaterThan(lastSeq);
        lastSeq = doc.seq;
        seen.set(doc.id, doc);
      }
      checkpoint = ack.data.checkpoint;
      return ack.data.documents.length;
    };
    let writing = true;
    const pulling = (async () => {
      while (writing) await pullPage();
    })();

    const acknowledged = new Map<string, string>();
    await Promise.all(
      sockets.slice(0, 3).map(async (socket, writer) => {
        for (let round = 0; round < 30; round += 1) {
          const rows = [makeTask({ title: `w${writer} r${round} a` }), makeTask({ title: `w${writer} r${round} b` })];
          const ack = await socket.push({ rows: rows.map((task) => ({ newDocumentState: task })) });
          if (!ack.ok) throw new Error(ack.error.message);
          expect(ack.data.conflicts).toEqual([]);
          for (const task of rows) acknowledged.set(task.id, task.title);
        }
      }),
    );
    writing = false;
    await pulling;
    while ((await pullPage()) > 0);

    expect(acknowledged.size).toBe(3 * 30 * 2);
    expect([...acknowledged].filter(([id, title]) => seen.get(id)?.title !== title)).toEqual([]);
    // Written through the process without a worker, found through one with a worker at once.
    const found = await api(first.url, 'GET', '/api/tasks?q=w2&limit=500', { token: user.accessToken });
    expect((found.body as TaskListPage).tasks).toHaveLength(60);
  });
});
