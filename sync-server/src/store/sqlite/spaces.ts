import type Database from 'better-sqlite3';
import { INBOX_LIST_ID } from '@tasklane/shared/domain/task-list';
import type { ListRole } from '@tasklane/shared/domain/list-sharing';
import type { StoredTaskText } from '../push-decision';

export type FeedKind = 't' | 'l';

/**
 * A document as one user holds it ([SH7]): the space (owner) it lives in, its text, and the `seq` under which this user
 * received its current state — the row's own `seq` in the user's own space, their feed entry's otherwise. That `seq`
 * is the revision their pushes name ([W3]).
 */
export type Located = StoredTaskText & { space: string; listId: string };

/** Where a write of a task into `listId` lands for this user, and as what; null: the list is someone else's to see. */
export type WriteTarget = { space: string; role: ListRole } | null;

/**
 * The SQL of spaces and feeds ([SH1]–[SH12]) shared by pushes, pulls and membership changes. Every function runs inside
 * the caller's transaction: a write's documents, sequences and feed entries commit together.
 */
export function createSpaces(db: Database.Database) {
  const statements = {
    // [LS2] One statement, three index seeks: the highest seq of the user's own rows of either table and of their feed.
    highestSeq: db.prepare<[string, string, string], { s: number | null }>(
      `SELECT MAX(s) AS s FROM (SELECT MAX(seq) AS s FROM tasks WHERE user_id = ?
         UNION ALL SELECT MAX(seq) FROM lists WHERE user_id = ? UNION ALL SELECT MAX(seq) FROM feed WHERE user_id = ?)`,
    ),
    ownTask: db.prepare<[string, string], Located>(
      'SELECT seq, doc, user_id AS space, list_id AS listId FROM tasks WHERE user_id = ? AND id = ?',
    ),
    feedTask: db.prepare<[string, string], Located>(
      `SELECT f.seq, t.doc, t.user_id AS space, t.list_id AS listId FROM feed f JOIN tasks t ON t.user_id = f.space AND t.id = f.doc_id
       WHERE f.user_id = ? AND f.kind = 't' AND f.doc_id = ? AND f.visible = 1`,
    ),
    ownList: db.prepare<[string, string], Located>(
      'SELECT seq, doc, user_id AS space, id AS listId FROM lists WHERE user_id = ? AND id = ?',
    ),
    feedList: db.prepare<[string, string], Located>(
      `SELECT f.seq, l.doc, l.user_id AS space, l.id AS listId FROM feed f JOIN lists l ON l.user_id = f.space AND l.id = f.doc_id
       WHERE f.user_id = ? AND f.kind = 'l' AND f.doc_id = ? AND f.visible = 1`,
    ),
    membership: db.prepare<[string, string], { ownerId: string; role: ListRole }>(
      'SELECT owner_id AS ownerId, role FROM list_members WHERE user_id = ? AND list_id = ?',
    ),
    memberIds: db.prepare<[string, string], { userId: string }>(
      'SELECT user_id AS userId FROM list_members WHERE list_id = ? AND owner_id = ? ORDER BY since, user_id',
    ),
    feedEntry: db.prepare<[string, FeedKind, string], { space: string; visible: number }>(
      'SELECT space, visible FROM feed WHERE user_id = ? AND kind = ? AND doc_id = ?',
    ),
    upsertFeed: db.prepare<[string, FeedKind, string, string, number, number, string]>(
      `INSERT INTO feed (user_id, kind, doc_id, space, seq, visible, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (user_id, kind, doc_id) DO UPDATE SET space = excluded.space, seq = excluded.seq, visible = excluded.visible,
         changed_at = excluded.changed_at`,
    ),
    deleteFeed: db.prepare<[string, FeedKind, string]>('DELETE FROM feed WHERE user_id = ? AND kind = ? AND doc_id = ?'),
  };

  const highestSeq = (userId: string) => statements.highestSeq.get(userId, userId, userId)?.s ?? 0;

  /**
   * [SQ4] While a push decides one row (before its first write), the reads it makes more than once — a user's own
   * document with this id, their feed entry for it — are answered once: a new task asked for the pusher's own copy and
   * feed entry twice, and deleted a feed entry it had just read as absent. Reads in one transaction with no write
   * between them answer the same, so the answers are unchanged; outside `decidingRow` nothing is remembered.
   */
  let rowReads: Map<string, unknown> | null = null;
  function remembered<T>(key: string, read: () => T): T {
    if (!rowReads) return read();
    if (rowReads.has(key)) return rowReads.get(key) as T;
    const value = read();
    rowReads.set(key, value);
    return value;
  }
  const ownTask = (userId: string, id: string) => remembered(`t\n${userId}\n${id}`, () => statements.ownTask.get(userId, id));
  const ownList = (userId: string, id: string) => remembered(`l\n${userId}\n${id}`, () => statements.ownList.get(userId, id));
  const feedEntry = (userId: string, kind: FeedKind, id: string) =>
    remembered(`f\n${userId}\n${kind}\n${id}`, () => statements.feedEntry.get(userId, kind, id));

  /** The list as this user sees it: theirs, or shared with them; undefined when they see no list with this id. */
  function locateList(userId: string, listId: string): Located | undefined {
    return ownList(userId, listId) ?? statements.feedList.get(userId, listId);
  }

  /** [SH2] The user's role on a list they see (live or deleted); null when they see no list with this id. */
  function listAccess(userId: string, listId: string): { ownerId: string; role: ListRole } | null {
    if (ownList(userId, listId)) return { ownerId: userId, role: 'owner' };
    const member = statements.membership.get(userId, listId);
    return member ?? null;
  }

  /** [SH5] Whether the user once held this document and may no longer see it. */
  function hiddenFrom(userId: string, kind: FeedKind, id: string): boolean {
    return feedEntry(userId, kind, id)?.visible === 0;
  }

  return {
    highestSeq,
    /**
     * [SQ4] Runs `decide` (a push row's reads, up to its first write) remembering the repeated reads; the caller must not
     * write inside it.
     */
    decidingRow<T>(decide: () => T): T {
      rowReads = new Map();
      try {
        return decide();
      } finally {
        rowReads = null;
      }
    },
    /** The task as this user holds it: their own, or one of a list shared with them. */
    locateTask: (userId: string, id: string): Located | undefined => ownTask(userId, id) ?? statements.feedTask.get(userId, id),
    locateList,
    listAccess,
    /**
     * [SH2] Where a task this user writes into `listId` lives: the Inbox, their own lists and lists no one has stored yet
     * (a device may push a task before its new list, [LS3]) are the user's space; a shared list is its owner's.
     */
    writeTarget(userId: string, listId: string): WriteTarget {
      if (listId === INBOX_LIST_ID) return { space: userId, role: 'owner' };
      const access = listAccess(userId, listId);
      if (access) return { space: access.ownerId, role: access.role };
      // [SH5] A list the user was removed from (or left) is not theirs to fill. Any other id is theirs ([X1], [LS3]):
      // a list not pushed yet, or one only another account holds (an imported copy), which this user never sees.
      if (hiddenFrom(userId, 'l', listId)) return null;
      return { space: userId, role: 'owner' };
    },
    hiddenFrom,
    /**
     * The role this user has on a task they hold (or on one placed in a list of a space): the owner of its space, or
     * their role on its shared list.
     */
    roleOn(userId: string, located: Pick<Located, 'space' | 'listId'>): ListRole | null {
      if (located.space === userId) return 'owner';
      const member = statements.membership.get(userId, located.listId);
      return member && member.ownerId === located.space ? member.role : null;
    },
    /** [SH6] Who holds a document of this list of this space: its owner, then its members. The Inbox is never shared. */
    audience(space: string, listId: string): string[] {
      if (listId === INBOX_LIST_ID) return [space];
      return [space, ...statements.memberIds.all(listId, space).map((row) => row.userId)];
    },
    /**
     * [SH11] Whether this user already holds another document with this id: one in another space than `space` (where the
     * document lives now, or null for a new one). A user never holds two documents with one id.
     */
    holdsOther(userId: string, kind: FeedKind, id: string, space: string | null): boolean {
      const own = kind === 't' ? ownTask(userId, id) : ownList(userId, id);
      if (own) return own.space !== space;
      const entry = feedEntry(userId, kind, id);
      return entry !== undefined && entry.visible === 1 && entry.space !== space;
    },
    /** Whether the user has a feed entry (visible or hiding) for this document. */
    hasFeedEntry: (userId: string, kind: FeedKind, id: string): boolean => feedEntry(userId, kind, id) !== undefined,
    /** Points this user's feed at the document, visible or hidden, under `seq`. */
    putFeed(userId: string, kind: FeedKind, id: string, space: string, seq: number, visible: boolean, at: string): void {
      statements.upsertFeed.run(userId, kind, id, space, seq, visible ? 1 : 0, at);
    },
    /** The document is in the user's own space now: their own row carries it, not their feed. */
    dropFeed(userId: string, kind: FeedKind, id: string): void {
      statements.deleteFeed.run(userId, kind, id);
    },
  };
}

export type Spaces = ReturnType<typeof createSpaces>;

/**
 * The next `seq`s of every user a transaction writes for, each read once from the store ([LS2]: one sequence per user
 * over their own documents and their feed). Made per push run, so a rolled-back group commit starts over ([RJ4]).
 */
export function createSeqAllocator(spaces: Pick<Spaces, 'highestSeq'>) {
  const next = new Map<string, number>();
  const allocate = (userId: string): number => {
    const seq = (next.get(userId) ?? spaces.highestSeq(userId)) + 1;
    next.set(userId, seq);
    return seq;
  };
  /**
   * [P4] Reads a user's highest seq before a document leaves their space: it may be the one holding it, and their next
   * entry (the feed row that follows or hides the document) must come after every seq their devices have seen.
   */
  allocate.before = (userId: string): void => {
    if (!next.has(userId)) next.set(userId, spaces.highestSeq(userId));
  };
  return allocate;
}
