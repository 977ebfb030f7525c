import type Database from 'better-sqlite3';
import { SHARING_LIMITS, type MemberRole } from '@tasklane/shared/domain/list-sharing';
import { hiddenList, hiddenTask } from '@tasklane/shared/domain/hidden-documents';
import { INBOX_LIST_ID } from '@tasklane/shared/domain/task-list';
import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import { clash, ownTasksInList, tooManyTasks } from '../sharing-refusals';
import type { FanOut, InvitationRecord, ListMemberRecord, MembershipChange, SharedListRecord, SharingStore } from '../sharing-store';
import { asAsync } from './as-async';
import { createSeqAllocator, type FeedKind, type Spaces } from './spaces';
import { toStoredList, toStoredTask } from './space-push';

type Doc = { id: string; seq: number; doc: string };
type InvitationRow = {
  id: string;
  list_id: string;
  owner_id: string;
  inviter_id: string;
  email: string;
  role: MemberRole;
  created_at: string;
  expires_at: string;
};

function toInvitation(row: InvitationRow): InvitationRecord {
  return {
    id: row.id,
    listId: row.list_id,
    ownerId: row.owner_id,
    inviterId: row.inviter_id,
    email: row.email,
    role: row.role,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}

const UNCHANGED: MembershipChange = { changed: false, fanOut: [] };

/** Shared lists on SQLite: members, invitations, and the feed entries that membership changes write ([SH3]–[SH5], [SH10]). */
export function createSqliteMembership(db: Database.Database, spaces: Spaces): SharingStore {
  const statements = {
    listRow: db.prepare<[string, string], Doc>('SELECT id, seq, doc FROM lists WHERE user_id = ? AND id = ?'),
    listTasks: db.prepare<[string, string], Doc>('SELECT id, seq, doc FROM tasks WHERE user_id = ? AND list_id = ? ORDER BY seq'),
    owner: db.prepare<[string], { email: string }>('SELECT email FROM users WHERE id = ?'),
    members: db.prepare<[string, string], { userId: string; email: string; role: MemberRole; since: string }>(
      `SELECT m.user_id AS userId, u.email, m.role, m.since FROM list_members m JOIN users u ON u.id = m.user_id
       WHERE m.list_id = ? AND m.owner_id = ? ORDER BY m.since, m.user_id`,
    ),
    memberRole: db.prepare<[string, string, string], { role: MemberRole }>(
      'SELECT role FROM list_members WHERE list_id = ? AND owner_id = ? AND user_id = ?',
    ),
    insertMember: db.prepare('INSERT INTO list_members (list_id, owner_id, user_id, role, since) VALUES (?, ?, ?, ?, ?)'),
    setRole: db.prepare('UPDATE list_members SET role = ? WHERE list_id = ? AND owner_id = ? AND user_id = ?'),
    deleteMember: db.prepare('DELETE FROM list_members WHERE list_id = ? AND owner_id = ? AND user_id = ?'),
    moveMembers: db.prepare('UPDATE list_members SET owner_id = ? WHERE list_id = ? AND owner_id = ?'),
    moveTask: db.prepare('UPDATE tasks SET user_id = ?, seq = ? WHERE user_id = ? AND id = ?'),
    moveList: db.prepare('UPDATE lists SET user_id = ?, seq = ? WHERE user_id = ? AND id = ?'),
    repointFeed: db.prepare<[string, FeedKind, string, string]>('UPDATE feed SET space = ? WHERE kind = ? AND doc_id = ? AND space = ?'),
    liveLists: db.prepare<[string, string], { n: number }>('SELECT COUNT(*) AS n FROM lists WHERE user_id = ? AND deleted = 0 AND id != ?'),
    moveInvitations: db.prepare('UPDATE list_invitations SET owner_id = ? WHERE list_id = ? AND owner_id = ?'),
    putInvitation: db.prepare<InvitationRow>(
      `INSERT INTO list_invitations (id, list_id, owner_id, inviter_id, email, role, created_at, expires_at)
       VALUES (@id, @list_id, @owner_id, @inviter_id, @email, @role, @created_at, @expires_at)
       ON CONFLICT (list_id, owner_id, email) DO UPDATE SET id = excluded.id, inviter_id = excluded.inviter_id, role = excluded.role,
         created_at = excluded.created_at, expires_at = excluded.expires_at`,
    ),
    invitation: db.prepare<[string], InvitationRow>('SELECT * FROM list_invitations WHERE id = ?'),
    invitationsFor: db.prepare<[string, string], InvitationRow>(
      'SELECT * FROM list_invitations WHERE email = ? AND expires_at > ? ORDER BY created_at DESC, id',
    ),
    listInvitations: db.prepare<[string, string, string], InvitationRow>(
      'SELECT * FROM list_invitations WHERE list_id = ? AND owner_id = ? AND expires_at > ? ORDER BY created_at, id',
    ),
    deleteInvitation: db.prepare('DELETE FROM list_invitations WHERE id = ?'),
    ownTasksInList: db.prepare<[string, string], { one: number }>('SELECT 1 AS one FROM tasks WHERE user_id = ? AND list_id = ? LIMIT 1'),
    sharedWith: db.prepare<[string], SharedListRecord>(
      `SELECT m.list_id AS listId, m.owner_id AS ownerId, u.email AS ownerEmail, m.role,
         (SELECT COUNT(*) FROM list_members c WHERE c.list_id = m.list_id AND c.owner_id = m.owner_id) AS members
       FROM list_members m JOIN users u ON u.id = m.owner_id WHERE m.user_id = ?`,
    ),
    ownShared: db.prepare<[string], { listId: string; members: number }>(
      'SELECT list_id AS listId, COUNT(*) AS members FROM list_members WHERE owner_id = ? GROUP BY list_id',
    ),
    sharedByOwner: db.prepare<[string], { listId: string; userId: string }>(
      'SELECT list_id AS listId, user_id AS userId FROM list_members WHERE owner_id = ?',
    ),
    leaveAll: db.prepare('DELETE FROM list_members WHERE user_id = ?'),
    dropFeedOf: db.prepare('DELETE FROM feed WHERE user_id = ?'),
    dropInvitationsOf: db.prepare('DELETE FROM list_invitations WHERE owner_id = ?'),
  };

  /** The list's own document and its tasks, tombstones included: what a member holds of it. */
  const contentOf = (ownerId: string, listId: string) => ({
    list: statements.listRow.get(ownerId, listId),
    tasks: statements.listTasks.all(ownerId, listId),
  });

  /**
   * Feed entries for one user over a list's documents (visible or hiding), tasks first, its list last. What the user must
   * hear live is the newest entry of each collection: with `previous` one before it, a device that lacks the earlier
   * entries sees a gap and pulls them ([CH3]); a device that lacks none applies it.
   */
  function enter(
    userId: string,
    space: string,
    content: ReturnType<typeof contentOf>,
    visible: boolean,
    at: string,
    nextSeq: (u: string) => number,
  ) {
    const heard: FanOut[number] = { userId, tasks: [], lists: [] };
    const put = (kind: FeedKind, doc: Doc) => {
      const seq = nextSeq(userId);
      spaces.putFeed(userId, kind, doc.id, space, seq, visible, at);
      return seq;
    };
    let last: { doc: Doc; seq: number } | null = null;
    for (const doc of content.tasks) last = { doc, seq: put('t', doc) };
    if (last) {
      heard.tasks.push(visible ? toStoredTask({ seq: last.seq, doc: last.doc.doc }) : { ...hiddenTask(last.doc.id, at), seq: last.seq });
    }
    if (content.list) {
      const seq = put('l', content.list);
      heard.lists.push(visible ? toStoredList({ seq, doc: content.list.doc }) : { ...hiddenList(content.list.id, at), seq });
    }
    return heard;
  }

  const putMember = db.transaction((ownerId: string, listId: string, userId: string, role: MemberRole, at: string): MembershipChange => {
    const current = statements.memberRole.get(listId, ownerId, userId);
    if (current) {
      if (current.role === role) return UNCHANGED;
      statements.setRole.run(role, listId, ownerId, userId);
      // The list comes again under a new seq: its devices hear a change of lists and read their new role ([SH13]).
      const list = { list: statements.listRow.get(ownerId, listId), tasks: [] };
      return { changed: true, fanOut: [enter(userId, ownerId, list, true, at, createSeqAllocator(spaces))] };
    }
    const content = contentOf(ownerId, listId);
    if (!content.list || listId === INBOX_LIST_ID || userId === ownerId)
      throw new Error('a member joins a list of its owner, never the Inbox');
    // [SH9] Counted in the transaction that adds the member, so concurrent accepts cannot pass the bounds.
    if (statements.members.all(listId, ownerId).length >= SHARING_LIMITS.maxMembers) {
      throw new ProtocolError('CONFLICT', `this list has ${SHARING_LIMITS.maxMembers} members, the most a list may have`);
    }
    if (content.tasks.length > SHARING_LIMITS.maxSharedListTasks) throw tooManyTasks();
    if (spaces.holdsOther(userId, 'l', listId, ownerId) || content.tasks.some((task) => spaces.holdsOther(userId, 't', task.id, ownerId))) {
      throw clash();
    }
    if (statements.ownTasksInList.get(userId, listId)) throw ownTasksInList();
    statements.insertMember.run(listId, ownerId, userId, role, at);
    return { changed: true, fanOut: [enter(userId, ownerId, content, true, at, createSeqAllocator(spaces))] };
  });

  const removeMember = db.transaction((ownerId: string, listId: string, userId: string, at: string): MembershipChange => {
    if (statements.deleteMember.run(listId, ownerId, userId).changes === 0) return UNCHANGED;
    return { changed: true, fanOut: [enter(userId, ownerId, contentOf(ownerId, listId), false, at, createSeqAllocator(spaces))] };
  });

  const transferOwnership = db.transaction((ownerId: string, listId: string, newOwnerId: string, at: string, maxLiveLists: number) => {
    if (!statements.memberRole.get(listId, ownerId, newOwnerId)) return UNCHANGED;
    const before = contentOf(ownerId, listId);
    // a list deleted since the caller looked is not handed over
    if (!before.list || toStoredList({ seq: before.list.seq, doc: before.list.doc })._deleted) return UNCHANGED;
    if (before.tasks.length > SHARING_LIMITS.maxSharedListTasks) throw tooManyTasks();
    if (statements.ownTasksInList.get(newOwnerId, listId)) throw ownTasksInList();
    if ((statements.liveLists.get(newOwnerId, INBOX_LIST_ID)?.n ?? 0) >= maxLiveLists) {
      throw new ProtocolError('LIST_LIMIT', `the new owner already has ${maxLiveLists} lists, the most an account may have`);
    }
    const nextSeq = createSeqAllocator(spaces);
    nextSeq.before(ownerId);
    // The documents move to the new owner's space under its seqs; its feed entries for them go, the others' follow them.
    for (const task of before.tasks) {
      statements.moveTask.run(newOwnerId, nextSeq(newOwnerId), ownerId, task.id);
      spaces.dropFeed(newOwnerId, 't', task.id);
      statements.repointFeed.run(newOwnerId, 't', task.id, ownerId);
    }
    statements.moveList.run(newOwnerId, nextSeq(newOwnerId), ownerId, listId);
    spaces.dropFeed(newOwnerId, 'l', listId);
    statements.repointFeed.run(newOwnerId, 'l', listId, ownerId);
    statements.deleteMember.run(listId, ownerId, newOwnerId);
    statements.moveMembers.run(newOwnerId, listId, ownerId);
    statements.moveInvitations.run(newOwnerId, listId, ownerId);
    statements.insertMember.run(listId, newOwnerId, ownerId, 'editor', at);
    const after = contentOf(newOwnerId, listId);
    const newOwner: FanOut[number] = { userId: newOwnerId, tasks: [], lists: [] };
    const lastTask = after.tasks[after.tasks.length - 1];
    if (lastTask) newOwner.tasks.push(toStoredTask(lastTask));
    if (after.list) newOwner.lists.push(toStoredList(after.list));
    return { changed: true, fanOut: [newOwner, enter(ownerId, newOwnerId, after, true, at, nextSeq)] };
  });

  /**
   * [SH5] Before an account is deleted: every member of its lists loses them as by removal (their devices drop them on
   * their next sync), and it leaves every list shared with it, so no feed points into a deleted space.
   */
  const unshareAccount = db.transaction((userId: string, at: string): MembershipChange => {
    const fanOut = statements.sharedByOwner
      .all(userId)
      .flatMap(({ listId, userId: member }) => removeMember(userId, listId, member, at).fanOut);
    const left = statements.leaveAll.run(userId).changes;
    statements.dropFeedOf.run(userId);
    statements.dropInvitationsOf.run(userId);
    return { changed: fanOut.length > 0 || left > 0, fanOut };
  });

  return {
    unshareAccount: asAsync((userId: string, at: string) => unshareAccount.immediate(userId, at)),
    listAccess: asAsync(spaces.listAccess),
    sharedLists: asAsync((userId: string): SharedListRecord[] => {
      const email = statements.owner.get(userId)?.email ?? '';
      const own = statements.ownShared
        .all(userId)
        .map(({ listId, members }) => ({ listId, ownerId: userId, ownerEmail: email, role: 'owner' as const, members }));
      return [...own, ...statements.sharedWith.all(userId)];
    }),
    listMembers: asAsync((ownerId: string, listId: string): ListMemberRecord[] => {
      const list = statements.listRow.get(ownerId, listId);
      const owner = statements.owner.get(ownerId);
      if (!list || !owner) return [];
      const since = toStoredList({ seq: list.seq, doc: list.doc }).createdAt;
      return [{ userId: ownerId, email: owner.email, role: 'owner' as const, since }, ...statements.members.all(listId, ownerId)];
    }),
    putMember: asAsync((ownerId, listId, userId, role, at) => putMember.immediate(ownerId, listId, userId, role, at)),
    removeMember: asAsync((ownerId, listId, userId, at) => removeMember.immediate(ownerId, listId, userId, at)),
    transferOwnership: asAsync((ownerId, listId, newOwnerId, at, maxLiveLists) =>
      transferOwnership.immediate(ownerId, listId, newOwnerId, at, maxLiveLists),
    ),
    putInvitation: asAsync((invitation) => {
      statements.putInvitation.run({
        id: invitation.id,
        list_id: invitation.listId,
        owner_id: invitation.ownerId,
        inviter_id: invitation.inviterId,
        email: invitation.email,
        role: invitation.role,
        created_at: invitation.createdAt,
        expires_at: invitation.expiresAt,
      });
    }),
    findInvitation: asAsync((id) => {
      const row = statements.invitation.get(id);
      return row ? toInvitation(row) : null;
    }),
    invitationsFor: asAsync((email, at) => statements.invitationsFor.all(email, at).map(toInvitation)),
    listInvitations: asAsync((ownerId, listId, at) => statements.listInvitations.all(listId, ownerId, at).map(toInvitation)),
    deleteInvitation: asAsync((id) => statements.deleteInvitation.run(id).changes === 1),
  };
}
