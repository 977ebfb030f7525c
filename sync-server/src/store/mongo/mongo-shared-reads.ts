import type { FeedKind, SharingCollections } from './sharing-collections';

/** What the listings read of sharing: a user's memberships and their feed. */
export type SharedReads = Pick<SharingCollections, 'members' | 'feed'>;

type Timed = { maxTimeMS: number };

/** A space other than the caller's and the ids of its lists shared with the caller. */
export type SharedSpace = { ownerId: string; listIds: string[] };

/**
 * [SH1] The spaces whose lists are shared with `userId`, each with those lists; only the lists named by `onlyListId`
 * when given (one list is in at most one space the caller does not own, [SH11]).
 */
export async function sharedSpacesOf(sharing: SharedReads, timed: Timed, userId: string, onlyListId?: string): Promise<SharedSpace[]> {
  const memberships = await sharing.members
    .find(onlyListId === undefined ? { userId } : { userId, listId: onlyListId }, {
      projection: { _id: 0, ownerId: 1, listId: 1 },
      ...timed,
    })
    .toArray();
  const byOwner = new Map<string, string[]>();
  for (const { ownerId, listId } of memberships) byOwner.set(ownerId, [...(byOwner.get(ownerId) ?? []), listId]);
  return [...byOwner].map(([ownerId, listIds]) => ({ ownerId, listIds }));
}

/**
 * [SH7] The seq under which `userId` holds each of these documents of other spaces: their visible feed entry's, when it
 * points into the document's space; a document without one is not theirs to see (absent from the map).
 */
export async function feedSeqsOf(
  sharing: SharedReads,
  timed: Timed,
  userId: string,
  kind: FeedKind,
  docs: ReadonlyArray<{ id: string; space: string }>,
): Promise<Map<string, number>> {
  if (docs.length === 0) return new Map();
  const spaceOf = new Map(docs.map((doc) => [doc.id, doc.space]));
  const entries = await sharing.feed
    .find(
      { userId, kind, docId: { $in: [...spaceOf.keys()] }, visible: true },
      { projection: { _id: 0, docId: 1, space: 1, seq: 1 }, ...timed },
    )
    .toArray();
  return new Map(entries.filter((entry) => spaceOf.get(entry.docId) === entry.space).map((entry) => [entry.docId, entry.seq]));
}
