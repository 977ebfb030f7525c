import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { makeTask } from '@tasklane/testkit/task-fixture';
import { makeTempDir } from '@tasklane/testkit/temp-dir';
import { createEmbeddedStore } from '../src/store/sqlite/embedded-store';
import type { Store } from '../src/store/store';

const BETTER_SQLITE3 = JSON.stringify(require.resolve('better-sqlite3'));

/** Another process on the same file: runs `script` (with `db` open on argv[1]) and reports what it prints. */
function startSqliteProcess(
  file: string,
  script: string,
): { child: ChildProcess; printed(text: string): Promise<void>; exited: Promise<unknown> } {
  const child = spawn(process.execPath, ['-e', `const db = new (require(${BETTER_SQLITE3}))(process.argv[1]);\n${script}`, file], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return {
    child,
    exited,
    printed: (text) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (output.includes(text)) resolve();
        };
        child.stdout?.on('data', check);
        void exited.then(() => reject(new Error(`helper exited before printing "${text}":\n${output}`)));
        check();
      }),
  };
}

/** Holds the write lock (BEGIN IMMEDIATE, or an exclusive file lock) for `holdMs`, then commits. */
function holdWriteLock(file: string, holdMs: number, setUp: string) {
  return startSqliteProcess(
    file,
    `${setUp}
     db.exec('CREATE TABLE IF NOT EXISTS lock_holder (at TEXT)');
     db.exec('BEGIN IMMEDIATE');
     db.prepare('INSERT INTO lock_holder VALUES (?)').run(new Date().toISOString());
     process.stdout.write('locked\\n');
     setTimeout(() => { db.exec('COMMIT'); db.close(); }, ${holdMs});`,
  );
}

function timed<T>(work: () => T): { result: T; ms: number } {
  const started = Date.now();
  const result = work();
  return { result, ms: Date.now() - started };
}

describe('[ST1] start-up waits for other processes’ locks on the SQLite file', () => {
  const temps: { remove(): void }[] = [];
  const stores: Store[] = [];
  function dataDir(): string {
    const temp = makeTempDir('start-up-locks');
    temps.push(temp);
    return temp.dir;
  }
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
    for (const temp of temps.splice(0)) temp.remove();
  });

  it('[ST1] an instance starts while another process holds the write lock on a file not yet in WAL mode', async () => {
    const dir = dataDir();
    // Switching the journal mode to WAL answers SQLITE_BUSY at once, without the busy handler.
    const holder = holdWriteLock(path.join(dir, 'tasklane.sqlite'), 2_000, '');
    await holder.printed('locked');

    const { result: store, ms } = timed(() => createEmbeddedStore({ dataDir: dir, startUpLockWaitMs: 10_000 }));
    stores.push(store);
    expect(ms).toBeGreaterThan(1_000);
    const task = makeTask();
    await store.applyPush('user-1', [{ newDocumentState: task }]);
    expect((await store.pullChanges('user-1', 0, 10)).map((stored) => stored.id)).toEqual([task.id]);
    await holder.exited;
  });

  it('[ST1] start-up gives up with a clear error once the lock outlasts the bound, and retries nothing but lock errors', async () => {
    const dir = dataDir();
    const holder = holdWriteLock(path.join(dir, 'tasklane.sqlite'), 2_000, '');
    await holder.printed('locked');
    const retries: number[] = [];
    const { ms } = timed(() =>
      expect(() =>
        createEmbeddedStore({ dataDir: dir, startUpLockWaitMs: 300 }, { onStartUpLockRetry: ({ attempt }) => retries.push(attempt) }),
      ).toThrow(/stayed locked by another process for 300 ms at start-up/),
    );
    expect(ms).toBeLessThan(1_500);
    expect(retries.length).toBeGreaterThan(1);
    await holder.exited;

    const garbage = dataDir();
    fs.writeFileSync(path.join(garbage, 'tasklane.sqlite'), 'not a database, and long enough to be read as a header '.repeat(20));
    retries.length = 0;
    expect(() => createEmbeddedStore({ dataDir: garbage }, { onStartUpLockRetry: ({ attempt }) => retries.push(attempt) })).toThrow(
      /not a database/,
    );
    expect(retries).toEqual([]);
  });

  it('[ST1] an instance starts while another process holds an exclusive lock on the WAL file for longer than SQLite’s default 5 s', async () => {
    const dir = dataDir();
    await createEmbeddedStore({ dataDir: dir }).close();
    const holder = holdWriteLock(path.join(dir, 'tasklane.sqlite'), 6_000, "db.pragma('locking_mode = EXCLUSIVE');");
    await holder.printed('locked');

    const { result: store, ms } = timed(() => createEmbeddedStore({ dataDir: dir }));
    stores.push(store);
    expect(ms).toBeGreaterThan(5_000);
    await store.checkReady();
    await holder.exited;
  }, 20_000);

  it('[ST1] an instance starts right after a process sharing the file was SIGKILLed mid-write, while another writes; committed data is intact', async () => {
    const dir = dataDir();
    const file = path.join(dir, 'tasklane.sqlite');
    const first = createEmbeddedStore({ dataDir: dir });
    const committed = [makeTask({ title: 'one' }), makeTask({ title: 'two' }), makeTask({ title: 'three' })];
    await first.applyPush(
      'user-1',
      committed.map((task) => ({ newDocumentState: task })),
    );
    await first.close();

    // One big transaction whose pages spill into the WAL before it is killed.
    const writer = startSqliteProcess(
      file,
      `db.pragma('cache_size = 50');
       db.exec('BEGIN IMMEDIATE');
       const insert = db.prepare("INSERT INTO tasks (user_id, id, seq, status, created_at, deleted, doc) VALUES ('user-1', ?, ?, 'todo', '', 0, ?)");
       for (let seq = 100; ; seq += 1) {
         insert.run('uncommitted-' + seq, seq, JSON.stringify({ title: 'x'.repeat(2000) }));
         if (seq === 3000) process.stdout.write('writing\\n');
       }`,
    );
    await writer.printed('writing');
    writer.child.kill('SIGKILL');
    await writer.exited;

    // The surviving instance writes at once (and so recovers the WAL) and holds the write lock.
    const survivor = holdWriteLock(file, 1_500, '');
    await survivor.printed('locked');
    const store = createEmbeddedStore({ dataDir: dir, startUpLockWaitMs: 10_000 });
    stores.push(store);

    const pulled = await store.pullChanges('user-1', 0, 100);
    expect(pulled.map((task) => task.title)).toEqual(['one', 'two', 'three']);
    await store.applyPush('user-1', [{ newDocumentState: makeTask({ title: 'four' }) }]);
    await survivor.exited;
    const check = new Database(file, { readonly: true });
    try {
      expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(check.prepare('SELECT COUNT(*) AS n FROM lock_holder').get()).toEqual({ n: 1 });
    } finally {
      check.close();
    }
  });
});
