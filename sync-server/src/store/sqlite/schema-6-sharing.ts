import type Database from 'better-sqlite3';

/**
 * Schema version 6, shared lists ([SH1]–[SH12], docs/protocol.md §10):
 * - `list_members`: who besides its owner may see a list, and as what. The owner is the `user_id` of the list's row
 *   (its space); a member row names it too, so a list id held by two spaces (possible only in files from before
 *   sharing) never mixes them.
 * - `feed`: a user's entries for documents of other spaces: one row per user and document, pointing at the document
 *   (never a copy, [SH8]) under the user's own `seq`, or, once the user may no longer see it, hiding it ([SH5]).
 *   A user's pull reads their own rows and their feed, both by `seq` ([SH7]).
 * - `list_invitations`: invitations by e-mail, until accepted, declined, withdrawn or expired.
 * - `tasks (id)` and `lists (id)`: a document id names one document across spaces ([SH11]).
 * No document or seq changes: every existing document stays in its owner's space under its seq.
 */
export function migrateToSharing(db: Database.Database): void {
  db.exec(`
    CREATE TABLE list_members (
      list_id TEXT NOT NULL,
      owner_id TEXT NOT NULL,
      user_id TEXT NOT NULL,
      role TEXT NOT NULL CHECK (role IN ('editor', 'viewer')),
      since TEXT NOT NULL,
      PRIMARY KEY (list_id, owner_id, user_id)
    ) WITHOUT ROWID;
    CREATE INDEX list_members_user ON list_members (user_id, list_id);
    CREATE TABLE feed (
      user_id TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('t', 'l')),
      doc_id TEXT NOT NULL,
      space TEXT NOT NULL,
      seq INTEGER NOT NULL,
      visible INTEGER NOT NULL,
      changed_at TEXT NOT NULL,
      PRIMARY KEY (user_id, kind, doc_id)
    ) WITHOUT ROWID;
    CREATE UNIQUE INDEX feed_user_seq ON feed (user_id, seq);
    CREATE INDEX feed_user_kind_seq ON feed (user_id, kind, seq);
    CREATE INDEX feed_doc ON feed (kind, doc_id);
    CREATE TABLE list_invitations (
      id TEXT PRIMARY KEY,
      list_id TEXT NOT NULL,
      owner_id TEXT NOT NULL,
      inviter_id TEXT NOT NULL,
      email TEXT NOT NULL,
      role TEXT NOT NULL CHECK (role IN ('editor', 'viewer')),
      created_at TEXT NOT NULL,
      expires_at TEXT NOT NULL,
      UNIQUE (list_id, owner_id, email)
    );
    CREATE INDEX list_invitations_email ON list_invitations (email, expires_at);
    CREATE INDEX tasks_id ON tasks (id);
    CREATE INDEX lists_id ON lists (id);
  `);
}
