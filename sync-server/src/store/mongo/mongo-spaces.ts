import type { ClientSession, Collection } from 'mongodb';
import type { StoredTask } from '@tasklane/shared/domain/task';
import { INBOX_LIST_ID, type StoredTaskList } from '@tasklane/shared/domain/task-list';
import type { ListRole } from '@tasklane/shared/domain/list-sharing';
import { fromTaskDocument, LIST_PROJECTION, TASK_PROJECTION, type MongoCollections } from './collections';
import type { Access, FeedKind, SharingCollections } from './sharing-collections';

/**
 * A document as one user holds it ([SH7]): the space (owner) it lives in, the list whose members hold it, and the
 * document under the `seq` this user received it by — the document's own in their own space, their feed entry's
 * otherwise. That `seq` is the revision their pushes name ([W3]).
 */
export type Located<D> = { document: D; space: string; listId: string };

/** Where a write of a task into `listId` lands for this user, and as what; null: the list is someone else's to see. */
export type WriteTarget = { space: string; role: ListRole } | null;

type Options = { session?: ClientSession; maxTimeMS: number };

/**
 * The reads of spaces and feeds on MongoDB ([SH1]–[SH12]), the same questions as the SQLite store's `spaces.ts`. In a
 * push or membership transaction every read passes its session, so they all see the transaction's snapshot.
 */
