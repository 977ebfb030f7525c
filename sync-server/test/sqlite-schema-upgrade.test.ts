import { spawn } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { StoredTask } from '@tasklane/shared/domain/task';
import { upgradeTask, type TaskV1 } from '@tasklane/shared/domain/task-upgrade';
import { makeList, makeTask } from '@tasklane/testkit/task-fixture';
import { makeTempDir } from '@tasklane/testkit/temp-dir';
import { createEmbeddedStore } from '../src/store/sqlite/embedded-store';
import { SQLITE_SCHEMA_VERSION } from '../src/store/sqlite/schema-version';
import { makeVersion1Task } from '../src/store/version1-store-contract';

/** The schema set-up of the releases before versioning, verbatim (schema version 1: no `schema_version` row). */
const PREVIOUS_RELEASE_SCHEMA = `
CREATE TABLE IF NOT EXISTS users (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS tasks (
  user_id TEXT NOT NULL,
  id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  status TEXT NOT NULL,
  created_at TEXT NOT NULL,
  deleted INTEGER NOT NULL,
  doc TEXT NOT NULL,
  PRIMARY KEY (user_id, id)
);
CREATE UNIQUE INDEX IF NOT EXISTS tasks_user_seq ON tasks (user_id, seq);
CREATE INDEX IF NOT EXISTS tasks_user_created ON tasks (user_id, deleted, created_at DESC, id DESC);
CREATE VIRTUAL TABLE IF NOT EXISTS tasks_fts USING fts5 (
  title, description, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TABLE IF NOT EXISTS tasks_fts_pending (task_rowid INTEGER PRIMARY KEY);
DROP TRIGGER IF EXISTS tasks_fts_insert;
DROP TRIGGER IF EXISTS tasks_fts_update;
CREATE TRIGGER IF NOT EXISTS tasks_fts_queue_insert AFTER INSERT ON tasks BEGIN
  INSERT INTO tasks_fts_pending (task_rowid)
  SELECT new.rowid WHERE NOT EXISTS (SELECT 1 FROM tasks_fts_pending WHERE task_rowid = new.rowid);
END;
CREATE TRIGGER IF NOT EXISTS tasks_fts_queue_update AFTER UPDATE OF doc ON tasks BEGIN
  INSERT INTO tasks_fts_pending (task_rowid)
  SELECT new.rowid WHERE NOT EXISTS (SELECT 1 FROM tasks_fts_pending WHERE task_rowid = new.rowid);
END;
CREATE TABLE IF NOT EXISTS refresh_tokens (
  id TEXT PRIMARY KEY,
  family_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT,
  revoked_at TEXT,
  replaced_by TEXT,
  family_created_at TEXT
);
CREATE INDEX IF NOT EXISTS refresh_tokens_family ON refresh_tokens (family_id);
CREATE TABLE IF NOT EXISTS store_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
`;

/** What schema version 2 changed (the insert trigger, [SW3]), as the release before data model v2 left its files. */
const VERSION_2_STEP = `
DROP TRIGGER IF EXISTS tasks_fts_queue_insert;
CREATE TRIGGER tasks_fts_queue_insert AFTER INSERT ON tasks BEGIN
  INSERT OR IGNORE INTO tasks_fts_pending (task_rowid) VALUES (new.rowid);
END;
INSERT INTO store_meta (key, value) VALUES ('schema_version', '2');
`;

/** The previous releases' push upsert and search indexer, as they ran them. */
const PREVIOUS_UPSERT = `INSERT INTO tasks (user_id, id, seq, status, created_at, deleted, doc) VALUES (@userId, @id, @seq, @status, @createdAt, @deleted, @doc)
  ON CONFLICT (user_id, id) DO UPDATE SET seq = excluded.seq, status = excluded.status,
    created_at = excluded.created_at, deleted = excluded.deleted, doc = excluded.doc`;
const PREVIOUS_INDEXER = [
  'DELETE FROM tasks_fts WHERE rowid IN (SELECT task_rowid FROM tasks_fts_pending)',
  `INSERT INTO tasks_fts (rowid, title, description)
   SELECT t.rowid, json_extract(t.doc, '$.title'), json_extract(t.doc, '$.description')
   FROM tasks_fts_pending p JOIN tasks t ON t.rowid = p.task_rowid`,
  'DELETE FROM tasks_fts_pending',
];

