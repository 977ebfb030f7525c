import type { StoredTask } from '@tasklane/shared/domain/task';
import type { TaskListPage } from '@tasklane/shared/domain/task-list-page';
import { api, registerUser } from '@tasklane/testkit/api-client';
import { makeTask } from '@tasklane/testkit/task-fixture';
import { startServerProcess, type ServerProcess } from '@tasklane/testkit/server-process';
import { connectSocket, type TestSocket } from '@tasklane/testkit/sync-socket';
import { makeTempDir } from '@tasklane/testkit/temp-dir';

/**
 * [P4] Checkpoints never skip a committed change: concurrent pushers through
 * two server processes sharing one SQLite file, while a puller iterates.
 */
describe('checkpoints across two server processes sharing one SQLite file', () => {
  const temp = makeTempDir('shared-sqlite');
  const servers: ServerProcess[] = [];
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    servers.push(await startServerProcess({ DATA_DIR: temp.dir }));
    servers.push(await startServerProcess({ DATA_DIR: temp.dir }));
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await Promise.all(servers.map((server) => server.stop()));
    temp.remove();
  });

  it('[P4] a puller that pulls until empty has seen every acknowledged write', async () => {
    const [first, second] = servers as [ServerProcess, ServerProcess];
    const user = await registerUser(first.url);
    for (const server of [first, second, first, second]) sockets.push(await connectSocket(server.url, user.accessToken));
    const puller = await connectSocket(second.url, user.accessToken);
    sockets.push(puller);

    const seen = new Map<string, StoredTask>();
    let checkpoint: { seq: number } | null = null;
    let lastSeq = 0;
    const pullPage = async () => {
      const ack = await puller.pull({ checkpoint, limit: 37 });
      if (!ack.ok) throw new Error(ack.error.message);
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

    /** Each writer inserts two tasks and edits one of its earlier ones per round. */
    const acknowledged = new Map<string, string>();
    const writers = sockets.slice(0, 4).map((socket, index) => ({ socket, server: index % 2 === 0 ? first : second, index }));
    await Promise.all(
      writers.map(async ({ socket, server, index }) => {
        const own: string[] = [];
        for (let round = 0; round < 40; round += 1) {
          const rows: { newDocumentState: StoredTask | ReturnType<typeof makeTask>; assumedMasterState?: StoredTask }[] = [
            { newDocumentState: makeTask({ title: `w${index} r${round} a` }) },
            { newDocumentState: makeTask({ title: `w${index} r${round} b` }) },
          ];
          const editedId = own[round % Math.max(1, own.length)];
          if (editedId) {
            const master = (await api(server.url, 'GET', `/api/tasks/${editedId}`, { token: user.accessToken })).body as StoredTask;
            rows.push({ newDocumentState: { ...master, title: `${master.title} +${round}` }, assumedMasterState: master });
          }
          const ack = await socket.push({ rows });
          if (!ack.ok) throw new Error(ack.error.message);
          expect(ack.data.conflicts).toEqual([]);
          for (const row of rows) acknowledged.set(row.newDocumentState.id, row.newDocumentState.title);
          own.push(rows[0]!.newDocumentState.id, rows[1]!.newDocumentState.id);
        }
      }),
    );
    writing = false;
    await pulling;
    while ((await pullPage()) > 0);

    expect(acknowledged.size).toBe(4 * 40 * 2);
    // Search text written through one process is searchable through the other at once.
    const [someId, someTitle] = [...acknowledged][0]!;
    const found = await api(second.url, 'GET', `/api/tasks?q=${encodeURIComponent(someTitle.split(' ')[0]!)}&limit=500`, {
      token: user.accessToken,
    });
    expect((found.body as TaskListPage).tasks.map((task) => task.id)).toContain(someId);
    const missing = [...acknowledged].filter(([id, title]) => seen.get(id)?.title !== title);
    expect(missing).toEqual([]);
  });
});
