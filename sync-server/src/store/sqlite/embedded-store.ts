import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { StoredTask } from '@tasklane/shared/domain/task';
import type { TaskListPage } from '@tasklane/shared/domain/task-list-page';
import type { PushRow } from '@tasklane/shared/protocol/push';
import { decidePushRowOnText, taskContent, type StoredTaskText } from '../push-decision';
import { reachedInTransaction, type StoreFaults } from '../store-faults';
import { openSqliteDatabase, type OpenSqliteOptions } from './open-sqlite-database';
import { createSearchIndexer } from './search-indexer';
import { readSqliteGeneration } from './store-generation';
import { toFtsPrefixQuery } from './fts-query';
import { decodeTaskCursor, encodeTaskCursor } from '../task-cursor';
import type { PushOutcome, RefreshTokenRecord, Store, TaskListQuery, UserRecord } from '../store';

export type EmbeddedStoreConfig = {
  dataDir: string;
  fileName?: string;
  /** [ST1] How long start-up waits for other processes' locks; 30 s unless a test shortens it. */
  startUpLockWaitMs?: number;
};

export type EmbeddedStoreHooks = Pick<OpenSqliteOptions, 'onStartUpLockRetry'> & {
  /** Fault injection in tests ([LE3]: a tiny `max_page_count` forces SQLITE_FULL mid-transaction). */
  onConnectionOpen?: (db: Database.Database) => void;
  /** [SF1]–[SF3] fault injection: here a claim is the open transaction, so a crash before `before-ack` rolls the push back. */
  faults?: StoreFaults;
};

type TaskRow = StoredTaskText;
type UserRow = { id: string; email: string; password_hash: string; created_at: string };
type RefreshTokenRow = {
  id: string;
  family_id: string;
  user_id: string;
  expires_at: string;
  used_at: string | null;
  revoked_at: string | null;
  replaced_by: string | null;
  family_created_at: string | null;
};

function toStoredTask(row: TaskRow): StoredTask {
  return { ...(JSON.parse(row.doc) as Omit<StoredTask, 'seq'>), seq: row.seq };
}

/** A push row with its stored form, made before the write transaction so that it holds the lock only for SQLite's work. */
type PreparedRow = { row: PushRow; content: Omit<StoredTask, 'seq'>; doc: string };

function prepareRow(row: PushRow): PreparedRow {
  const content = taskContent(row.newDocumentState);
  return { row, content, doc: JSON.stringify(content) };
}

function toUser(row: UserRow): UserRecord {
  return { id: row.id, email: row.email, passwordHash: row.password_hash, createdAt: row.created_at };
}

/** A push of a group commit failed, so the whole transaction is rolled back (nothing of the batch is committed). */
class BatchRolledBack extends Error {
  constructor(
    readonly index: number,
    readonly failure: unknown,
  ) {
    super('the group commit transaction was rolled back', { cause: failure });
  }
}

/**
 * The Store contract is asynchronous; better-sqlite3 answers synchronously. Wraps one synchronous
 * method so that, as from an `async` method, its result resolves and what it throws rejects.
 */
function asAsync<Args extends unknown[], Result>(work: (...args: Args) => Result): (...args: Args) => Promise<Result> {
  return (...args) => new Promise<Result>((resolve) => resolve(work(...args)));
}

/**
 * SQLite (WAL) in DATA_DIR. Every push runs in one `BEGIN IMMEDIATE`
 * transaction, so writers — in this process or another sharing the file — are
 * serialised and a user's `seq` is allocated in commit order.
 */