export function createMongoSpaces(collections: MongoCollections & SharingCollections, options: Options) {
  const { tasks, lists, members, feed } = collections;
  const read = { ...(options.session ? { session: options.session } : {}), maxTimeMS: options.maxTimeMS };

  async function feedEntry(userId: string, kind: FeedKind, id: string) {
    return feed.findOne({ userId, kind, docId: id }, { projection: { _id: 0, space: 1, seq: 1, visible: 1 }, ...read });
  }

  async function membership(userId: string, listId: string): Promise<Access | null> {
    const member = await members.findOne({ userId, listId }, { projection: { _id: 0, ownerId: 1, role: 1 }, ...read });
    return member ? { ownerId: member.ownerId, role: member.role } : null;
  }

  async function ownList(userId: string, listId: string): Promise<StoredTaskList | null> {
    return lists.findOne({ userId, id: listId }, { projection: LIST_PROJECTION, ...read });
  }

  async function locateTask(userId: string, id: string): Promise<Located<StoredTask> | null> {
    const own = await tasks.findOne({ userId, id }, { projection: TASK_PROJECTION, ...read });
    if (own) {
      const document = fromTaskDocument(own);
      return { document, space: userId, listId: document.listId };
    }
    const entry = await feedEntry(userId, 't', id);
    if (!entry?.visible) return null;
    const shared = await tasks.findOne({ userId: entry.space, id }, { projection: TASK_PROJECTION, ...read });
    if (!shared) return null;
    const document = { ...fromTaskDocument(shared), seq: entry.seq };
    return { document, space: entry.space, listId: document.listId };
  }

  async function locateList(userId: string, id: string): Promise<Located<StoredTaskList> | null> {
    const own = await ownList(userId, id);
    if (own) return { document: own, space: userId, listId: id };
    const entry = await feedEntry(userId, 'l', id);
    if (!entry?.visible) return null;
    const shared = await lists.findOne({ userId: entry.space, id }, { projection: LIST_PROJECTION, ...read });
    return shared ? { document: { ...shared, seq: entry.seq }, space: entry.space, listId: id } : null;
  }

  /** [SH2] The user's role on a list they see (live or deleted); null when they see no list with this id. */
  async function listAccess(userId: string, listId: string): Promise<Access | null> {
    if (await lists.findOne({ userId, id: listId }, { projection: { _id: 1 }, ...read })) return { ownerId: userId, role: 'owner' };
    return membership(userId, listId);
  }

  /** [SH5] Whether the user once held this document and may no longer see it. */
  async function hiddenFrom(userId: string, kind: FeedKind, id: string): Promise<boolean> {
    return (await feedEntry(userId, kind, id))?.visible === false;
  }

  /** The documents of another space this user holds visibly among `ids`, under their feed seqs, in a few reads. */
  async function heldShared(userId: string, kind: FeedKind, ids: string[]) {
    if (ids.length === 0) return null;
    const entries = await feed
      .find({ userId, kind, docId: { $in: ids }, visible: true }, { projection: { _id: 0, docId: 1, space: 1, seq: 1 }, ...read })
      .toArray();
    if (entries.length === 0) return null;
    const bySpace = new Map<string, string[]>();
    for (const entry of entries) bySpace.set(entry.space, [...(bySpace.get(entry.space) ?? []), entry.docId]);
    return { entries, filter: { $or: [...bySpace].map(([space, spaceIds]) => ({ userId: space, id: { $in: spaceIds } })) } };
  }

  /** Several tasks by id as this user holds them (their own, or of lists shared with them); ids they lack are left out. */
  async function locateTasks(userId: string, ids: readonly string[]): Promise<StoredTask[]> {
    const own = (await tasks.find({ userId, id: { $in: [...ids] } }, { projection: TASK_PROJECTION, ...read }).toArray()).map(
      fromTaskDocument,
    );
    const found = new Set(own.map((task) => task.id));
    const shared = await heldShared(
      userId,
      't',
      ids.filter((id) => !found.has(id)),
    );
    if (shared === null) return own;
    const seqs = new Map(shared.entries.map((entry) => [`${entry.space}\u0000${entry.docId}`, entry.seq]));
    const { userId: _space, ...withSpace } = TASK_PROJECTION;
    for (const stored of await tasks.find(shared.filter, { projection: withSpace, ...read }).toArray()) {
      const { userId: space, ...document } = stored;
      const seq = seqs.get(`${space}\u0000${document.id}`);
      if (seq !== undefined) own.push({ ...fromTaskDocument(document), seq });
    }
    return own;
  }

  /** Several lists by id as this user holds them. */
  async function locateLists(userId: string, ids: readonly string[]): Promise<StoredTaskList[]> {
    const own: StoredTaskList[] = await lists.find({ userId, id: { $in: [...ids] } }, { projection: LIST_PROJECTION, ...read }).toArray();
    const found = new Set(own.map((list) => list.id));
    const shared = await heldShared(
      userId,
      'l',
      ids.filter((id) => !found.has(id)),
    );
    if (shared === null) return own;
    const seqs = new Map(shared.entries.map((entry) => [`${entry.space}\u0000${entry.docId}`, entry.seq]));
    for (const { _id: _none, userId: space, ...document } of await lists
      .find(shared.filter, { projection: { _id: 0 }, ...read })
      .toArray()) {
      const seq = seqs.get(`${space}\u0000${document.id}`);
      if (seq !== undefined) own.push({ ...document, seq });
    }
    return own;
  }

  return {
    locateTask,
    locateList,
    locateTasks,
    locateLists,
    listAccess,
    hiddenFrom,
    /**
     * [SH2] Where a task this user writes into `listId` lives: the Inbox, their own lists and lists no one has stored yet
     * (a device may push a task before its new list, [LS3]) are the user's space; a shared list is its owner's.
     */
    async writeTarget(userId: string, listId: string): Promise<WriteTarget> {
      if (listId === INBOX_LIST_ID) return { space: userId, role: 'owner' };
      const access = await listAccess(userId, listId);
      if (access) return { space: access.ownerId, role: access.role };
      // [SH5] A list the user was removed from (or left) is not theirs to fill; any other id is theirs ([X1], [LS3]).
      if (await hiddenFrom(userId, 'l', listId)) return null;
      return { space: userId, role: 'owner' };
    },
    /** The role this user has on a document placed in a list of a space: the space's owner, or their role on its shared list. */
    async roleOn(userId: string, placed: { space: string; listId: string }): Promise<ListRole | null> {
      if (placed.space === userId) return 'owner';
      const member = await membership(userId, placed.listId);
      return member && member.ownerId === placed.space ? member.role : null;
    },
    /** [SH6] Who holds a document of this list of this space: its owner, then its members. The Inbox is never shared. */
    async audience(space: string, listId: string): Promise<string[]> {
      if (listId === INBOX_LIST_ID) return [space];
      const found = await members
        .find({ listId, ownerId: space }, { projection: { _id: 0, userId: 1 }, ...read })
        .sort({ since: 1, userId: 1 })
        .toArray();
      return [space, ...found.map((member) => member.userId)];
    },
    /**
     * [SH11] Whether any of these users already holds another document with this id: their own (unless `space` is theirs),
     * or one of another space than `space` (where the document lives now, or null for a new one) through their feed. A
     * user never holds two documents with one id. Two reads, whatever the number of users.
     */
    async anyHoldsOther(userIds: readonly string[], kind: FeedKind, id: string, space: string | null): Promise<boolean> {
      const target = (kind === 't' ? tasks : lists) as unknown as Collection<{ userId: string; id: string }>;
      const owning = await target.find({ userId: { $in: [...userIds] }, id }, { projection: { _id: 0, userId: 1 }, ...read }).toArray();
      if (owning.some((own) => own.userId !== space)) return true;
      const owners = new Set(owning.map((own) => own.userId));
      const entries = await feed
        .find(
          { userId: { $in: userIds.filter((userId) => !owners.has(userId)) }, kind, docId: id, visible: true },
          { projection: { _id: 0, space: 1 }, ...read },
        )
        .toArray();
      return entries.some((entry) => entry.space !== space);
    },
    /** [SH11] Whether this user, joining a list of `space`, already holds a document with one of these ids. */
    async holdsAnyOf(userId: string, kind: FeedKind, ids: readonly string[], space: string): Promise<boolean> {
      const target = (kind === 't' ? tasks : lists) as unknown as Collection<{ userId: string; id: string }>;
      for (let start = 0; start < ids.length; start += 1000) {
        const batch = ids.slice(start, start + 1000);
        if (await target.findOne({ userId, id: { $in: batch } }, { projection: { _id: 1 }, ...read })) return true;
        const entry = await feed.findOne(
          { userId, kind, docId: { $in: batch }, visible: true, space: { $ne: space } },
          { projection: { _id: 1 }, ...read },
        );
        if (entry) return true;
      }
      return false;
    },
  };
}

export type MongoSpaces = ReturnType<typeof createMongoSpaces>;