const GENERATION = 'generation-of-the-old-file';
const ALICE = 'user-alice';
const BOB = 'user-bob';

/**
 * A DATA_DIR file as a previous release leaves it (schema version 1 or 2; version-1 task documents): users, a
 * refresh token, tasks of two users with updates and a tombstone, most of them search-indexed and the last ones
 * still queued (a process that stopped before its indexer ran). Returns what every user's pull must now return:
 * the documents upgraded ([DM19]), at their seqs.
 */
function writePreviousReleaseFile(file: string, schemaVersion: 1 | 2 = 1): Record<string, StoredTask[]> {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec(PREVIOUS_RELEASE_SCHEMA);
  if (schemaVersion === 2) db.exec(VERSION_2_STEP);
  db.prepare("INSERT INTO store_meta (key, value) VALUES ('generation', ?)").run(GENERATION);
  db.prepare('INSERT INTO users VALUES (?, ?, ?, ?)').run(ALICE, 'alice@example.com', 'old-hash', '2025-06-01T00:00:00.000Z');
  db.prepare('INSERT INTO refresh_tokens (id, family_id, user_id, expires_at, family_created_at) VALUES (?, ?, ?, ?, ?)').run(
    'token-1',
    'family-1',
    ALICE,
    '2099-01-01T00:00:00.000Z',
    '2025-06-01T00:00:00.000Z',
  );
  const upsert = db.prepare(PREVIOUS_UPSERT);
  const seqs: Record<string, number> = {};
  const latest = new Map<string, StoredTask>();
  const write = (userId: string, content: TaskV1) => {
    const seq = (seqs[userId] = (seqs[userId] ?? 0) + 1);
    upsert.run({
      userId,
      id: content.id,
      seq,
      status: content.status,
      createdAt: content.createdAt,
      deleted: content._deleted ? 1 : 0,
      doc: JSON.stringify(content),
    });
    latest.set(`${userId}/${content.id}`, { ...upgradeTask(content), seq });
  };
  const old = (title: string, description = '', dueAt: string | null = null) =>
    makeVersion1Task({ title, description, dueAt, createdAt: '2025-06-01T10:00:00.000Z', updatedAt: '2025-06-01T10:00:00.000Z' });
  const fence = old('Paint the fence', 'white paint', '2025-06-10T10:00:00.000Z');
  const letter = old('Write a letter', '', '2025-06-03T10:00:00.000Z');
  write(ALICE, fence);
  write(ALICE, letter);
  // June 5th's local noon at +13:00 is June 4th in UTC: its key is the day the user picked ([DM19]).
  write(ALICE, old('Water the orchids', '', '2025-06-04T23:00:00.000Z'));
  write(BOB, old('Bob keeps his bicycle here'));
  write(ALICE, { ...fence, title: 'Paint the garage', description: 'grey paint', updatedAt: '2025-06-02T10:00:00.000Z' });
  write(ALICE, { ...letter, _deleted: true, updatedAt: '2025-06-02T11:00:00.000Z' });
  for (const sql of PREVIOUS_INDEXER) db.prepare(sql).run();
  // Queued, not yet indexed, when the old release stopped.
  write(ALICE, old('Queued before the upgrade', 'lighthouse', '2025-06-20T10:00:00.000Z'));
  write(BOB, old('Bob queued this one', 'windmill'));
  db.close();

  const pulls: Record<string, StoredTask[]> = { [ALICE]: [], [BOB]: [] };
  for (const [key, task] of latest) pulls[key.split('/')[0]!]!.push(task);
  for (const list of Object.values(pulls)) list.sort((a, b) => a.seq - b.seq);
  return pulls;
}

const readMeta = (file: string, key: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare<[string], { value: string }>('SELECT value FROM store_meta WHERE key = ?').get(key)?.value;
  } finally {
    db.close();
  }
};

const titles = (tasks: StoredTask[]) => tasks.map((task) => task.title).sort();

