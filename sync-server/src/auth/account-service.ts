import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import type { Store } from '../store/store';
import type { MembershipChange } from '../store/sharing-store';
import type { PasswordHasher } from './password-hasher';

export type AccountView = { user: { id: string; email: string }; emailVerified: boolean };

export type AccountService = {
  get(userId: string): Promise<AccountView>;
  /** [AC6] Needs the current password; ends every other sign-in, keeps `sessionId`. */
  changePassword(userId: string, sessionId: string | undefined, currentPassword: string, newPassword: string): Promise<void>;
  /** [AC7] Ends every sign-in of the account, this one included. */
  signOutEverywhere(userId: string): Promise<void>;
  /** [AC8] Needs the password again; removes everything of the account and ends its sockets. */
  deleteAccount(userId: string, password: string): Promise<void>;
};

export type AccountServiceDeps = {
  store: Store;
  hasher: PasswordHasher;
  /** Ends a sign-in's live sockets ([AU15]). */
  onSessionEnded: (familyId: string) => void;
  /** Closes every socket of the user, whatever sign-in it came from ([AC17]). */
  onAccountDeleted: (userId: string) => void;
  /** [SH5] Tells the members of a deleted account's lists, live, that they lost them. */
  onMembershipChanged: (change: MembershipChange) => Promise<void>;
  /** [AS4] A deleted account has left a list shared with it: its tasks there are unassigned from them. */
  onListLeft?: (ownerId: string, listId: string, memberId: string, at: string) => Promise<void>;
  /** Resolves once the writes under way on this instance have finished (bounded by the caller). */
  writesSettled: () => Promise<void>;
  now?: () => Date;
};

const GONE = 'this account no longer exists';

export function createAccountService(deps: AccountServiceDeps): AccountService {
  const { store, hasher } = deps;
  const now = deps.now ?? (() => new Date());

  async function endSessions(userId: string, keep?: string): Promise<void> {
    for (const familyId of await store.revokeUserSessions(userId, now().toISOString(), keep)) deps.onSessionEnded(familyId);
  }

  /** A wrong password is FORBIDDEN, not UNAUTHENTICATED: the caller's sign-in is fine, and a client must not sign out over a typo. */
  async function checkPassword(userId: string, password: string) {
    const user = await store.findUserById(userId);
    if (!user) {
      await hasher.burn(password);
      throw new ProtocolError('UNAUTHENTICATED', GONE);
    }
    if (!(await hasher.verify(password, user.passwordHash))) throw new ProtocolError('FORBIDDEN', 'the password is wrong');
    return user;
  }

  return {
    async get(userId) {
      const user = await store.findUserById(userId);
      if (!user) throw new ProtocolError('UNAUTHENTICATED', GONE);
      return { user: { id: user.id, email: user.email }, emailVerified: (await store.emailVerifiedAt(userId)) !== null };
    },

    async changePassword(userId, sessionId, currentPassword, newPassword) {
      const user = await checkPassword(userId, currentPassword);
      // Only over the hash just checked: a reset or another change in between wins, and this one changes nothing ([AC15]).
      if (!(await store.replacePasswordHash(user.id, user.passwordHash, await hasher.hash(newPassword)))) {
        throw new ProtocolError('FORBIDDEN', 'the password was changed meanwhile; sign in again with the new one');
      }
      // Reset links mailed before the change would undo it.
      await store.spendUserTokens(user.id, 'password-reset', now().toISOString());
      await endSessions(user.id, sessionId);
    },

    async signOutEverywhere(userId) {
      await endSessions(userId);
    },

    async deleteAccount(userId, password) {
      await checkPassword(userId, password);
      // Sign-ins end first: no device can start a new write while the rows go.
      await endSessions(userId);
      const joined = (await store.sharedLists(userId)).filter((list) => list.role !== 'owner');
      const at = new Date().toISOString();
      // [AS4] Unassigned before leaving as well as after: a retry of a deletion that failed after leaving no longer
      // knows the lists it left. The pass after catches an assignment made in between (each pass is idempotent).
      for (const { ownerId, listId } of joined) await deps.onListLeft?.(ownerId, listId, userId, at);
      await deps.onMembershipChanged(await store.unshareAccount(userId, at));
      for (const { ownerId, listId } of joined) await deps.onListLeft?.(ownerId, listId, userId, at);
      await store.deleteAccount(userId);
      // A write already past its access check when the sockets closed may still commit: sweep once more after it.
      await deps.writesSettled();
      await store.deleteAccount(userId);
      // A socket admitted in the window of a sign-in written while the rows went (its room is the user's, not a revoked family's).
      deps.onAccountDeleted(userId);
    },
  };
}
