import { randomUUID } from 'node:crypto';
import { INBOX_LIST_ID } from '@tasklane/shared/domain/task-list';
import { SHARING_LIMITS, type MemberRole } from '@tasklane/shared/domain/list-sharing';
import type { InvitationView, MemberView, SharedListView } from '@tasklane/shared/domain/sharing-schema';
import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import { normalizeEmail } from '../auth/auth-service';
import type { InvitationMails } from '../email/account-features';
import type { InvitationRecord, ListAccess, MembershipChange } from '../store/sharing-store';
import type { Store } from '../store/store';
import type { ChangeNotifier } from './change-notifier';
import { publishFanOut } from './changes-events';
import { LIST_LIMITS } from './list-limits';
import type { UnassignLeaver } from './unassign-leaver';

export type SharingService = {
  invite(userId: string, listId: string, input: { email: string; role: MemberRole }): Promise<InvitationView>;
  listInvitations(userId: string, listId: string): Promise<InvitationView[]>;
  withdraw(userId: string, listId: string, invitationId: string): Promise<void>;
  myInvitations(userId: string): Promise<InvitationView[]>;
  sharedLists(userId: string): Promise<SharedListView[]>;
  accept(userId: string, invitationId: string): Promise<MemberView[]>;
  decline(userId: string, invitationId: string): Promise<void>;
  members(userId: string, listId: string): Promise<MemberView[]>;
  setRole(userId: string, listId: string, memberId: string, role: MemberRole): Promise<MemberView[]>;
  removeMember(userId: string, listId: string, memberId: string): Promise<void>;
  transfer(userId: string, listId: string, newOwnerId: string): Promise<MemberView[]>;
};

export type SharingServiceDeps = {
  store: Store;
  notifier: ChangeNotifier;
  mails: InvitationMails;
  /** [AS4] Unassigns a leaver's tasks of the list by writes of its owner (`createUnassignLeaver`). */
  unassignLeaver: UnassignLeaver;
  now?: () => Date;
};

const DAY_MS = 86_400_000;
const UNVERIFIED_INVITEE = 'confirm your e-mail address first (the link in the mail sent when you signed up) to see and answer invitations';

/** [SH1] Not found, whether it does not exist or is not the caller's to see: existence does not leak. */
function listNotFound(): ProtocolError {
  return new ProtocolError('NOT_FOUND', 'no such list');
}

function invitationNotFound(): ProtocolError {
  return new ProtocolError('NOT_FOUND', 'no such invitation: it may have expired, been withdrawn or answered');
}

