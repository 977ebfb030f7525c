import type Database from 'better-sqlite3';
import type { StoredTaskText } from '../push-decision';
import type { FeedKind } from './spaces';

type FeedRow = { seq: number; id: string; visible: number; at: string; doc: string | null };

/**
 * [SH7] A user's pull of one collection: their own documents changed after `afterSeq`, and their feed entries after it
 * (documents of lists shared with them, and tombstones of those they may no longer see, made by `hidden`), merged in
 * `seq` order. Both reads run in one read transaction, so they see one commit of the store ([P4]). Each is an index
 * range from the checkpoint: the cost follows what changed for the user, not how much they hold ([SH8]).
 */
export function createSpacePull(db: Database.Database, kind: FeedKind, hidden: (id: string, at: string) => object) {
  const table = kind === 't' ? 'tasks' : 'lists';
  const own = db.prepare<[string, number, number], StoredTaskText>(
    `SELECT seq, doc FROM ${table} WHERE user_id = ? AND seq > ? ORDER BY seq ASC LIMIT ?`,
  );
  const feed = db.prepare<[string, string, number, number], FeedRow>(
    `SELECT f.seq, f.doc_id AS id, f.visible, f.changed_at AS at, d.doc FROM feed f
       LEFT JOIN ${table} d ON f.visible = 1 AND d.user_id = f.space AND d.id = f.doc_id
     WHERE f.user_id = ? AND f.kind = ? AND f.seq > ? ORDER BY f.seq ASC LIMIT ?`,
  );
  return db.transaction((userId: string, afterSeq: number, limit: number): StoredTaskText[] => {
    const mine = own.all(userId, afterSeq, limit);
    const shared = feed.all(userId, kind, afterSeq, limit);
    if (shared.length === 0) return mine;
    const merged: StoredTaskText[] = [];
    let m = 0;
    let s = 0;
    while (merged.length < limit && (m < mine.length || s < shared.length)) {
      const next = shared[s];
      if (next === undefined || (m < mine.length && mine[m]!.seq < next.seq)) {
        merged.push(mine[m]!);
        m += 1;
        continue;
      }
      s += 1;
      // A visible entry whose document is gone (never, while account deletion unshares first) reads as hidden: never a
      // leak, and never a page left empty while later entries wait behind it.
      merged.push({ seq: next.seq, doc: next.visible === 1 && next.doc !== null ? next.doc : JSON.stringify(hidden(next.id, next.at)) });
    }
    return merged;
  });
}
