import path from 'node:path';
import type Database from 'better-sqlite3';
import { makeTempDir } from '@tasklane/testkit/temp-dir';
import { openSqliteDatabase } from './open-sqlite-database';
import { createSearchIndexer } from './search-indexer';

const FULL = 2;

/** [SQ3] The search index's batches commit without an fsync of their own; every other commit keeps synchronous = FULL. */
describe('search indexer: batches without their own fsync', () => {
  const temp = makeTempDir('search-indexer');
  let db: Database.Database;
  /** What happened, in order: the synchronous level set, and each batch that cleared the queue. */
  let events: string[];

  beforeEach(() => {
    db = openSqliteDatabase(path.join(temp.dir, `store-${Date.now()}-${Math.random()}.sqlite`));
    events = [];
    const setPragma = db.pragma.bind(db);
    db.pragma = (source: string, options?: Database.PragmaOptions) => {
      if (/^synchronous\s*=/.test(source)) events.push(source.replace(/\s+/g, ' '));
      return setPragma(source, options);
    };
    // A batch is seen where it clears the queue, inside its transaction.
    db.function('seen_batch', () => {
      events.push('batch');
      return null;
    });
    db.exec('CREATE TEMP TRIGGER seen_batch AFTER DELETE ON tasks_fts_pending BEGIN SELECT seen_batch(); END');
  });
  afterEach(() => db.close());
  afterAll(() => temp.remove());

  function insertTask(id: string, title: string): void {
    const doc = JSON.stringify({ id, title, description: 'about it' });
    db.prepare(
      `INSERT INTO tasks (user_id, id, seq, status, created_at, deleted, doc, list_id, due_key, next_fire_at)
       VALUES ('u1', ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM tasks), 'todo', '2026-01-01T00:00:00.000Z', 0, ?, 'inbox', NULL, NULL)`,
    ).run(id, doc);
  }

  it('[SQ3] a batch runs at synchronous = NORMAL and puts FULL back; the rows are searchable and the queue is empty', () => {
    expect(db.pragma('synchronous', { simple: true })).toBe(FULL);
    const indexer = createSearchIndexer(db);
    insertTask('t1', 'water the plants');
    insertTask('t2', 'call the plumber');
    indexer.flush();
    expect(events).toEqual(['synchronous = NORMAL', 'batch', 'batch', `synchronous = ${FULL}`]);
    expect(db.pragma('synchronous', { simple: true })).toBe(FULL);
    const found = db.prepare<[string], { rowid: number }>('SELECT rowid FROM tasks_fts WHERE tasks_fts MATCH ?').all('plumber');
    expect(found).toHaveLength(1);
    expect(db.prepare('SELECT COUNT(*) AS n FROM tasks_fts_pending').get()).toEqual({ n: 0 });
    indexer.close();
  });

  it('[SQ3] a batch that fails still puts FULL back, and leaves its rows queued for the next one', () => {
    const indexer = createSearchIndexer(db);
    insertTask('t1', 'water the plants');
    db.exec("CREATE TEMP TRIGGER refuse_batch BEFORE DELETE ON tasks_fts_pending BEGIN SELECT RAISE(ABORT, 'disk trouble'); END");
    expect(() => indexer.flush()).toThrow('disk trouble');
    expect(db.pragma('synchronous', { simple: true })).toBe(FULL);
    expect(db.prepare('SELECT COUNT(*) AS n FROM tasks_fts_pending').get()).toEqual({ n: 1 });
    db.exec('DROP TRIGGER refuse_batch');
    indexer.flush();
    expect(db.prepare('SELECT COUNT(*) AS n FROM tasks_fts_pending').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT rowid FROM tasks_fts WHERE tasks_fts MATCH ?').all('plants')).toHaveLength(1);
    indexer.close();
  });

  it('[SQ3] nothing queued: no transaction, and the level is not touched', () => {
    const indexer = createSearchIndexer(db);
    indexer.flush();
    expect(events).toEqual([]);
    indexer.close();
  });

  it('[SQ3] without a write-ahead log every batch keeps its fsync: the level is never lowered', () => {
    const rollback = openSqliteDatabase(':memory:');
    try {
      expect(rollback.pragma('journal_mode', { simple: true })).toBe('memory');
      const levels: string[] = [];
      const setPragma = rollback.pragma.bind(rollback);
      rollback.pragma = (source: string, options?: Database.PragmaOptions) => {
        if (/^synchronous\s*=/.test(source)) levels.push(source);
        return setPragma(source, options);
      };
      const indexer = createSearchIndexer(rollback);
      rollback
        .prepare(
          `INSERT INTO tasks (user_id, id, seq, status, created_at, deleted, doc, list_id, due_key, next_fire_at)
           VALUES ('u1', 't1', 1, 'todo', '2026-01-01T00:00:00.000Z', 0, '{"title":"water the plants","description":""}', 'inbox', NULL, NULL)`,
        )
        .run();
      indexer.flush();
      expect(levels).toEqual([]);
      expect(rollback.prepare('SELECT rowid FROM tasks_fts WHERE tasks_fts MATCH ?').all('plants')).toHaveLength(1);
      indexer.close();
    } finally {
      rollback.close();
    }
  });
});