export function createEmbeddedStore(config: EmbeddedStoreConfig, hooks: EmbeddedStoreHooks = {}): Store {
  fs.mkdirSync(config.dataDir, { recursive: true });
  const { onConnectionOpen, faults, ...openHooks } = hooks;
  const db = openSqliteDatabase(path.join(config.dataDir, config.fileName ?? 'tasklane.sqlite'), {
    startUpLockWaitMs: config.startUpLockWaitMs,
    ...openHooks,
  });
  onConnectionOpen?.(db);
  const searchIndexer = createSearchIndexer(db);
  const generation = readSqliteGeneration(db);

  const statements = {
    maxSeq: db.prepare<[string], { maxSeq: number | null }>('SELECT MAX(seq) AS maxSeq FROM tasks WHERE user_id = ?'),
    getTask: db.prepare<[string, string], TaskRow>('SELECT seq, doc FROM tasks WHERE user_id = ? AND id = ?'),
    // Plain INSERT and UPDATE, not an upsert: the push has just read the row in its write transaction, so it
    // knows which one applies, and an UPDATE does not first try (and fail) to insert.
    insertTask: db.prepare<[string, string, number, string, string, number, string]>(
      'INSERT INTO tasks (user_id, id, seq, status, created_at, deleted, doc) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    updateTask: db.prepare<[number, string, string, number, string, string, string]>(
      'UPDATE tasks SET seq = ?, status = ?, created_at = ?, deleted = ?, doc = ? WHERE user_id = ? AND id = ?',
    ),
    pull: db.prepare<[string, number, number], TaskRow>(
      'SELECT seq, doc FROM tasks WHERE user_id = ? AND seq > ? ORDER BY seq ASC LIMIT ?',
    ),
    insertUser: db.prepare('INSERT INTO users (id, email, password_hash, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (email) DO NOTHING'),
    userByEmail: db.prepare<[string], UserRow>('SELECT * FROM users WHERE email = ?'),
    userById: db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?'),
    updatePasswordHash: db.prepare('UPDATE users SET password_hash = ? WHERE id = ?'),
    insertRefreshToken: db.prepare(
      'INSERT INTO refresh_tokens (id, family_id, user_id, expires_at, family_created_at) VALUES (?, ?, ?, ?, ?)',
    ),
    refreshTokenById: db.prepare<[string], RefreshTokenRow>('SELECT * FROM refresh_tokens WHERE id = ?'),
    rotateRefreshToken: db.prepare<{ id: string; successor: string; at: string }>(
      `UPDATE refresh_tokens SET used_at = @at, replaced_by = @successor
       WHERE id = @id AND revoked_at IS NULL AND used_at IS NULL AND replaced_by IS NULL`,
    ),
    revokeFamily: db.prepare('UPDATE refresh_tokens SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL'),
    activeFamilyToken: db.prepare<[string, string], { one: number }>(
      'SELECT 1 AS one FROM refresh_tokens WHERE family_id = ? AND revoked_at IS NULL AND expires_at > ? LIMIT 1',
    ),
    ping: db.prepare('SELECT 1'),
  };

  /** One push's rows, inside the group's write transaction. */
  function applyPushRows(userId: string, rows: PreparedRow[]): PushOutcome {
    let seq = statements.maxSeq.get(userId)?.maxSeq ?? 0;
    const outcome: PushOutcome = { written: [], conflicts: [] };
    reachedInTransaction(faults, 'after-claim', { userId, applied: 0, of: rows.length });
    for (const { row, content, doc } of rows) {
      const stored = statements.getTask.get(userId, content.id) ?? null;
      // Parsed at most once, and only when the decision or a conflict needs the stored document.
      let parsed: StoredTask | undefined;
      const current = (text: StoredTaskText) => (parsed ??= toStoredTask(text));
      const decision = decidePushRowOnText(stored, row, doc, current);
      if (decision.kind === 'write') {
        seq += 1;
        const deleted = content._deleted ? 1 : 0;
        if (stored) statements.updateTask.run(seq, content.status, content.createdAt, deleted, doc, userId, content.id);
        else statements.insertTask.run(userId, content.id, seq, content.status, content.createdAt, deleted, doc);
        outcome.written.push({ ...content, seq });
        if (outcome.written.length === faults?.intentsBeforeFault) {
          reachedInTransaction(faults, 'after-intents', { userId, applied: outcome.written.length, of: rows.length });
        }
      } else if (stored && (decision.kind === 'conflict' || decision.reportAsConflict)) {
        outcome.conflicts.push(current(stored));
      }
    }
    if (faults?.intentsBeforeFault === undefined) {
      reachedInTransaction(faults, 'after-intents', { userId, applied: outcome.written.length, of: rows.length });
    }
    return outcome;
  }
  const pushSavepoint = db.transaction(applyPushRows);

  /**
   * Group commit: pushes that arrive in the same event-loop turn share one transaction (one fsync).
   * [SW5] The first attempt runs them without savepoints: a savepoint copies every page it first touches
   * to a sub-journal (perf: over a quarter of the store's CPU time under batched pushes, while the
   * sub-journal was a temporary file). If a push fails, the transaction is rolled back, that push fails
   * alone ([LE3]), and the others run again, each in a savepoint of its own, so that a later failure
   * undoes only its push.
   */
  type QueuedPush = { userId: string; rows: PreparedRow[]; resolve: (outcome: PushOutcome) => void; reject: (error: unknown) => void };
  type PushResult = { outcome: PushOutcome } | { error: unknown };
  let queue: QueuedPush[] = [];
  const commitQueued = db.transaction((batch: QueuedPush[], isolated: boolean): PushResult[] => {
    const results: PushResult[] = [];
    for (const [index, push] of batch.entries()) {
      try {
        results.push({ outcome: (isolated ? pushSavepoint : applyPushRows)(push.userId, push.rows) });
      } catch (error) {
        // [LE3] Without a savepoint the push may have written part of its rows; with one, SQLITE_FULL,
        // SQLITE_IOERR, … may still have rolled back the whole transaction, and every later push would
        // then commit on its own and the final COMMIT fail. Either way: roll the batch back, stop here.
        if (!isolated || !db.inTransaction) throw new BatchRolledBack(index, error);
        results.push({ error });
      }
    }
    return results;
  });
  /**
   * [LE3] Each push learns exactly its own outcome: committed pushes resolve, the rest reject. When a
   * push rolled the whole batch back, nothing of it was committed: that push fails with its error and
   * the others run again without it.
   */
  function flushQueue(): void {
    let batch = queue;
    queue = [];
    let isolated = false;
    while (batch.length > 0) {
      let results: PushResult[];
      try {
        results = commitQueued.immediate(batch, isolated);
      } catch (error) {
        if (error instanceof BatchRolledBack) {
          batch[error.index]!.reject(error.failure);
          batch = batch.filter((_, index) => index !== error.index);
          isolated = true;
          continue;
        }
        for (const push of batch) push.reject(error);
        return;
      }
      results.forEach((result, index) => {
        const push = batch[index]!;
        if ('outcome' in result) push.resolve(result.outcome);
        else push.reject(result.error);
      });
      break;
    }
    searchIndexer.scheduleSoon();
  }

  function listTasksSync(userId: string, query: TaskListQuery): TaskListPage {
    const where = ['t.user_id = @userId'];
    const params: Record<string, string | number> = { userId, limit: query.limit + 1 };
    if (!query.includeDeleted) where.push('t.deleted = 0');
    if (query.status) {
      where.push('t.status = @status');
      params.status = query.status;
    }
    if (query.q !== undefined) {
      searchIndexer.flush();
      const match = toFtsPrefixQuery(query.q);
      if (match === null) return { tasks: [], nextCursor: null };
      where.push('t.rowid IN (SELECT rowid FROM tasks_fts WHERE tasks_fts MATCH @match)');
      params.match = match;
    }
    if (query.cursor) {
      const cursor = decodeTaskCursor(query.cursor);
      where.push('(t.created_at < @cursorCreatedAt OR (t.created_at = @cursorCreatedAt AND t.id < @cursorId))');
      params.cursorCreatedAt = cursor.createdAt;
      params.cursorId = cursor.id;
    }
    const rows = db
      .prepare<Record<string, string | number>, TaskRow>(
        `SELECT t.seq, t.doc FROM tasks t WHERE ${where.join(' AND ')} ORDER BY t.created_at DESC, t.id DESC LIMIT @limit`,
      )
      .all(params);
    const tasks = rows.slice(0, query.limit).map(toStoredTask);
    const last = tasks[tasks.length - 1];
    const nextCursor = rows.length > query.limit && last ? encodeTaskCursor({ createdAt: last.createdAt, id: last.id }) : null;
    return { tasks, nextCursor };
  }

  return {
    pullChanges: asAsync((userId, afterSeq, limit) => statements.pull.all(userId, afterSeq, limit).map(toStoredTask)),
    highestSeq: asAsync((userId) => statements.maxSeq.get(userId)?.maxSeq ?? 0),
    generation: () => Promise.resolve(generation),
    applyPush(userId, rows) {
      return new Promise<PushOutcome>((resolve, reject) => {
        queue.push({ userId, rows: rows.map(prepareRow), resolve, reject });
        if (queue.length === 1) setImmediate(flushQueue);
      }).then(async (outcome) => {
        await faults?.reached('before-ack', { userId, applied: outcome.written.length, of: rows.length });
        return outcome;
      });
    },
    getTask: asAsync((userId, id) => {
      const row = statements.getTask.get(userId, id);
      return row ? toStoredTask(row) : null;
    }),
    listTasks: asAsync(listTasksSync),
    createUser: asAsync((user) => statements.insertUser.run(user.id, user.email, user.passwordHash, user.createdAt).changes === 1),
    findUserByEmail: asAsync((email) => {
      const row = statements.userByEmail.get(email);
      return row ? toUser(row) : null;
    }),
    findUserById: asAsync((id) => {
      const row = statements.userById.get(id);
      return row ? toUser(row) : null;
    }),
    updatePasswordHash: asAsync((userId, passwordHash) => {
      statements.updatePasswordHash.run(passwordHash, userId);
    }),
    insertRefreshToken: asAsync((token) => {
      statements.insertRefreshToken.run(token.id, token.familyId, token.userId, token.expiresAt, token.familyCreatedAt);
    }),
    findRefreshToken: asAsync((id): RefreshTokenRecord | null => {
      const row = statements.refreshTokenById.get(id);
      if (!row) return null;
      return {
        id: row.id,
        familyId: row.family_id,
        userId: row.user_id,
        expiresAt: row.expires_at,
        usedAt: row.used_at,
        revokedAt: row.revoked_at,
        replacedBy: row.replaced_by,
        familyCreatedAt: row.family_created_at,
      };
    }),
    rotateRefreshToken: asAsync((id, successor, at) => statements.rotateRefreshToken.run({ id, successor, at }).changes === 1),
    revokeRefreshTokenFamily: asAsync((familyId, revokedAt) => {
      statements.revokeFamily.run(revokedAt, familyId);
    }),
    isRefreshFamilyActive: asAsync((familyId, at) => statements.activeFamilyToken.get(familyId, at) !== undefined),
    checkReady: asAsync(() => {
      statements.ping.get();
    }),
    close: asAsync(() => {
      if (queue.length > 0) flushQueue();
      searchIndexer.close();
      if (db.open) db.close();
    }),
  };
}
