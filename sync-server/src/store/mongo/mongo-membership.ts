import type { AnyBulkWriteOperation, ClientSession } from 'mongodb';
import { SHARING_LIMITS } from '@tasklane/shared/domain/list-sharing';
import { hiddenList, hiddenTask } from '@tasklane/shared/domain/hidden-documents';
import type { StoredTask } from '@tasklane/shared/domain/task';
import { INBOX_LIST_ID, type StoredTaskList } from '@tasklane/shared/domain/task-list';
import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import { clash, ownTasksInList, tooManyTasks } from '../sharing-refusals';
import type { FanOut, InvitationRecord, ListMemberRecord, MembershipChange, SharedListRecord, SharingStore } from '../sharing-store';
import { fromTaskDocument, LIST_PROJECTION, TASK_PROJECTION, type MongoCollections } from './collections';
import { feedBatchOf, type FeedDocument, type InvitationDocument, type SharingCollections } from './sharing-collections';
import { createMongoSpaces } from './mongo-spaces';
import { inSharingTransaction, type SharingTransactionDeps } from './sharing-transaction';
import type { TransactionHeads } from './transaction-heads';

const UNCHANGED: MembershipChange = { changed: false, fanOut: [] };

/** The list's own document and its tasks, tombstones included: what a member holds of it. */
type ListContent = { list: StoredTaskList | null; tasks: StoredTask[] };

const toInvitation = ({ id, listId, ownerId, inviterId, email, role, createdAt, expiresAt }: InvitationDocument): InvitationRecord => ({
  id,
  listId,
  ownerId,
  inviterId,
  email,
  role,
  createdAt,
  expiresAt,
});

/**
 * Shared lists on MongoDB: members, invitations, and the feed entries membership changes write ([SH3]–[SH5], [SH10]),
 * as the SQLite store's `membership-tables.ts` does, each change in one sharing transaction that takes the heads of the
 * list's owner and of every user whose feed it writes (docs/protocol.md "Shared lists on MongoDB").
 */
