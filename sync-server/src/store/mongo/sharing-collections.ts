import type { AnyBulkWriteOperation, ClientSession, Collection, Db, IndexDescription } from 'mongodb';
import type { ListRole, MemberRole } from '@tasklane/shared/domain/list-sharing';
import type { InvitationRecord } from '../sharing-store';

/** Which collection a feed entry points into: `t` tasks, `l` lists (as the SQLite feed's `kind`). */
export type FeedKind = 't' | 'l';

/** A member of a list besides its owner ([SH2]); the owner is the list's space (`ownerId`), never a member. */
export type MemberDocument = { ownerId: string; listId: string; userId: string; role: MemberRole; since: string };

/**
 * [SH7] One entry of a user's feed: a document of another space (`space`) they hold, never a copy, under the user's own
 * `seq`; `visible: false` hides it from them ([SH5]).
 */
export type FeedDocument = {
  userId: string;
  kind: FeedKind;
  docId: string;
  space: string;
  seq: number;
  visible: boolean;
  changedAt: string;
};

/** An invitation as stored: the record itself ([SH3]). */
export type InvitationDocument = InvitationRecord;

/** A user's role on a list they see. */
export type Access = { ownerId: string; role: ListRole };

export type SharingCollections = {
  members: Collection<MemberDocument>;
  feed: Collection<FeedDocument>;
  invitations: Collection<InvitationDocument>;
};

export const SHARING_COLLECTION_NAMES = { members: 'list_members', feed: 'feed', invitations: 'list_invitations' } as const;

export function sharingCollections(db: Db): SharingCollections {
  return {
    members: db.collection<MemberDocument>(SHARING_COLLECTION_NAMES.members),
    feed: db.collection<FeedDocument>(SHARING_COLLECTION_NAMES.feed),
    invitations: db.collection<InvitationDocument>(SHARING_COLLECTION_NAMES.invitations),
  };
}

const MEMBER_INDEXES: IndexDescription[] = [
  { key: { listId: 1, ownerId: 1, userId: 1 }, name: 'list_members_list_user', unique: true },
  { key: { userId: 1, listId: 1 }, name: 'list_members_user' },
  { key: { ownerId: 1, listId: 1 }, name: 'list_members_owner' },
];

/** [SH7] [SH8] A pull reads a user's feed by seq from the checkpoint: an index range, whatever they hold. */
const FEED_INDEXES: IndexDescription[] = [
  { key: { userId: 1, kind: 1, docId: 1 }, name: 'feed_user_doc', unique: true },
  { key: { userId: 1, seq: 1 }, name: 'feed_user_seq', unique: true },
  { key: { userId: 1, kind: 1, seq: 1 }, name: 'feed_user_kind_seq' },
  { key: { kind: 1, docId: 1, space: 1 }, name: 'feed_doc' },
];

const INVITATION_INDEXES: IndexDescription[] = [
  { key: { id: 1 }, name: 'list_invitations_id', unique: true },
  { key: { listId: 1, ownerId: 1, email: 1 }, name: 'list_invitations_list_email', unique: true },
  { key: { email: 1, expiresAt: 1 }, name: 'list_invitations_email' },
];

/** Creates the sharing collections' indexes; safe from many instances at once. */
export async function ensureSharingIndexes(db: Db): Promise<void> {
  const { members, feed, invitations } = sharingCollections(db);
  await members.createIndexes(MEMBER_INDEXES);
  await feed.createIndexes(FEED_INDEXES);
  await invitations.createIndexes(INVITATION_INDEXES);
}

/**
 * The feed entries one write or membership change makes ([SH7]), written together in the caller's transaction: `put`
 * points a user's feed at a document (visible, or hiding it) under `seq`, `drop` removes their entry (the document is
 * theirs now). One `bulkWrite` per 1,000 entries.
 */
export function feedBatchOf(feed: Collection<FeedDocument>, maxTimeMS: number) {
  return (kind: FeedKind, docId?: string) => {
    const operations: AnyBulkWriteOperation<FeedDocument>[] = [];
    return {
      put(userId: string, space: string, seq: number, visible: boolean, at: string, id = docId!): void {
        operations.push({
          updateOne: { filter: { userId, kind, docId: id }, update: { $set: { space, seq, visible, changedAt: at } }, upsert: true },
        });
      },
      drop(userId: string, id = docId!): void {
        operations.push({ deleteOne: { filter: { userId, kind, docId: id } } });
      },
      async write(session: ClientSession): Promise<void> {
        for (let start = 0; start < operations.length; start += 1000) {
          await feed.bulkWrite(operations.slice(start, start + 1000), { ordered: true, session, maxTimeMS });
        }
      },
    };
  };
}
