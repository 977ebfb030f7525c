import { BehaviorSubject, Subject } from 'rxjs';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import type { Task } from '@tasklane/shared/domain/task';
import type { PullRequest, PullResponse } from '@tasklane/shared/protocol/pull';
import { makeTask } from '@tasklane/testkit/task-fixture';
import { createTaskDb, type TaskDatabase } from '../db/create-task-db';
import type { SocketTransport } from './socket-transport';
import { startCollectionReplication } from './start-collection-replication';
import { createStreamPosition } from './stream-position';

const GENERATION = 'g1';

/** A server holding `count` tasks with seq 1…count, answering pulls as the sync server does; no socket. */
function serverWith(count: number) {
  const tasks: Array<Task & { seq: number }> = Array.from({ length: count }, (_, i) => ({
    ...makeTask({ title: `seed ${i}` }),
    seq: i + 1,
  }));
  const requests: Array<[number | null, number]> = [];
  const transport: SocketTransport = {
    state$: new BehaviorSubject<SocketTransport['state$']['value']>('online'),
    changes$: new Subject(),
    connected$: new Subject(),
    pull(request: Pick<PullRequest, 'checkpoint' | 'limit'>): Promise<PullResponse> {
      requests.push([request.checkpoint?.seq ?? null, request.limit]);
      const after = request.checkpoint?.seq ?? 0;
      const documents = tasks.filter((task) => task.seq > after).slice(0, request.limit);
      const seq = documents.length > 0 ? documents[documents.length - 1]!.seq : Math.max(after, count);
      return Promise.resolve({ documents, checkpoint: { seq, generation: GENERATION } });
    },
    push: () => Promise.resolve({ conflicts: [] }),
    reconnect: () => undefined,
    close: () => undefined,
  };
  return { transport, requests };
}

describe('the first pull of a new device', () => {
  let db: TaskDatabase | undefined;
  afterEach(async () => {
    await db?.remove();
    db = undefined;
  });

  async function firstSync(count: number) {
    db = await createTaskDb({
      userId: `first-page-${Math.random().toString(36).slice(2)}`,
      storage: getRxStorageMemory(),
      multiInstance: false,
    });
    const server = serverWith(count);
    const replication = startCollectionReplication<Task>({
      name: 'tasks',
      collection: db.tasks,
      toDocument: (task) => task,
      position: createStreamPosition(),
      transport: server.transport,
      serverId: 'test',
      waitForLeadership: false,
    });
    await replication.awaitInitialReplication();
    const stored = await db.tasks.count().exec();
    await replication.cancel();
    return { requests: server.requests, stored };
  }

  it('[BW9] asks for 100 tasks first and then for full pages, and ends without asking again after the server said it has nothing more', async () => {
    const { requests, stored } = await firstSync(2550);
    expect(stored).toBe(2550);
    expect(requests).toEqual([
      [null, 100],
      [100, 1000],
      [1100, 1000],
      [2100, 1000], // 450 tasks: a short page …
      [2550, 550], // … so `pullFullPage` asks for the rest and hears "nothing": RxDB's next ask is answered without the server
    ]);
  });

  it('[BW9] an account smaller than the first page is done after it', async () => {
    const { requests, stored } = await firstSync(40);
    expect(stored).toBe(40);
    expect(requests).toEqual([
      [null, 100],
      [40, 60],
    ]);
  });
});