describe('[SW2] a DATA_DIR file of the previous release is upgraded in place', () => {
  const temps: { dir: string; remove(): void }[] = [];
  afterEach(() => {
    for (const temp of temps.splice(0)) temp.remove();
  });
  function oldFile(schemaVersion: 1 | 2 = 1) {
    const temp = makeTempDir('schema-upgrade');
    temps.push(temp);
    const file = path.join(temp.dir, 'tasklane.sqlite');
    return { dir: temp.dir, file, pulls: writePreviousReleaseFile(file, schemaVersion) };
  }

  it('[LS8] [DM19] [DM23] the file of the release before data model v2 gains the list table and the list and due columns, filled from the upgraded documents; no document or seq changes', async () => {
    const { dir, file, pulls } = oldFile(2);
    const rawRows = () => {
      const db = new Database(file, { readonly: true });
      try {
        return db.prepare('SELECT user_id, id, seq, doc FROM tasks ORDER BY rowid').all();
      } finally {
        db.close();
      }
    };
    const before = rawRows();
    const store = createEmbeddedStore({ dataDir: dir });
    try {
      expect(readMeta(file, 'schema_version')).toBe(String(SQLITE_SCHEMA_VERSION));
      expect(rawRows()).toEqual(before);
      const columns = new Database(file, { readonly: true });
      try {
        expect(columns.prepare('SELECT id, list_id, due_key FROM tasks WHERE user_id = ? ORDER BY seq').all(ALICE)).toEqual(
          pulls[ALICE]!.map((task) => ({ id: task.id, list_id: 'inbox', due_key: task.due && 'date' in task.due ? task.due.date : null })),
        );
      } finally {
        columns.close();
      }
      for (const [userId, expected] of Object.entries(pulls)) expect(await store.pullChanges(userId, 0, 100)).toEqual(expected);

      const due = async (dueBefore: string) => (await store.listTasks(ALICE, { limit: 50, dueBefore })).tasks.map((task) => task.title);
      // The orchids' noon at +13:00 is June 5th's (June 4th in UTC); the deleted letter (June 3rd) is never listed.
      expect(await due('2025-07-01')).toEqual(['Water the orchids', 'Paint the garage', 'Queued before the upgrade']);
      expect(await due('2025-06-06')).toEqual(['Water the orchids']);
      expect(await due('2025-06-05')).toEqual([]);
      expect(titles((await store.listTasks(ALICE, { limit: 50, listId: 'inbox' })).tasks)).toEqual([
        'Paint the garage',
        'Queued before the upgrade',
        'Water the orchids',
      ]);

      // Lists continue the user's one sequence ([LS2]); a moved task leaves the Inbox and keeps its due key.
      const aliceSeq = pulls[ALICE]![pulls[ALICE]!.length - 1]!.seq;
      const list = (await store.applyListPush(ALICE, [{ newDocumentState: makeList({ name: 'Garden' }) }])).written[0]!;
      expect(list.seq).toBe(aliceSeq + 1);
      const garage = pulls[ALICE]!.find((task) => task.title === 'Paint the garage')!;
      const moved = await store.applyPush(ALICE, [{ newDocumentState: { ...garage, listId: list.id }, assumedMasterState: garage }]);
      expect(moved.written.map((task) => task.seq)).toEqual([aliceSeq + 2]);
      expect((await store.listTasks(ALICE, { limit: 50, listId: list.id })).tasks).toEqual(moved.written);
      expect(await due('2025-07-01')).toEqual(['Water the orchids', 'Paint the garage', 'Queued before the upgrade']);
      expect(await store.highestSeq(ALICE)).toBe(aliceSeq + 2);
    } finally {
      await store.close();
    }
  });

  it('[SW2] keeps every task, user, token and the generation; pulls, search and new pushes work; a reopen changes nothing', async () => {
    const { dir, file, pulls } = oldFile();
    const store = createEmbeddedStore({ dataDir: dir });
    try {
      expect(await store.generation()).toBe(GENERATION);
      for (const [userId, expected] of Object.entries(pulls)) {
        expect(await store.pullChanges(userId, 0, 100)).toEqual(expected);
        expect(await store.highestSeq(userId)).toBe(expected[expected.length - 1]!.seq);
      }
      expect((await store.findUserByEmail('alice@example.com'))?.id).toBe(ALICE);
      expect(await store.isRefreshFamilyActive('family-1', '2030-01-01T00:00:00.000Z')).toBe(true);

      // Search: what the old release indexed, and what it had only queued.
      const search = async (userId: string, q: string) => titles((await store.listTasks(userId, { limit: 50, q })).tasks);
      expect(await search(ALICE, 'garage')).toEqual(['Paint the garage']);
      expect(await search(ALICE, 'fence')).toEqual([]);
      expect(await search(ALICE, 'lighthouse')).toEqual(['Queued before the upgrade']);
      expect(await search(BOB, 'windmill')).toEqual(['Bob queued this one']);
      expect(await search(BOB, 'garage')).toEqual([]);
      expect(titles((await store.listTasks(ALICE, { limit: 50 })).tasks)).toEqual([
        'Paint the garage',
        'Queued before the upgrade',
        'Water the orchids',
      ]);

      // New writes continue each user's seq, and are searchable; an edit of an old task replaces its words.
      const aliceSeq = pulls[ALICE]![pulls[ALICE]!.length - 1]!.seq;
      const fresh = makeTask({ title: 'Written after the upgrade', description: 'zeppelin' });
      const orchids = pulls[ALICE]!.find((task) => task.title === 'Water the orchids')!;
      const outcome = await store.applyPush(ALICE, [
        { newDocumentState: fresh },
        { newDocumentState: { ...orchids, title: 'Water the ferns' }, assumedMasterState: orchids },
      ]);
      expect(outcome.conflicts).toEqual([]);
      expect(outcome.written.map((task) => task.seq)).toEqual([aliceSeq + 1, aliceSeq + 2]);
      expect(await search(ALICE, 'zeppelin')).toEqual(['Written after the upgrade']);
      expect(await search(ALICE, 'ferns')).toEqual(['Water the ferns']);
      expect(await search(ALICE, 'orchids')).toEqual([]);
    } finally {
      await store.close();
    }
    expect(readMeta(file, 'schema_version')).toBe(String(SQLITE_SCHEMA_VERSION));

    const reopened = createEmbeddedStore({ dataDir: dir });
    try {
      expect(await reopened.generation()).toBe(GENERATION);
      expect((await reopened.pullChanges(BOB, 0, 100)).map((task) => task.title)).toEqual(pulls[BOB]!.map((task) => task.title));
      expect(titles((await reopened.listTasks(ALICE, { limit: 50, q: 'paint' })).tasks)).toEqual(['Paint the garage']);
    } finally {
      await reopened.close();
    }
    expect(readMeta(file, 'schema_version')).toBe(String(SQLITE_SCHEMA_VERSION));
  });

  it('[SW2] several processes opening the old file at the same moment upgrade it once, and all start', async () => {
    const { dir, file, pulls } = oldFile();
    // A lock holder keeps the four openers waiting until every one is about to open, then lets them go together.
    const holder = new Database(file);
    holder.exec('BEGIN IMMEDIATE');
    const openers = Array.from({ length: 4 }, () => openInAnotherProcess(file));
    await Promise.all(openers.map((opener) => opener.ready));
    await new Promise((resolve) => setTimeout(resolve, 300));
    holder.exec('COMMIT');
    holder.close();
    const results = await Promise.all(openers.map((opener) => opener.exited));
    for (const result of results) expect(result).toEqual({ code: 0, output: `ready\n${SQLITE_SCHEMA_VERSION}` });

    const store = createEmbeddedStore({ dataDir: dir });
    try {
      expect(await store.pullChanges(ALICE, 0, 100)).toEqual(pulls[ALICE]);
      expect(titles((await store.listTasks(BOB, { limit: 50, q: 'bob' })).tasks)).toEqual([
        'Bob keeps his bicycle here',
        'Bob queued this one',
      ]);
    } finally {
      await store.close();
    }
  });

  it('[SW2] a file from a newer release is refused with the reason, and left as it was', () => {
    const { dir, file } = oldFile();
    const db = new Database(file);
    db.prepare("INSERT INTO store_meta (key, value) VALUES ('schema_version', ?)").run(String(SQLITE_SCHEMA_VERSION + 1));
    const triggerBefore = db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'tasks_fts_queue_insert'").pluck().get();
    db.close();
    expect(() => createEmbeddedStore({ dataDir: dir })).toThrow(
      `schema version ${SQLITE_SCHEMA_VERSION + 1}, newer than this release's ${SQLITE_SCHEMA_VERSION}`,
    );
    const after = new Database(file, { readonly: true });
    try {
      expect(after.prepare("SELECT sql FROM sqlite_schema WHERE name = 'tasks_fts_queue_insert'").pluck().get()).toBe(triggerBefore);
    } finally {
      after.close();
    }
  });
});

