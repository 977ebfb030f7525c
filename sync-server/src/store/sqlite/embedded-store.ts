import { asAsync } from './as-async';
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { StoredTask, Task } from '@tasklane/shared/domain/task';
import { INBOX_LIST_ID, type StoredTaskList, type TaskList } from '@tasklane/shared/domain/task-list';
import type { ListPushRow, PushRow } from '@tasklane/shared/protocol/push';
import {
  decideListPushRowOnText,
  decidePushRowOnText,
  listContent,
  taskContent,
  type PushDecision,
  type StoredTaskText,
} from '../push-decision';
import { createListCap } from '../list-cap';
import { reachedInTransaction, type StoreFaults } from '../store-faults';
import { openSqliteDatabase, type OpenSqliteOptions } from './open-sqlite-database';
import { createGroupCommit } from './group-commit';
import { createSearchIndexer } from './search-indexer';
import { readSqliteGeneration } from './store-generation';
import { createTaskListing } from './task-listing';
import { parseStoredTask, taskColumns, type TaskColumns } from './task-columns';
import { createListListing } from './list-listing';
import { createSqliteReminderTables } from './reminder-tables';
import { createSqliteAccountMethods } from './account-tokens';
import type { ListPushLimits, ListPushOutcome, PushOutcome, RefreshTokenRecord, Store, UserRecord } from '../store';

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

/** [DM19] [LS4] Every read of a task goes through here: a stored version-1 document is returned upgraded. */
function toStoredTask(row: StoredTaskText): StoredTask {
  return { ...parseStoredTask(row.doc), seq: row.seq };
}

function toStoredList(row: StoredTaskText): StoredTaskList {
  return { ...(JSON.parse(row.doc) as Omit<StoredTaskList, 'seq'>), seq: row.seq };
}

/** A push row with its stored form, made before the write transaction so that it holds the lock only for SQLite's work. */
type PreparedRow<Row, Content> = { row: Row; content: Content; doc: string };
type PreparedTaskRow = PreparedRow<PushRow, Omit<Task, 'seq'>> & { columns: TaskColumns };
type PreparedListRow = PreparedRow<ListPushRow, Omit<TaskList, 'seq'>>;

function prepareTaskRow(row: PushRow): PreparedTaskRow {
  const content = taskContent(row.newDocumentState);
  return { row, content, doc: JSON.stringify(content), columns: taskColumns(content) };
}

function prepareListRow(row: ListPushRow): PreparedListRow {
  const content = listContent(row.newDocumentState);
  return { row, content, doc: JSON.stringify(content) };
}

/** How one collection's rows are read, decided and written inside a push's transaction. */
type CollectionWriter<Prepared extends PreparedRow<unknown, { id: string }>, Stored> = {
  get(userId: string, id: string): StoredTaskText | undefined;
  parse(stored: StoredTaskText): Stored;
  decide(stored: StoredTaskText | null, prepared: Prepared, parse: (stored: StoredTaskText) => Stored): PushDecision;
  /** [RJ2] Whether a decided write may happen (lists: the cap); absent: always. */
  admits?(stored: Stored | null, prepared: Prepared): boolean;
  write(userId: string, prepared: Prepared, seq: number, exists: boolean): void;
};

function toUser(row: UserRow): UserRecord {
  return { id: row.id, email: row.email, passwordHash: row.password_hash, createdAt: row.created_at };
}

