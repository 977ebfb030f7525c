import type { StoredTask } from '@tasklane/shared/domain/task';
import type { StoredTaskList } from '@tasklane/shared/domain/task-list';
import type { ListRole, MemberRole } from '@tasklane/shared/domain/list-sharing';

/** [SH2] What a user may do with a list: its owner, or a member's role; null when the list is not theirs to see. */
export type ListAccess = { ownerId: string; role: ListRole };

export type SharedListRecord = { listId: string; ownerId: string; ownerEmail: string; role: ListRole; members: number };

export type ListMemberRecord = { userId: string; email: string; role: ListRole; since: string };

export type InvitationRecord = {
  id: string;
  listId: string;
  ownerId: string;
  inviterId: string;
  email: string;
  role: MemberRole;
  createdAt: string;
  expiresAt: string;
};

/**
 * [SH6] What one write or membership change delivers to users other than the caller: per user, the documents as that
 * user now holds them (a document they may no longer see is a tombstone that hides it, [SH5]), under that user's
 * own `seq`s, ascending.
 */
export type FanOut = Array<{ userId: string; tasks: StoredTask[]; lists: StoredTaskList[] }>;

/**
 * The outcome of a membership change: whether it changed anything, and who must hear of it — for a membership change,
 * the newest entry of each collection per user: the rest reach their devices through the gap it shows ([CH3]).
 */
export type MembershipChange = { changed: boolean; fanOut: FanOut };

/** Shared lists ([SH1]–[SH12]): membership and invitations. The documents themselves stay in their owner's space. */
export interface SharingStore {
  /** The caller's access to a live or deleted list; null when they may not see it (or it does not exist). */
  listAccess(userId: string, listId: string): Promise<ListAccess | null>;
  /** [SH13] Every shared list the user holds: those shared with them and their own that have members. */
  sharedLists(userId: string): Promise<SharedListRecord[]>;
  /** The owner first, then members by the time they joined. Empty for a list nobody owns. */
  listMembers(ownerId: string, listId: string): Promise<ListMemberRecord[]>;
  /**
   * [SH3] Adds a member, or changes a member's role, and delivers the list and all its tasks to them (a role change
   * delivers nothing: the documents are the same). `CONFLICT` when they already hold another document with an id of
   * the list's ([SH11]). The caller checks who may do it.
   */
  putMember(ownerId: string, listId: string, userId: string, role: MemberRole, at: string): Promise<MembershipChange>;
  /** [SH4] Removes a member (removal or leaving); every document of the list is hidden from them. */
  removeMember(ownerId: string, listId: string, userId: string, at: string): Promise<MembershipChange>;
  /**
   * [SH10] Makes a member the owner: the list and its tasks move to their space; the former owner stays as an editor.
   * Unchanged when `newOwnerId` is not a member; `LIST_LIMIT` when it would take them past `maxLiveLists` ([RJ2]).
   */
  transferOwnership(ownerId: string, listId: string, newOwnerId: string, at: string, maxLiveLists: number): Promise<MembershipChange>;

  /**
   * [SH5] Before an account is deleted: every member of its lists loses them as by removal, and it leaves every list
   * shared with it. Idempotent (a second call changes nothing).
   */
  unshareAccount(userId: string, at: string): Promise<MembershipChange>;

  /** Replaces a pending invitation of the same list and address (a second invite refreshes it). */
  putInvitation(invitation: InvitationRecord): Promise<void>;
  findInvitation(id: string): Promise<InvitationRecord | null>;
  /** Invitations to this address not expired at `at`, newest first. */
  invitationsFor(email: string, at: string): Promise<InvitationRecord[]>;
  /** Pending invitations of a list (expired ones left out). */
  listInvitations(ownerId: string, listId: string, at: string): Promise<InvitationRecord[]>;
  /** True when it existed. */
  deleteInvitation(id: string): Promise<boolean>;
}
