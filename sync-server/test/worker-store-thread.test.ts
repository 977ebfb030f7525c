import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import { api } from '@tasklane/testkit/api-client';
import { startTestServer } from '@tasklane/testkit/start-test-server';
import { openWorkerStoreFromSource } from '@tasklane/testkit/store-worker-from-source';
import { makeTask } from '@tasklane/testkit/task-fixture';
import { makeTempDir } from '@tasklane/testkit/temp-dir';
import { createEmbeddedStore } from '../src/store/sqlite/embedded-store';
import type { PushOutcome, Store } from '../src/store/store';
import type { StoreFaults } from '../src/store/store-faults';
import { END_WORKER_TITLE } from './support/end-store-worker-on-title';

const END_WORKER_HOOK = path.join(__dirname, 'support/end-store-worker-on-title.ts');

/** Settles `promise` to what it rejected with (or fails the test when it resolves). */
async function rejection(promise: Promise<unknown>): Promise<Record<string, unknown> & Error> {
  try {
    await promise;
  } catch (error) {
    return error as Record<string, unknown> & Error;
  }
  throw new Error('expected a rejection');
}

describe('the embedded store in a worker thread', () => {
  const temps: { dir: string; remove(): void }[] = [];
  const stores: Store[] = [];
  const tempDir = (prefix: string) => {
    const temp = makeTempDir(prefix);
    temps.push(temp);
    return temp.dir;
  };
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    for (const temp of temps.splice(0)) temp.remove();
  });
  async function open(...args: Parameters<typeof openWorkerStoreFromSource>): Promise<Store> {
    const store = await openWorkerStoreFromSource(...args);
    stores.push(store);
    return store;
  }

  it('[WT3] errors cross the thread with their class and code: a ProtocolError stays one, a SQLite error keeps its code and message', async () => {
    const worker = await open({ dataDir: tempDir('worker-errors') });
    const inThread = createEmbeddedStore({ dataDir: tempDir('in-thread-errors') });
    stores.push(inThread);

    const badCursor = { limit: 10, cursor: 'not-a-cursor' };
    const fromWorker = await rejection(worker.listTasks('user', badCursor));
    const fromThread = await rejection(inThread.listTasks('user', badCursor));
    expect(fromWorker).toBeInstanceOf(ProtocolError);
    expect(fromWorker).toMatchObject({ code: 'INVALID_MESSAGE', retryable: false, message: fromThread.message });

    const token = {
      id: 'token-1',
      familyId: 'family-1',
      userId: 'user',
      expiresAt: '2099-01-01T00:00:00.000Z',
      familyCreatedAt: '2026-01-01T00:00:00.000Z',
    };
    for (const store of [worker, inThread]) await store.insertRefreshToken(token);
    const duplicateInWorker = await rejection(worker.insertRefreshToken(token));
    const duplicateInThread = await rejection(inThread.insertRefreshToken(token));
    expect(duplicateInThread).toMatchObject({ name: 'SqliteError', code: 'SQLITE_CONSTRAINT_PRIMARYKEY' });
    expect(duplicateInWorker).toBeInstanceOf(Error);
    expect(duplicateInWorker).toMatchObject({
      name: 'SqliteError',
      code: 'SQLITE_CONSTRAINT_PRIMARYKEY',
      message: duplicateInThread.message,
    });
    expect(duplicateInWorker.stack).toContain('embedded-store');
  });

  it('[WT4] a store that cannot open rejects the open with its own error, and a worker entry that cannot load rejects it too: no hang', async () => {
    const notADirectory = path.join(tempDir('worker-open'), 'a-file');
    fs.writeFileSync(notADirectory, 'not a directory');
    const inThread = (() => {
      try {
        createEmbeddedStore({ dataDir: notADirectory });
      } catch (error) {
        return error as NodeJS.ErrnoException;
      }
      throw new Error('expected the in-thread store to fail');
    })();
    const fromWorker = await rejection(openWorkerStoreFromSource({ dataDir: notADirectory }));
    expect(fromWorker).toMatchObject({ code: inThread.code, message: inThread.message });

    const missingEntry = await rejection(
      openWorkerStoreFromSource({ dataDir: tempDir('worker-entry') }, { entry: path.join(tempDir('no-entry'), 'store-worker.js') }),
    );
    expect(missingEntry.message).toContain('store-worker.js');
  });

  it('[WT4] start-up lock retries are reported from the worker with the SQLite error, and the open completes once the lock is gone', async () => {
    const dataDir = tempDir('worker-start-up-lock');
    // Another connection holds the write lock on a file not yet in WAL mode: switching to WAL answers SQLITE_BUSY at once.
    const holder = new Database(path.join(dataDir, 'tasklane.sqlite'));
    holder.exec('CREATE TABLE lock_holder (at TEXT)');
    holder.exec('BEGIN IMMEDIATE');
    holder.prepare('INSERT INTO lock_holder VALUES (?)').run(new Date().toISOString());
    const retries: { attempt: number; code: unknown }[] = [];
    const store = await open(
      { dataDir, startUpLockWaitMs: 20_000 },
      {
        onStartUpLockRetry: ({ attempt, error }) => {
          retries.push({ attempt, code: (error as { code?: unknown }).code });
          if (holder.open) {
            holder.exec('COMMIT');
            holder.close();
          }
        },
      },
    );
    expect(retries[0]).toEqual({ attempt: 1, code: expect.stringMatching(/^SQLITE_BUSY/) });
    await expect(store.checkReady()).resolves.toBeUndefined();
  });

  it('[WT5] a worker that dies mid-push fails that push and every later call with UNAVAILABLE, /ready turns 503, close still returns', async () => {
    const crashes: ProtocolError[] = [];
    const store = await openWorkerStoreFromSource(
      { dataDir: tempDir('worker-crash') },
      { connectionHookModule: END_WORKER_HOOK, onCrash: (error) => crashes.push(error) },
    );
    const server = await startTestServer({ store });
    try {
      await store.applyPush('user', [{ newDocumentState: makeTask({ title: 'before the crash' }) }]);
      expect((await api(server.url, 'GET', '/ready')).status).toBe(200);

      const inFlight = await rejection(store.applyPush('user', [{ newDocumentState: makeTask({ title: END_WORKER_TITLE }) }]));
      expect(inFlight).toBeInstanceOf(ProtocolError);
      expect(inFlight).toMatchObject({ code: 'UNAVAILABLE', retryable: true });
      await expect(store.pullChanges('user', 0, 10)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
      expect(crashes).toHaveLength(1);
      expect(String((crashes[0]!.cause as Error).message)).toContain('exited with code 70');

      const ready = await api(server.url, 'GET', '/ready');
      expect(ready.status).toBe(503);
      expect(ready.body).toMatchObject({ status: 'not_ready', failed: ['store'] });
    } finally {
      await server.close();
    }
  });

  it('[WT6] group commit across the thread: pushes that arrive while a transaction runs share the next transaction', async () => {
    const dataDir = tempDir('worker-group-commit');
    const users = ['a-first', 'b-second', 'c-third', 'd-fourth'] as const;
    const tasks = new Map(users.map((user) => [user, makeTask({ title: `task of ${user}` })]));
    const later: Promise<PushOutcome>[] = [];
    let visibleInFourth: string[] | undefined;
    const push = (user: (typeof users)[number]) => store.applyPush(user, [{ newDocumentState: tasks.get(user)! }]);
    const faults: StoreFaults = {
      reached(point, { userId }) {
        if (point !== 'after-claim') return;
        // The first push's transaction is open in the worker: these three arrive while it runs.
        if (userId === 'a-first') later.push(push('b-second'), push('c-third'), push('d-fourth'));
        // Another connection sees what is committed: b and c are not, so they share d's open transaction.
        if (userId === 'd-fourth') visibleInFourth = reader.prepare<[], string>('SELECT user_id FROM tasks ORDER BY user_id').pluck().all();
      },
    };
    const store = await open({ dataDir }, { faults });
    const reader = new Database(path.join(dataDir, 'tasklane.sqlite'), { readonly: true });
    try {
      await push('a-first');
      const outcomes = await Promise.all(later);
      expect(visibleInFourth).toEqual(['a-first']);
      expect(outcomes.map((outcome) => outcome.written.map((task) => task.title))).toEqual([
        ['task of b-second'],
        ['task of c-third'],
        ['task of d-fourth'],
      ]);
      expect(reader.prepare<[], string>('SELECT user_id FROM tasks ORDER BY user_id').pluck().all()).toEqual([...users]);
    } finally {
      reader.close();
    }
  });

  it('[WT7] close answers every call sent before it, commits the pushes queued, then ends the thread; later calls fail', async () => {
    const dataDir = tempDir('worker-close');
    const store = await openWorkerStoreFromSource({ dataDir });
    const task = makeTask({ title: 'pushed just before close' });
    const pushed = store.applyPush('user', [{ newDocumentState: task }]);
    const closed = store.close();
    expect(store.close()).toBe(closed);
    await closed;
    expect((await pushed).written.map((written) => written.title)).toEqual([task.title]);
    await expect(store.getTask('user', task.id)).rejects.toThrow('the store is closed');

    const reopened = await open({ dataDir });
    expect(await reopened.getTask('user', task.id)).toMatchObject({ title: task.title });
  });
});
