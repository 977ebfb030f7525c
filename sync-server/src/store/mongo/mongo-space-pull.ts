import type { ClientSession, Collection, Filter } from 'mongodb';
import type { FeedDocument, FeedKind, SharingCollections } from './sharing-collections';

type Held = { id: string; seq: number };
type Stored = { userId: string; id: string; seq: number };

/**
 * [SH7] A user's pull of one collection on MongoDB: their own documents changed after `afterSeq`, and their feed entries
 * after it (documents of lists shared with them, and tombstones of those they may no longer see, made by `hidden`),
 * merged in `seq` order. Every read runs in the caller's snapshot session, so the page is one point in time of
 * majority-committed data ([P4]); each is an index range from the checkpoint ([SH8]).
 */
export function createMongoSpacePull<D extends Held, S extends Stored>(
  own: Collection<S>,
  { feed }: Pick<SharingCollections, 'feed'>,
  kind: FeedKind,
  read: {
    projection: Record<string, 0>;
    toDocument(stored: S): D;
    hidden(id: string, at: string): Omit<D, 'seq'>;
    maxTimeMS: number;
  },
) {
  const { projection, maxTimeMS } = read;
  // The documents an entry points at are read with their space, to tell them apart; it is dropped before they are returned.
  const { userId: _space, ...withSpace } = projection;

  /** The documents the visible entries point at, each under the entry's seq; an entry whose document is gone reads as hidden. */
  async function pointedAt(entries: FeedDocument[], session: ClientSession): Promise<D[]> {
    const bySpace = new Map<string, string[]>();
    for (const entry of entries) if (entry.visible) bySpace.set(entry.space, [...(bySpace.get(entry.space) ?? []), entry.docId]);
    const found = new Map<string, S>();
    if (bySpace.size > 0) {
      const filter = { $or: [...bySpace].map(([space, ids]) => ({ userId: space, id: { $in: ids } })) } as Filter<S>;
      for (const stored of await own.find(filter, { projection: withSpace, session, maxTimeMS }).toArray()) {
        const { userId: space, ...document } = stored as unknown as S;
        found.set(`${space}\u0000${document.id}`, document as unknown as S);
      }
    }
    return entries.map((entry) => {
      const stored = entry.visible ? found.get(`${entry.space}\u0000${entry.docId}`) : undefined;
      return stored
        ? { ...read.toDocument(stored), seq: entry.seq }
        : ({ ...read.hidden(entry.docId, entry.changedAt), seq: entry.seq } as D);
    });
  }

  return async (session: ClientSession, userId: string, afterSeq: number, limit: number): Promise<D[]> => {
    const mine = (
      await own
        .find({ userId, seq: { $gt: afterSeq } } as Filter<S>, { projection, session, maxTimeMS })
        .sort({ seq: 1 })
        .limit(limit)
        .toArray()
    ).map((stored) => read.toDocument(stored as unknown as S));
    const entries = await feed
      .find({ userId, kind, seq: { $gt: afterSeq } }, { projection: { _id: 0 }, session, maxTimeMS })
      .sort({ seq: 1 })
      .limit(limit)
      .toArray();
    if (entries.length === 0) return mine;
    const shared = await pointedAt(entries, session);
    const merged: D[] = [];
    let m = 0;
    let s = 0;
    while (merged.length < limit && (m < mine.length || s < shared.length)) {
      const next = shared[s];
      if (next === undefined || (m < mine.length && mine[m]!.seq < next.seq)) merged.push(mine[m++]!);
      else {
        merged.push(next);
        s += 1;
      }
    }
    return merged;
  };
}