describe('[SW3] search queueing of new rows', () => {
  it('[SW3] every new row is queued once, without a subquery; a rowid still queued does not fail the insert, also under an upsert', async () => {
    const temp = makeTempDir('search-queue');
    try {
      await createEmbeddedStore({ dataDir: temp.dir }).close();
      const db = new Database(path.join(temp.dir, 'tasklane.sqlite'));
      try {
        const trigger = db.prepare<[], string>("SELECT sql FROM sqlite_schema WHERE name = 'tasks_fts_queue_insert'").pluck().get()!;
        expect(trigger).toContain('INSERT OR IGNORE');
        expect(trigger).not.toContain('SELECT');
        const insert = db.prepare(
          "INSERT INTO tasks (user_id, id, seq, status, created_at, deleted, doc) VALUES ('u', ?, ?, 'todo', '2026-01-01T00:00:00.000Z', 0, '{}')",
        );
        const queued = () => db.prepare('SELECT task_rowid FROM tasks_fts_pending ORDER BY task_rowid').pluck().all();
        insert.run('a', 1);
        insert.run('b', 2);
        expect(queued()).toEqual([1, 2]);
        // Only an operator deleting the newest row can make SQLite hand out a queued rowid again.
        db.exec("DELETE FROM tasks WHERE id = 'b'");
        insert.run('c', 3);
        db.exec("DELETE FROM tasks WHERE id = 'c'");
        db.prepare(PREVIOUS_UPSERT).run({
          userId: 'u',
          id: 'd',
          seq: 4,
          status: 'todo',
          createdAt: '2026-01-01T00:00:00.000Z',
          deleted: 0,
          doc: '{}',
        });
        expect(queued()).toEqual([1, 2]);
        expect(db.prepare('SELECT id FROM tasks ORDER BY rowid').pluck().all()).toEqual(['a', 'd']);
      } finally {
        db.close();
      }
    } finally {
      temp.remove();
    }
  });
});