/** Invitations, members and owners of shared lists over REST ([SH1]–[SH4], [SH9], [SH10]). */
export function createSharingService(deps: SharingServiceDeps): SharingService {
  const { store } = deps;
  const now = deps.now ?? (() => new Date());
  const generation = () => store.generation();

  async function publish(change: MembershipChange): Promise<void> {
    await publishFanOut(deps.notifier, generation, change.fanOut);
  }

  /** The caller's access to a list they see; 404 otherwise. */
  async function accessTo(userId: string, listId: string): Promise<ListAccess> {
    const access = await store.listAccess(userId, listId);
    if (!access) throw listNotFound();
    return access;
  }

  /** [SH2] Only the owner changes who shares a list: a member who sees it is refused, anyone else does not see it. */
  async function ownedLive(userId: string, listId: string): Promise<void> {
    if (listId === INBOX_LIST_ID) throw new ProtocolError('FORBIDDEN', 'the Inbox is never shared');
    const access = await accessTo(userId, listId);
    if (access.role !== 'owner') throw new ProtocolError('FORBIDDEN', 'only the owner of the list may do this');
    const list = await store.getList(userId, listId);
    if (!list || list._deleted) throw listNotFound();
  }

  async function membersOf(ownerId: string, listId: string): Promise<MemberView[]> {
    return (await store.listMembers(ownerId, listId)).map(({ userId, email, role, since }) => ({ userId, email, role, since }));
  }

  async function view(invitation: InvitationRecord): Promise<InvitationView> {
    const [list, inviter] = await Promise.all([
      store.getList(invitation.ownerId, invitation.listId),
      store.findUserById(invitation.inviterId),
    ]);
    return {
      id: invitation.id,
      listId: invitation.listId,
      listName: list?.name ?? '',
      role: invitation.role,
      email: invitation.email,
      invitedBy: inviter?.email ?? '',
      createdAt: invitation.createdAt,
      expiresAt: invitation.expiresAt,
    };
  }

  /** [SH3] Where this server can prove addresses, invitations are for proven ones only: sent, seen, answered. */
  async function requireVerified(userId: string, message: string): Promise<void> {
    if (deps.mails.canVerifyAddresses && (await store.emailVerifiedAt(userId)) === null) throw new ProtocolError('FORBIDDEN', message);
  }

  /** [SH3] An invitation addressed to the caller: their address, and proven where this server can prove one. */
  async function addressedTo(userId: string, invitationId: string): Promise<{ invitation: InvitationRecord; email: string }> {
    const [invitation, user] = await Promise.all([store.findInvitation(invitationId), store.findUserById(userId)]);
    if (!invitation || !user || invitation.email !== user.email || invitation.expiresAt <= now().toISOString()) throw invitationNotFound();
    await requireVerified(userId, UNVERIFIED_INVITEE);
    return { invitation, email: user.email };
  }

  return {
    async invite(userId, listId, input) {
      await ownedLive(userId, listId);
      const email = normalizeEmail(input.email);
      const [inviter, invitee, members, pending] = await Promise.all([
        store.findUserById(userId),
        store.findUserByEmail(email),
        store.listMembers(userId, listId),
        store.listInvitations(userId, listId, now().toISOString()),
      ]);
      if (!inviter) throw new ProtocolError('UNAUTHENTICATED', 'this account no longer exists');
      // [SH3] The mail names the inviter's address: where addresses can be proven, only a proven one is named.
      await requireVerified(userId, 'confirm your e-mail address before inviting anyone (the link in the mail sent when you signed up)');
      if (email === inviter.email) throw new ProtocolError('INVALID_MESSAGE', 'you own this list already; invite someone else');
      if (invitee && members.some((member) => member.userId === invitee.id)) {
        throw new ProtocolError('CONFLICT', 'that person is already a member of this list; change their role instead');
      }
      // the owner is the first of `members`
      if (members.length - 1 >= SHARING_LIMITS.maxMembers) {
        throw new ProtocolError('CONFLICT', `this list has ${SHARING_LIMITS.maxMembers} members, the most a list may have`);
      }
      const again = pending.some((invitation) => invitation.email === email);
      if (!again && pending.length >= SHARING_LIMITS.maxPendingInvitations) {
        throw new ProtocolError(
          'CONFLICT',
          `this list has ${SHARING_LIMITS.maxPendingInvitations} invitations waiting; withdraw some first`,
        );
      }
      const createdAt = now();
      const invitation: InvitationRecord = {
        id: randomUUID(),
        listId,
        ownerId: userId,
        inviterId: userId,
        email,
        role: input.role,
        createdAt: createdAt.toISOString(),
        expiresAt: new Date(createdAt.getTime() + SHARING_LIMITS.invitationLifetimeDays * DAY_MS).toISOString(),
      };
      await store.putInvitation(invitation);
      // Answered the same whether or not the address has an account, so inviting never tells who uses this server.
      await deps.mails.send(inviter, email, input.role, SHARING_LIMITS.invitationLifetimeDays);
      return view(invitation);
    },

    async listInvitations(userId, listId) {
      await ownedLive(userId, listId);
      return Promise.all((await store.listInvitations(userId, listId, now().toISOString())).map(view));
    },

    async withdraw(userId, listId, invitationId) {
      await ownedLive(userId, listId);
      const invitation = await store.findInvitation(invitationId);
      if (!invitation || invitation.ownerId !== userId || invitation.listId !== listId) throw invitationNotFound();
      await store.deleteInvitation(invitationId);
    },

    async myInvitations(userId) {
      const user = await store.findUserById(userId);
      if (!user) return [];
      const invitations = await Promise.all((await store.invitationsFor(user.email, now().toISOString())).map(view));
      // [SH3] An address not proven yet learns that invitations wait, and nothing of the lists or who sent them.
      const proven = !deps.mails.canVerifyAddresses || (await store.emailVerifiedAt(userId)) !== null;
      return proven ? invitations : invitations.map((invitation) => ({ ...invitation, listName: '', invitedBy: '' }));
    },

    async accept(userId, invitationId) {
      const { invitation } = await addressedTo(userId, invitationId);
      const list = await store.getList(invitation.ownerId, invitation.listId);
      if (!list || list._deleted) {
        await store.deleteInvitation(invitationId);
        throw invitationNotFound();
      }
      // [SH9] the store counts the members in the transaction that adds this one
      const change = await store.putMember(invitation.ownerId, invitation.listId, userId, invitation.role, now().toISOString());
      await store.deleteInvitation(invitationId);
      await publish(change);
      return membersOf(invitation.ownerId, invitation.listId);
    },

    async decline(userId, invitationId) {
      await addressedTo(userId, invitationId);
      await store.deleteInvitation(invitationId);
    },

    async sharedLists(userId) {
      return (await store.sharedLists(userId)).map(({ listId, role, ownerEmail, members }) => ({ listId, role, ownerEmail, members }));
    },

    async members(userId, listId) {
      const access = await accessTo(userId, listId);
      return membersOf(access.ownerId, listId);
    },

    async setRole(userId, listId, memberId, role) {
      await ownedLive(userId, listId);
      const members = await store.listMembers(userId, listId);
      if (!members.some((member) => member.userId === memberId && member.role !== 'owner')) {
        throw new ProtocolError('NOT_FOUND', 'no such member of this list');
      }
      await publish(await store.putMember(userId, listId, memberId, role, now().toISOString()));
      return membersOf(userId, listId);
    },

    async removeMember(userId, listId, memberId) {
      const access = await accessTo(userId, listId);
      const leaving = memberId === userId;
      if (leaving && access.role === 'owner') {
        throw new ProtocolError('CONFLICT', 'the owner cannot leave a list; make another member its owner first, or delete it');
      }
      if (!leaving && access.role !== 'owner') throw new ProtocolError('FORBIDDEN', 'only the owner of the list may remove others');
      const at = now().toISOString();
      const change = await store.removeMember(access.ownerId, listId, memberId, at);
      if (change.changed) await publish(change);
      // [AS4] After the removal committed, nobody can assign them again ([AS3]); a repeated removal finishes a run that failed.
      await deps.unassignLeaver(access.ownerId, listId, memberId, at);
      if (!change.changed) throw new ProtocolError('NOT_FOUND', 'no such member of this list');
    },

    async transfer(userId, listId, newOwnerId) {
      await ownedLive(userId, listId);
      const change = await store.transferOwnership(userId, listId, newOwnerId, now().toISOString(), LIST_LIMITS.maxLiveLists);
      if (!change.changed) throw new ProtocolError('NOT_FOUND', 'no such member of this list: only a member can become its owner');
      await publish(change);
      return membersOf(newOwnerId, listId);
    },
  };
}