export function createMongoMembership(collections: MongoCollections & SharingCollections, deps: SharingTransactionDeps): SharingStore {
  const { tasks, lists, users, members, feed, invitations } = collections;
  const { maxTimeMS } = deps;
  const timed = { maxTimeMS };

  async function contentOf(session: ClientSession, ownerId: string, listId: string): Promise<ListContent> {
    const list = await lists.findOne({ userId: ownerId, id: listId }, { projection: LIST_PROJECTION, session, maxTimeMS });
    // A version-1 task has no listId: it is in the Inbox, which is never shared.
    const found = await tasks
      .find({ userId: ownerId, listId }, { projection: TASK_PROJECTION, session, maxTimeMS })
      .sort({ seq: 1 })
      .toArray();
    return { list, tasks: found.map(fromTaskDocument) };
  }

  const feedBatch = feedBatchOf(feed, maxTimeMS);

  /**
   * Feed entries for one user over a list's documents (visible or hiding), tasks first, its list last. What the user
   * must hear live is the newest entry of each collection: a device that lacks the earlier ones sees the gap ([CH3]).
   */
  async function enter(
    session: ClientSession,
    heads: TransactionHeads,
    userId: string,
    space: string,
    content: ListContent,
    visible: boolean,
    at: string,
  ): Promise<FanOut[number]> {
    const heard: FanOut[number] = { userId, tasks: [], lists: [] };
    const taskEntries = feedBatch('t');
    let last: { task: StoredTask; seq: number } | null = null;
    for (const task of content.tasks) {
      const seq = await heads.next(userId);
      taskEntries.put(userId, space, seq, visible, at, task.id);
      last = { task, seq };
    }
    await taskEntries.write(session);
    if (last) heard.tasks.push(visible ? { ...last.task, seq: last.seq } : { ...hiddenTask(last.task.id, at), seq: last.seq });
    if (content.list) {
      const seq = await heads.next(userId);
      const listEntry = feedBatch('l', content.list.id);
      listEntry.put(userId, space, seq, visible, at);
      await listEntry.write(session);
      heard.lists.push(visible ? { ...content.list, seq } : { ...hiddenList(content.list.id, at), seq });
    }
    return heard;
  }

  const transaction = <T>(body: (session: ClientSession, heads: TransactionHeads) => Promise<T>) => inSharingTransaction(deps, body);

  /**
   * [SH5] One removal, in its own transaction. Heads are taken only for a real member: nobody can mark another user as
   * sharing (and send their pushes down the slower path) by naming them.
   */
  async function removeIn(session: ClientSession, heads: TransactionHeads, ownerId: string, listId: string, userId: string, at: string) {
    if (!(await members.findOne({ listId, ownerId, userId }, { projection: { _id: 1 }, session, maxTimeMS }))) return UNCHANGED;
    await heads.takeAll([ownerId, userId]);
    await members.deleteOne({ listId, ownerId, userId }, { session, maxTimeMS });
    return { changed: true, fanOut: [await enter(session, heads, userId, ownerId, await contentOf(session, ownerId, listId), false, at)] };
  }

  return {
    listAccess: (userId, listId) => createMongoSpaces(collections, timed).listAccess(userId, listId),

    async sharedLists(userId): Promise<SharedListRecord[]> {
      const email = (await users.findOne({ id: userId }, { projection: { email: 1 }, ...timed }))?.email ?? '';
      const own = await members
        .aggregate<{ _id: string; members: number }>(
          [{ $match: { ownerId: userId } }, { $group: { _id: '$listId', members: { $sum: 1 } } }],
          timed,
        )
        .toArray();
      const shared = await members.find({ userId }, { projection: { _id: 0 }, ...timed }).toArray();

      const records: SharedListRecord[] = own.map(({ _id, members: count }) => ({
        listId: _id,
        ownerId: userId,
        ownerEmail: email,
        role: 'owner',
        members: count,
      }));
      if (shared.length === 0) return records;
      const owners = new Map(
        (
          await users
            .find({ id: { $in: [...new Set(shared.map((member) => member.ownerId))] } }, { projection: { id: 1, email: 1 }, ...timed })
            .toArray()
        ).map((owner) => [owner.id, owner.email]),
      );
      const counts = new Map(
        (
          await members
            .aggregate<{ _id: { listId: string; ownerId: string }; members: number }>(
              [
                { $match: { $or: shared.map(({ listId, ownerId }) => ({ listId, ownerId })) } },
                { $group: { _id: { listId: '$listId', ownerId: '$ownerId' }, members: { $sum: 1 } } },
              ],
              timed,
            )
            .toArray()
        ).map(({ _id, members: count }) => [`${_id.ownerId}\u0000${_id.listId}`, count]),
      );
      for (const member of shared) {
        records.push({
          listId: member.listId,
          ownerId: member.ownerId,
          ownerEmail: owners.get(member.ownerId) ?? '',
          role: member.role,
          members: counts.get(`${member.ownerId}\u0000${member.listId}`) ?? 0,
        });
      }
      return records;
    },

    async listMembers(ownerId, listId): Promise<ListMemberRecord[]> {
      const list = await lists.findOne({ userId: ownerId, id: listId }, { projection: { createdAt: 1 }, ...timed });
      const owner = await users.findOne({ id: ownerId }, { projection: { email: 1 }, ...timed });
      if (!list || !owner) return [];
      const found = await members
        .find({ listId, ownerId }, { projection: { _id: 0 }, ...timed })
        .sort({ since: 1, userId: 1 })
        .toArray();
      const emails = new Map(
        (
          await users.find({ id: { $in: found.map((member) => member.userId) } }, { projection: { id: 1, email: 1 }, ...timed }).toArray()
        ).map((user) => [user.id, user.email]),
      );
      return [
        { userId: ownerId, email: owner.email, role: 'owner', since: list.createdAt },
        // A member whose account is gone is left out, as the SQLite store's join does.
        ...found.flatMap((member) => {
          const email = emails.get(member.userId);
          return email === undefined ? [] : [{ userId: member.userId, email, role: member.role, since: member.since }];
        }),
      ];
    },

    putMember: (ownerId, listId, userId, role, at) =>
      transaction(async (session, heads): Promise<MembershipChange> => {
        await heads.takeAll([ownerId, userId]);
        // [SH5] An account being deleted shares nothing more and joins nothing.
        if (heads.closed(ownerId) || heads.closed(userId)) throw new ProtocolError('NOT_FOUND', 'no such list');
        const current = await members.findOne({ listId, ownerId, userId }, { session, maxTimeMS });
        if (current) {
          if (current.role === role) return UNCHANGED;
          await members.updateOne({ listId, ownerId, userId }, { $set: { role } }, { session, maxTimeMS });
          // The list comes again under a new seq: its devices hear a change of lists and read their new role ([SH13]).
          const list = await lists.findOne({ userId: ownerId, id: listId }, { projection: LIST_PROJECTION, session, maxTimeMS });
          return { changed: true, fanOut: [await enter(session, heads, userId, ownerId, { list, tasks: [] }, true, at)] };
        }
        const content = await contentOf(session, ownerId, listId);
        if (!content.list || listId === INBOX_LIST_ID || userId === ownerId)
          throw new Error('a member joins a list of its owner, never the Inbox');
        // [SH9] Counted in the transaction that adds the member: a concurrent accept conflicts on the owner's head.
        if ((await members.countDocuments({ listId, ownerId }, { session, maxTimeMS })) >= SHARING_LIMITS.maxMembers) {
          throw new ProtocolError('CONFLICT', `this list has ${SHARING_LIMITS.maxMembers} members, the most a list may have`);
        }
        if (content.tasks.length > SHARING_LIMITS.maxSharedListTasks) throw tooManyTasks();
        const spaces = createMongoSpaces(collections, { session, maxTimeMS });
        if (await spaces.anyHoldsOther([userId], 'l', listId, ownerId)) throw clash();
        if (
          await spaces.holdsAnyOf(
            userId,
            't',
            content.tasks.map((task) => task.id),
            ownerId,
          )
        )
          throw clash();
        if (await tasks.findOne({ userId, listId }, { projection: { _id: 1 }, session, maxTimeMS })) throw ownTasksInList();
        await members.insertOne({ ownerId, listId, userId, role, since: at }, { session, maxTimeMS });
        return { changed: true, fanOut: [await enter(session, heads, userId, ownerId, content, true, at)] };
      }),

    removeMember: (ownerId, listId, userId, at) => transaction((session, heads) => removeIn(session, heads, ownerId, listId, userId, at)),

    transferOwnership: (ownerId, listId, newOwnerId, at, maxLiveLists) =>
      transaction(async (session, heads): Promise<MembershipChange> => {
        if (!(await members.findOne({ listId, ownerId, userId: newOwnerId }, { session, maxTimeMS }))) return UNCHANGED;
        await heads.takeAll([ownerId, newOwnerId]);
        if (heads.closed(ownerId) || heads.closed(newOwnerId)) throw new ProtocolError('NOT_FOUND', 'no such list');
        const before = await contentOf(session, ownerId, listId);
        // a list deleted since the caller looked is not handed over
        if (!before.list || before.list._deleted) return UNCHANGED;
        if (before.tasks.length > SHARING_LIMITS.maxSharedListTasks) throw tooManyTasks();
        if (await tasks.findOne({ userId: newOwnerId, listId }, { projection: { _id: 1 }, session, maxTimeMS })) throw ownTasksInList();
        const live = await lists.countDocuments(
          { userId: newOwnerId, _deleted: false, id: { $ne: INBOX_LIST_ID } },
          { session, maxTimeMS },
        );
        if (live >= maxLiveLists) {
          throw new ProtocolError('LIST_LIMIT', `the new owner already has ${maxLiveLists} lists, the most an account may have`);
        }
        // The other members keep their entries, which now point at the new space: their heads are taken so that none of
        // their pushes decides on the old space while the documents move.
        const others = await members.find({ listId, ownerId, userId: { $ne: newOwnerId } }, { session, maxTimeMS }).toArray();
        await heads.takeAll(others.map((member) => member.userId));
        // The documents move to the new owner's space under its seqs; its feed entries for them go, the others' follow them.
        const moved: StoredTask[] = [];
        const follows: AnyBulkWriteOperation<FeedDocument>[] = [];
        for (const task of before.tasks) {
          const seq = await heads.next(newOwnerId);
          // One update per task: it changes `userId`, the shard key of `tasks` ([SH12]), which a batch may do only once.
          await tasks.updateOne({ userId: ownerId, id: task.id }, { $set: { userId: newOwnerId, seq } }, { session, maxTimeMS });
          follows.push(
            { deleteOne: { filter: { userId: newOwnerId, kind: 't', docId: task.id } } },
            { updateMany: { filter: { kind: 't', docId: task.id, space: ownerId }, update: { $set: { space: newOwnerId } } } },
          );
          moved.push({ ...task, seq });
        }
        for (let start = 0; start < follows.length; start += 1000) {
          await feed.bulkWrite(follows.slice(start, start + 1000), { ordered: true, session, maxTimeMS });
        }
        const listSeq = await heads.next(newOwnerId);
        await lists.updateOne({ userId: ownerId, id: listId }, { $set: { userId: newOwnerId, seq: listSeq } }, { session, maxTimeMS });
        await feed.deleteOne({ userId: newOwnerId, kind: 'l', docId: listId }, { session, maxTimeMS });
        await feed.updateMany({ kind: 'l', docId: listId, space: ownerId }, { $set: { space: newOwnerId } }, { session, maxTimeMS });
        await members.deleteOne({ listId, ownerId, userId: newOwnerId }, { session, maxTimeMS });
        await members.updateMany({ listId, ownerId }, { $set: { ownerId: newOwnerId } }, { session, maxTimeMS });
        await invitations.updateMany({ listId, ownerId }, { $set: { ownerId: newOwnerId } }, { session, maxTimeMS });
        await members.insertOne({ ownerId: newOwnerId, listId, userId: ownerId, role: 'editor', since: at }, { session, maxTimeMS });
        const newOwner: FanOut[number] = { userId: newOwnerId, tasks: [], lists: [{ ...before.list, seq: listSeq }] };
        const lastTask = moved[moved.length - 1];
        if (lastTask) newOwner.tasks.push(lastTask);
        const after: ListContent = { list: { ...before.list, seq: listSeq }, tasks: moved };
        return { changed: true, fanOut: [newOwner, await enter(session, heads, ownerId, newOwnerId, after, true, at)] };
      }),

    /**
     * [SH5] Before an account is deleted: every member of its lists loses them as by removal, and it leaves every list
     * shared with it, so no feed points into a deleted space.
     */
    unshareAccount: async (userId, at) => {
      // First closed, in a transaction of its own: from then on the account joins nothing and is handed nothing ([SH5]).
      await transaction(async (session, heads) => {
        await heads.take(userId);
        await deps.seqHeads.updateOne({ userId }, { $set: { closed: true } }, { session, maxTimeMS });
      });
      // Each member of its lists loses them as by removal, one transaction each, so none outgrows MongoDB's limits.
      const fanOut: FanOut = [];
      for (const member of await members.find({ ownerId: userId }, timed).toArray()) {
        const change = await transaction((session, heads) => removeIn(session, heads, userId, member.listId, member.userId, at));
        fanOut.push(...change.fanOut);
      }
      // It leaves the lists shared with it; its lists' owners' heads are taken, so none of their writes fans out to it meanwhile.
      const left = await transaction(async (session, heads) => {
        const memberships = await members.find({ userId }, { session, maxTimeMS }).toArray();
        await heads.takeAll([userId, ...memberships.map((membership) => membership.ownerId)]);
        const count = (await members.deleteMany({ userId }, { session, maxTimeMS })).deletedCount;
        await feed.deleteMany({ userId }, { session, maxTimeMS });
        await invitations.deleteMany({ ownerId: userId }, { session, maxTimeMS });
        return count;
      });
      return { changed: fanOut.length > 0 || left > 0, fanOut };
    },

    async putInvitation(invitation) {
      const { listId, ownerId, email } = invitation;
      await invitations.updateOne({ listId, ownerId, email }, { $set: { ...invitation } }, { upsert: true, ...timed });
    },
    async findInvitation(id) {
      const found = await invitations.findOne({ id }, { projection: { _id: 0 }, ...timed });
      return found ? toInvitation(found) : null;
    },
    async invitationsFor(email, at) {
      const found = await invitations
        .find({ email, expiresAt: { $gt: at } }, { projection: { _id: 0 }, ...timed })
        .sort({ createdAt: -1, id: 1 })
        .toArray();
      return found.map(toInvitation);
    },
    async listInvitations(ownerId, listId, at) {
      const found = await invitations
        .find({ listId, ownerId, expiresAt: { $gt: at } }, { projection: { _id: 0 }, ...timed })
        .sort({ createdAt: 1, id: 1 })
        .toArray();
      return found.map(toInvitation);
    },
    async deleteInvitation(id) {
      return (await invitations.deleteOne({ id }, timed)).deletedCount === 1;
    },
  };
}