/** Opens `file` with the current source's openSqliteDatabase in a new Node process, which prints `ready` just before. */
function openInAnotherProcess(file: string): { ready: Promise<void>; exited: Promise<{ code: number | null; output: string }> } {
  const script = `
    const fs = require('node:fs');
    const { transformSync } = require(${JSON.stringify(require.resolve('@swc/core'))});
    require.extensions['.ts'] = (module, filename) => {
      const options = { filename, module: { type: 'commonjs' }, jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } };
      module._compile(transformSync(fs.readFileSync(filename, 'utf8'), options).code, filename);
    };
    const { openSqliteDatabase } = require(${JSON.stringify(path.resolve(__dirname, '../src/store/sqlite/open-sqlite-database.ts'))});
    fs.writeSync(1, 'ready\\n');
    const db = openSqliteDatabase(process.argv[1]);
    process.stdout.write(db.prepare("SELECT value FROM store_meta WHERE key = 'schema_version'").pluck().get());
    db.close();`;
  const child = spawn(process.execPath, ['-e', script, file], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    if (output.startsWith('ready')) markReady();
  });
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; output: string }>((resolve) => child.once('exit', (code) => resolve({ code, output })));
  // A child that fails before it is ready must not leave the test waiting.
  void exited.then(markReady);
  return { ready, exited };
}
