import type Database from 'better-sqlite3';
import type { AccountEmailStore, OneTimeTokenPurpose, OneTimeTokenRecord } from '../account-email-store';

type TokenRow = {
  token_hash: string;
  user_id: string;
  purpose: OneTimeTokenPurpose;
  email: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
};

function toRecord(row: TokenRow): OneTimeTokenRecord {
  return {
    tokenHash: row.token_hash,
    userId: row.user_id,
    purpose: row.purpose,
    email: row.email,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    usedAt: row.used_at,
  };
}

/** [AC20] How long after its expiry a one-time token row is kept (as MongoDB's TTL index keeps it). */
export const PRUNE_AFTER_EXPIRY_MS = 86_400_000;

/** Synchronous, as better-sqlite3 is; embedded-store.ts makes each method asynchronous. */
export type SqliteAccountMethods = {
  [K in keyof AccountEmailStore]: (...args: Parameters<AccountEmailStore[K]>) => Awaited<ReturnType<AccountEmailStore[K]>>;
};

/** [AC12] The account-e-mail methods on the embedded store's connection (tables of schema version 4). */
export function createSqliteAccountMethods(db: Database.Database): SqliteAccountMethods {
  const statements = {
    insert: db.prepare(
      'INSERT INTO account_tokens (token_hash, user_id, purpose, email, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    // [AC20] Spent and expired links are useless: a day after expiry they go, so the table holds about two days of links.
    prune: db.prepare('DELETE FROM account_tokens WHERE expires_at < ?'),
    // [AC15] [AC17] One statement: the account's row is read and the sign-in written atomically, so a password change or an
    // account deletion is either before it (nothing is written) or after it (and then revokes or removes what was written).
    insertRefreshTokenIfCurrent: db.prepare<{
      id: string;
      familyId: string;
      userId: string;
      expiresAt: string;
      familyCreatedAt: string;
      hash: string | null;
    }>(
      `INSERT INTO refresh_tokens (id, family_id, user_id, expires_at, family_created_at)
       SELECT @id, @familyId, @userId, @expiresAt, @familyCreatedAt
       WHERE EXISTS (SELECT 1 FROM users WHERE id = @userId AND (@hash IS NULL OR password_hash = @hash))`,
    ),
    replacePasswordHash: db.prepare('UPDATE users SET password_hash = ? WHERE id = ? AND password_hash = ?'),
    sessionActive: db.prepare<[string, string, string], { one: number }>(
      `SELECT 1 AS one FROM refresh_tokens
       WHERE family_id = ? AND user_id = ? AND revoked_at IS NULL AND expires_at > ?
         AND EXISTS (SELECT 1 FROM users WHERE users.id = refresh_tokens.user_id)
       LIMIT 1`,
    ),
    // One statement: of two simultaneous spends (in this process or another sharing the file) exactly one matches.
    spend: db.prepare<{ hash: string; purpose: string; at: string }, TokenRow>(
      `UPDATE account_tokens SET used_at = @at
       WHERE token_hash = @hash AND purpose = @purpose AND used_at IS NULL AND expires_at > @at
       RETURNING *`,
    ),
    spendUser: db.prepare('UPDATE account_tokens SET used_at = ? WHERE user_id = ? AND purpose = ? AND used_at IS NULL'),
    verifiedAt: db.prepare<[string], { at: string | null }>('SELECT email_verified_at AS at FROM users WHERE id = ?'),
    markVerified: db.prepare('UPDATE users SET email_verified_at = COALESCE(email_verified_at, ?) WHERE id = ? AND email = ?'),
    activeFamilies: db.prepare<[string], { familyId: string }>(
      'SELECT DISTINCT family_id AS familyId FROM refresh_tokens WHERE user_id = ? AND revoked_at IS NULL',
    ),
    revokeFamily: db.prepare('UPDATE refresh_tokens SET revoked_at = ? WHERE family_id = ? AND user_id = ? AND revoked_at IS NULL'),
    // FTS rows are keyed by the task's rowid: they go first, or a later task given that rowid would inherit their words.
    deleteSearchText: db.prepare('DELETE FROM tasks_fts WHERE rowid IN (SELECT rowid FROM tasks WHERE user_id = ?)'),
    deleteSearchQueue: db.prepare('DELETE FROM tasks_fts_pending WHERE task_rowid IN (SELECT rowid FROM tasks WHERE user_id = ?)'),
    deleteTasks: db.prepare('DELETE FROM tasks WHERE user_id = ?'),
    deleteLists: db.prepare('DELETE FROM lists WHERE user_id = ?'),
    deleteRefreshTokens: db.prepare('DELETE FROM refresh_tokens WHERE user_id = ?'),
    deleteAccountTokens: db.prepare('DELETE FROM account_tokens WHERE user_id = ?'),
    // Reminders (schema 5, [NT1]): the user's push subscriptions and reminder deliveries, also those to its devices of
    // tasks in other spaces (a shared task assigned to it, [AS6]), before the subscriptions go.
    deleteDeliveriesToDevices: db.prepare(
      'DELETE FROM reminder_deliveries WHERE subscription_id IN (SELECT id FROM push_subscriptions WHERE user_id = ?)',
    ),
    deletePushSubscriptions: db.prepare('DELETE FROM push_subscriptions WHERE user_id = ?'),
    deleteReminderDeliveries: db.prepare('DELETE FROM reminder_deliveries WHERE user_id = ?'),
    // Shared lists (schema 6, [SH5]): invitations to the account's address, and the deleted space's id in the hiding
    // entries its former members' devices still pull (they need the document ids only, never the space of a hidden one).
    // Found through the space's documents (index feed_doc), before they go: feed has no index on space.
    deleteInvitationsTo: db.prepare('DELETE FROM list_invitations WHERE email = (SELECT email FROM users WHERE id = ?)'),
    forgetHiddenSpace: db.prepare<{ userId: string }>(
      `UPDATE feed SET space = '' WHERE visible = 0 AND space = @userId AND (
         (kind = 't' AND doc_id IN (SELECT id FROM tasks WHERE user_id = @userId))
         OR (kind = 'l' AND doc_id IN (SELECT id FROM lists WHERE user_id = @userId)))`,
    ),
    deleteUser: db.prepare('DELETE FROM users WHERE id = ?'),
  };

  const revokeSessions = db.transaction((userId: string, revokedAt: string, keepFamilyId: string | undefined) => {
    const ended = statements.activeFamilies
      .all(userId)
      .map((row) => row.familyId)
      .filter((familyId) => familyId !== keepFamilyId);
    for (const familyId of ended) statements.revokeFamily.run(revokedAt, familyId, userId);
    return ended;
  });

  const deleteAccount = db.transaction((userId: string) => {
    statements.forgetHiddenSpace.run({ userId });
    statements.deleteInvitationsTo.run(userId);
    statements.deleteSearchText.run(userId);
    statements.deleteSearchQueue.run(userId);
    statements.deleteTasks.run(userId);
    statements.deleteLists.run(userId);
    statements.deleteRefreshTokens.run(userId);
    statements.deleteAccountTokens.run(userId);
    statements.deleteDeliveriesToDevices.run(userId);
    statements.deletePushSubscriptions.run(userId);
    statements.deleteReminderDeliveries.run(userId);
    statements.deleteUser.run(userId);
  });

  const insertOneTimeToken = db.transaction((token: Omit<OneTimeTokenRecord, 'usedAt'>) => {
    statements.prune.run(new Date(Date.parse(token.createdAt) - PRUNE_AFTER_EXPIRY_MS).toISOString());
    statements.insert.run(token.tokenHash, token.userId, token.purpose, token.email, token.createdAt, token.expiresAt);
  });

  return {
    insertOneTimeToken(token) {
      insertOneTimeToken.immediate(token);
    },
    insertRefreshTokenIfCurrent: (token, expectedPasswordHash) =>
      statements.insertRefreshTokenIfCurrent.run({ ...token, hash: expectedPasswordHash ?? null }).changes === 1,
    replacePasswordHash: (userId, expectedHash, newHash) => statements.replacePasswordHash.run(newHash, userId, expectedHash).changes === 1,
    isSessionActive: (userId, familyId, at) => statements.sessionActive.get(familyId, userId, at) !== undefined,
    spendOneTimeToken(hash, purpose, at) {
      const row = statements.spend.get({ hash, purpose, at });
      return row ? toRecord(row) : null;
    },
    spendUserTokens(userId, purpose, at) {
      statements.spendUser.run(at, userId, purpose);
    },
    emailVerifiedAt: (userId) => statements.verifiedAt.get(userId)?.at ?? null,
    markEmailVerified: (userId, email, at) => statements.markVerified.run(at, userId, email).changes === 1,
    revokeUserSessions: (userId, revokedAt, keepFamilyId) => revokeSessions.immediate(userId, revokedAt, keepFamilyId),
    deleteAccount(userId) {
      deleteAccount.immediate(userId);
    },
  };
}
