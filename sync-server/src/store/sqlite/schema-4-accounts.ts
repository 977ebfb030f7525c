import type Database from 'better-sqlite3';

/**
 * Schema version 4: account e-mails ([AC13]). One-time tokens (only their hash), the verified address of each
 * account, and an index that finds a user's refresh tokens (sign out everywhere, account deletion) without a scan.
 */
export function migrateToAccounts(db: Database.Database): void {
  db.exec(`
    ALTER TABLE users ADD COLUMN email_verified_at TEXT;
    CREATE TABLE account_tokens (
      token_hash TEXT PRIMARY KEY,
      user_id TEXT NOT NULL,
      purpose TEXT NOT NULL,
      email TEXT NOT NULL,
      created_at TEXT NOT NULL,
      expires_at TEXT NOT NULL,
      used_at TEXT
    );
    CREATE INDEX account_tokens_user ON account_tokens (user_id, purpose);
    CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id);
  `);
}