/**
 * SQLite (WAL) in DATA_DIR. Every push runs in one `BEGIN IMMEDIATE`
 * transaction, so writers — in this process or another sharing the file — are
 * serialised and a user's `seq` is allocated in commit order, one sequence
 * across tasks and lists ([LS2]).
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
  const groupCommit = createGroupCommit(db, () => searchIndexer.scheduleSoon());
  const listTasks = createTaskListing(db, searchIndexer, toStoredTask);
  const accounts = createSqliteAccountMethods(db);

  const statements = {
    // [LS2] The user's highest seq over both collections: the next write of either takes the one after it.
    maxSeq: db.prepare<[string, string], { maxSeq: number | null }>(
      `SELECT MAX(seq) AS maxSeq FROM (
         SELECT MAX(seq) AS seq FROM tasks WHERE user_id = ? UNION ALL SELECT MAX(seq) FROM lists WHERE user_id = ?)`,
    ),
    getTask: db.prepare<[string, string], StoredTaskText>('SELECT seq, doc FROM tasks WHERE user_id = ? AND id = ?'),
    // The ids as one JSON array: one statement, whatever their number.
    getTasks: db.prepare<[string, string], StoredTaskText>(
      'SELECT seq, doc FROM tasks WHERE user_id = ? AND id IN (SELECT value FROM json_each(?))',
    ),
    // Plain INSERT and UPDATE, not an upsert: the push has just read the row in its write transaction, so it
    // knows which one applies, and an UPDATE does not first try (and fail) to insert.
    insertTask: db.prepare<[string, string, number, string, string, number, string, string, string | null, string | null]>(
      `INSERT INTO tasks (user_id, id, seq, status, created_at, deleted, doc, list_id, due_key, next_fire_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    updateTask: db.prepare<[number, string, string, number, string, string, string | null, string | null, string, string]>(
      `UPDATE tasks SET seq = ?, status = ?, created_at = ?, deleted = ?, doc = ?, list_id = ?, due_key = ?, next_fire_at = ?
       WHERE user_id = ? AND id = ?`,
    ),
    pull: db.prepare<[string, number, number], StoredTaskText>(
      'SELECT seq, doc FROM tasks WHERE user_id = ? AND seq > ? ORDER BY seq ASC LIMIT ?',
    ),
    getList: db.prepare<[string, string], StoredTaskText>('SELECT seq, doc FROM lists WHERE user_id = ? AND id = ?'),
    getLists: db.prepare<[string, string], StoredTaskText>(
      'SELECT seq, doc FROM lists WHERE user_id = ? AND id IN (SELECT value FROM json_each(?))',
    ),
    insertList: db.prepare<[string, string, number, number, string]>(
      'INSERT INTO lists (user_id, id, seq, deleted, doc) VALUES (?, ?, ?, ?, ?)',
    ),
    updateList: db.prepare<[number, number, string, string, string]>(
      'UPDATE lists SET seq = ?, deleted = ?, doc = ? WHERE user_id = ? AND id = ?',
    ),
    // [RJ2] Read inside the push's write transaction, so no other writer (of any process) can move it before the write.
    liveLists: db.prepare<[string, string], { n: number }>('SELECT COUNT(*) AS n FROM lists WHERE user_id = ? AND deleted = 0 AND id != ?'),
    pullLists: db.prepare<[string, number, number], StoredTaskText>(
      'SELECT seq, doc FROM lists WHERE user_id = ? AND seq > ? ORDER BY seq ASC LIMIT ?',
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

  const highestSeq = (userId: string) => statements.maxSeq.get(userId, userId)?.maxSeq ?? 0;

  const tasks: CollectionWriter<PreparedTaskRow, StoredTask> = {
    get: (userId, id) => statements.getTask.get(userId, id),
    parse: toStoredTask,
    // [SW4] [LS4] A stored version-1 text never equals a row's text: it is decided on the upgraded document.
    decide: (stored, { row, doc }, parse) => decidePushRowOnText(stored, row, doc, parse),
    write(userId, { content, doc, columns }, seq, exists) {
      const { status, createdAt, deleted, listId, dueKey, nextFireAt } = columns;
      if (exists) statements.updateTask.run(seq, status, createdAt, deleted, doc, listId, dueKey, nextFireAt, userId, content.id);
      else statements.insertTask.run(userId, content.id, seq, status, createdAt, deleted, doc, listId, dueKey, nextFireAt);
    },
  };
  /**
   * [RJ4] A fresh cap for each run of a push's rows: a group commit that rolled back runs them again ([LE3]), and the
   * count read by the rolled-back run (and the rows it admitted) must not carry over.
   */
  const listsWithin = (limits: ListPushLimits | undefined, userId: string) => (): CollectionWriter<PreparedListRow, StoredTaskList> => {
    const cap = createListCap(limits, () => statements.liveLists.get(userId, INBOX_LIST_ID)?.n ?? 0);
    return { ...lists, admits: (stored, { content }) => cap.admits(stored, content) };
  };
  const lists: CollectionWriter<PreparedListRow, StoredTaskList> = {
    get: (userId, id) => statements.getList.get(userId, id),
    parse: toStoredList,
    decide: (stored, { row, doc }, parse) => decideListPushRowOnText(stored, row, doc, parse),
    write(userId, { content, doc }, seq, exists) {
      const deleted = content._deleted ? 1 : 0;
      if (exists) statements.updateList.run(seq, deleted, doc, userId, content.id);
      else statements.insertList.run(userId, content.id, seq, deleted, doc);
    },
  };

  /** One push's rows, inside the group's write transaction. */
  function applyRows<Prepared extends PreparedRow<unknown, { id: string }>, Stored>(
    userId: string,
    rows: Prepared[],
    writer: CollectionWriter<Prepared, Stored>,
  ): { written: Stored[]; conflicts: Stored[]; overCap?: string[] } {
    let seq = highestSeq(userId);
    const outcome: { written: Stored[]; conflicts: Stored[]; overCap?: string[] } = { written: [], conflicts: [] };
    reachedInTransaction(faults, 'after-claim', { userId, applied: 0, of: rows.length });
    for (const prepared of rows) {
      const stored = writer.get(userId, prepared.content.id) ?? null;
      // Parsed at most once, and only when the decision or a conflict needs the stored document.
      let parsed: Stored | undefined;
      const current = (text: StoredTaskText) => (parsed ??= writer.parse(text));
      const decision = writer.decide(stored, prepared, current);
      if (decision.kind === 'write' && writer.admits && !writer.admits(stored && current(stored), prepared)) {
        (outcome.overCap ??= []).push(prepared.content.id);
      } else if (decision.kind === 'write') {
        seq += 1;
        writer.write(userId, prepared, seq, stored !== null);
        outcome.written.push({ ...prepared.content, seq } as Stored);
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

  async function push<Row, Prepared extends PreparedRow<unknown, { id: string }>, Stored>(
    userId: string,
    rows: Row[],
    prepare: (row: Row) => Prepared,
    writer: () => CollectionWriter<Prepared, Stored>,
  ): Promise<{ written: Stored[]; conflicts: Stored[]; overCap?: string[] }> {
    const prepared = rows.map(prepare);
    const outcome = await groupCommit.enqueue(() => applyRows(userId, prepared, writer()));
    await faults?.reached('before-ack', { userId, applied: outcome.written.length, of: rows.length });
    return outcome;
  }

  return {
    ...createSqliteReminderTables(db),
    pullChanges: asAsync((userId, afterSeq, limit) => statements.pull.all(userId, afterSeq, limit).map(toStoredTask)),
    highestSeq: asAsync(highestSeq),
    generation: () => Promise.resolve(generation),
    applyPush: (userId, rows): Promise<PushOutcome> => push(userId, rows, prepareTaskRow, () => tasks),
    getTask: asAsync((userId, id) => {
      const row = statements.getTask.get(userId, id);
      return row ? toStoredTask(row) : null;
    }),
    getTasks: asAsync((userId, ids) => statements.getTasks.all(userId, JSON.stringify(ids)).map(toStoredTask)),
    listTasks: asAsync(listTasks),
    pullListChanges: asAsync((userId, afterSeq, limit) => statements.pullLists.all(userId, afterSeq, limit).map(toStoredList)),
    applyListPush: (userId, rows, limits): Promise<ListPushOutcome> => push(userId, rows, prepareListRow, listsWithin(limits, userId)),
    getList: asAsync((userId, id) => {
      const row = statements.getList.get(userId, id);
      return row ? toStoredList(row) : null;
    }),
    getLists: asAsync((userId, ids) => statements.getLists.all(userId, JSON.stringify(ids)).map(toStoredList)),
    listLists: asAsync(createListListing(db, toStoredList)),
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
    // [AC12] account e-mails, sign out everywhere and account deletion (account-tokens.ts)
    insertOneTimeToken: asAsync(accounts.insertOneTimeToken),
    spendOneTimeToken: asAsync(accounts.spendOneTimeToken),
    spendUserTokens: asAsync(accounts.spendUserTokens),
    emailVerifiedAt: asAsync(accounts.emailVerifiedAt),
    markEmailVerified: asAsync(accounts.markEmailVerified),
    revokeUserSessions: asAsync(accounts.revokeUserSessions),
    deleteAccount: asAsync(accounts.deleteAccount),
    insertRefreshTokenIfCurrent: asAsync(accounts.insertRefreshTokenIfCurrent),
    replacePasswordHash: asAsync(accounts.replacePasswordHash),
    isSessionActive: asAsync(accounts.isSessionActive),
    checkReady: asAsync(() => {
      statements.ping.get();
    }),
    close: asAsync(() => {
      groupCommit.flush();
      searchIndexer.close();
      if (db.open) db.close();
    }),
  };
}
