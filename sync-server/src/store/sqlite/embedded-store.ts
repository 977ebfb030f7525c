import { asAsync } from './as-async';
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { hiddenList, hiddenTask } from '@tasklane/shared/domain/hidden-documents';
import type { ListPushRow, PushRow } from '@tasklane/shared/protocol/push';
import { listContent, taskContent } from '../push-decision';
import type { StoreFaults } from '../store-faults';
import { openSqliteDatabase, type OpenSqliteOptions } from './open-sqlite-database';
import { createGroupCommit } from './group-commit';
import { createSearchIndexer } from './search-indexer';
import { readSqliteGeneration } from './store-generation';
import { createTaskListing } from './task-listing';
import { taskColumns } from './task-columns';
import { createSpaces } from './spaces';
import { createSpacePull } from './space-pull';
import { createSpacePush, toStoredList, toStoredTask, type PreparedListRow, type PreparedTaskRow, type SpaceOutcome } from './space-push';
import { createSqliteMembership } from './membership-tables';
import { createListListing } from './list-listing';
import { createSqliteReminderTables } from './reminder-tables';
import { createSqliteAccountMethods } from './account-tokens';
import type { ListPushOutcome, PushOutcome, RefreshTokenRecord, Store, UserRecord } from '../store';

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

function prepareTaskRow(row: PushRow): PreparedTaskRow {
  const content = taskContent(row.newDocumentState);
  return { row, content, doc: JSON.stringify(content), columns: taskColumns(content) };
}

function prepareListRow(row: ListPushRow): PreparedListRow {
  const content = listContent(row.newDocumentState);
  return { row, content, doc: JSON.stringify(content) };
}

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

  const spaces = createSpaces(db);
  const membership = createSqliteMembership(db, spaces);
  const spacePush = createSpacePush(db, spaces, faults);
  const pullTasks = createSpacePull(db, 't', hiddenTask);
  const pullLists = createSpacePull(db, 'l', hiddenList);
  const located = <T>(parse: (row: { seq: number; doc: string }) => T, row: { seq: number; doc: string } | undefined) =>
    row ? parse(row) : null;

  async function push<Row, Prepared, Stored>(
    userId: string,
    rows: Row[],
    prepare: (row: Row) => Prepared,
    apply: (prepared: Prepared[]) => SpaceOutcome<Stored>,
  ): Promise<SpaceOutcome<Stored>> {
    const prepared = rows.map(prepare);
    // Applied anew on every run: a group commit that rolled back runs the rows again ([RJ4], [LE3]).
    const outcome = await groupCommit.enqueue(() => apply(prepared));
    await faults?.reached('before-ack', { userId, applied: outcome.written.length, of: rows.length });
    return outcome;
  }

  return {
    ...createSqliteReminderTables(db),
    ...membership,
    pullChanges: asAsync((userId, afterSeq, limit) => pullTasks(userId, afterSeq, limit).map(toStoredTask)),
    highestSeq: asAsync(spaces.highestSeq),
    generation: () => Promise.resolve(generation),
    applyPush: (userId, rows): Promise<PushOutcome> =>
      push(userId, rows, prepareTaskRow, (prepared) => spacePush.applyTaskRows(userId, prepared)),
    // [SH7] by id, as the user holds it: their own, or one of a list shared with them
    getTask: asAsync((userId, id) => located(toStoredTask, spaces.locateTask(userId, id))),
    getTasks: asAsync((userId, ids) => ids.flatMap((id) => located(toStoredTask, spaces.locateTask(userId, id)) ?? [])),
    listTasks: asAsync(listTasks),
    pullListChanges: asAsync((userId, afterSeq, limit) => pullLists(userId, afterSeq, limit).map(toStoredList)),
    applyListPush: (userId, rows, limits): Promise<ListPushOutcome> =>
      push(userId, rows, prepareListRow, (prepared) => spacePush.applyListRows(userId, prepared, limits)),
    getList: asAsync((userId, id) => located(toStoredList, spaces.locateList(userId, id))),
    getLists: asAsync((userId, ids) => ids.flatMap((id) => located(toStoredList, spaces.locateList(userId, id)) ?? [])),
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
    // [SH5] unshared first, so no feed points into the deleted space (a no-op when the account service did it already)
    deleteAccount: async (userId) => {
      await membership.unshareAccount(userId, new Date().toISOString());
      accounts.deleteAccount(userId);
    },
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
