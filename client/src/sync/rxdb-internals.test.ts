import rxdbPackage from 'rxdb/package.json';
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import type { Task } from '@tasklane/shared/domain/task';
import { makeTask } from '@tasklane/testkit/task-fixture';
import { sleep, waitFor } from '@tasklane/testkit/sync-socket';
import { createTaskDb, type TaskDatabase } from '../db/create-task-db';
import { createTaskRepository } from '../db/task-repository';
import { toTask } from '../db/to-task';
import {
  assumedMasterStatesOf,
  isPulledWrite,
  pushConflictsSoFar,
  pushesInFlight,
  RXDB_INTERNALS_WRITTEN_FOR,
  storedCheckpointOf,
} from './rxdb-internals';

type Checkpoint = { n: number };

function internalsMoved(what: string): Error {
  return new Error(
    `RxDB ${rxdbPackage.version}: ${what}. client/src/sync/rxdb-internals.ts reads RxDB internals as of RxDB ${RXDB_INTERNALS_WRITTEN_FOR}; ` +
      'check it against this RxDB release (replication-protocol/meta-instance.ts, upstream.ts), then update RXDB_INTERNALS_WRITTEN_FOR.',
  );
}

function deferred() {
  let release!: () => void;
  const promise = new Promise<void>((resolve) => (release = resolve));
  return { promise, release };
}

/** A real RxDB replication against an in-memory "server" whose push handler the test controls. */
async function startReplication(
  onPush: (rows: Task[]) => Promise<Task[]>,
  pulled: Task[] = [],
  beforeStart?: (db: TaskDatabase) => unknown,
) {
  const db = await createTaskDb({
    userId: `internals-${Math.random().toString(36).slice(2)}`,
    storage: getRxStorageMemory(),
    multiInstance: false,
  });
  beforeStart?.(db);
  const replication = replicateRxCollection<Task, Checkpoint>({
    collection: db.tasks,
    replicationIdentifier: 'rxdb-internals-test',
    live: true,
    waitForLeadership: false,
    retryTime: 50,
    pull: {
      handler: (lastCheckpoint) =>
        Promise.resolve(
          lastCheckpoint ? { documents: [], checkpoint: lastCheckpoint } : { documents: pulled, checkpoint: { n: pulled.length } },
        ),
    },
    push: { handler: (rows) => onPush(rows.map((row) => toTask(row.newDocumentState))) },
  });
  await replication.awaitInitialReplication();
  return { db, replication, repository: createTaskRepository(db.tasks) };
}

describe('RxDB internals adapter', () => {
  let running: { db: TaskDatabase; replication: RxReplicationState<Task, Checkpoint> } | null = null;

  afterEach(async () => {
    await running?.replication.cancel();
    await running?.db.remove();
    running = null;
  });

  it('is written for the installed RxDB major.minor', () => {
    const [major, minor] = rxdbPackage.version.split('.');
    if (`${major}.${minor}` !== RXDB_INTERNALS_WRITTEN_FOR)
      throw internalsMoved(`installed, but the adapter was written for ${RXDB_INTERNALS_WRITTEN_FOR}.x`);
  });

  it('reads the assumed master state of a pushed task, and nothing for a task never pushed', async () => {
    const started = await startReplication(() => Promise.resolve([]));
    running = started;
    const task = await started.repository.create({ title: 'Reached the server' });
    await started.replication.awaitInSync();
    const read = assumedMasterStatesOf(started.replication);
    if (!read) throw internalsMoved('replication.metaInstance is missing on a running replication');
    const masters = await read([task.id, 'never-pushed']);
    if (!masters.has(task.id)) throw internalsMoved(`no meta document "<id>|0" (itemId, docData) holds the pushed task`);
    expect(toTask(masters.get(task.id)!)).toMatchObject({ id: task.id, title: 'Reached the server' });
    expect(masters.has('never-pushed')).toBe(false);
  });

  it('reads the checkpoint the downstream stored after a pull', async () => {
    const started = await startReplication(() => Promise.resolve([]), [{ ...makeTask({ title: 'Pulled' }), seq: 1 }]);
    running = started;
    let checkpoint: Checkpoint | null = null;
    await waitFor(
      async () => (checkpoint = await storedCheckpointOf(started.replication, 'down')) !== null,
      5000,
      'a stored checkpoint',
    ).catch(() => {
      throw internalsMoved('no meta document "down|1" (checkpointData) after the initial pull');
    });
    expect(checkpoint).toEqual({ n: 1 });
  });

  it('[BW5] tells the writes of pulled documents from local writes by their context', async () => {
    const fromServer = { ...makeTask({ title: 'From the server' }), seq: 1 };
    const contexts = new Map<string, string>();
    const started = await startReplication(
      () => Promise.resolve([]),
      [fromServer],
      (db) => db.tasks.eventBulks$.subscribe((bulk) => bulk.events.forEach((event) => contexts.set(event.documentId, bulk.context))),
    );
    running = started;
    const local = await started.repository.create({ title: 'Written here' });
    await waitFor(() => contexts.has(local.id), 5000, 'the local write');
    if (!contexts.has(fromServer.id)) throw internalsMoved('the pulled task caused no change event');
    if (!isPulledWrite(contexts.get(fromServer.id)!))
      throw internalsMoved(`the pulled task was written with the context "${contexts.get(fromServer.id)}"`);
    expect(isPulledWrite(contexts.get(local.id)!)).toBe(false);
  });

  it('waits for a push in flight until the server answers it', async () => {
    const answer = deferred();
    let pushes = 0;
    const started = await startReplication(async () => {
      pushes += 1;
      await answer.promise;
      return [];
    });
    running = started;
    await started.repository.create({ title: 'Slow push' });
    await waitFor(() => pushes === 1, 5000, 'the push to start');
    let inFlight: Promise<unknown> | undefined;
    try {
      inFlight = pushesInFlight(started.replication);
    } catch (error) {
      throw internalsMoved(`internalReplicationState.streamQueue.up cannot be read (${String(error)})`);
    }
    if (!(inFlight instanceof Promise)) throw internalsMoved('internalReplicationState.streamQueue.up is not a promise');
    let settled = false;
    void inFlight.then(() => (settled = true));
    await sleep(100);
    if (settled) throw internalsMoved('streamQueue.up settled while a push was still unanswered');
    answer.release();
    await inFlight;
    expect(settled).toBe(true);
  });

  it('counts push round trips that came back with conflicts', async () => {
    let conflictSent = false;
    const started = await startReplication((rows) => {
      if (conflictSent) return Promise.resolve([]);
      conflictSent = true;
      return Promise.resolve(rows.map((row) => ({ ...row, title: 'Changed on the server', seq: 1 })));
    });
    running = started;
    expect(pushConflictsSoFar(started.replication)).toBe(0);
    await started.repository.create({ title: 'Changed here' });
    await waitFor(() => conflictSent, 5000, 'the conflicting push');
    await started.replication.awaitInSync();
    const counted = pushConflictsSoFar(started.replication);
    if (counted !== 1)
      throw internalsMoved(`internalReplicationState.stats.up.persistToMasterHadConflicts is ${counted} after one conflicting push`);
  });
});
