import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import type { SharingStore } from '../sharing-store';

function unavailable(): Promise<never> {
  return Promise.reject(
    new ProtocolError(
      'SHARING_UNAVAILABLE',
      'this server keeps its data in MongoDB, which does not share lists yet in this release; the embedded store does',
    ),
  );
}

/**
 * [SH12] Shared lists are not implemented on MongoDB yet: every list is its owner's alone, as before sharing, and every
 * membership or invitation request is refused with `SHARING_UNAVAILABLE`, so nothing is half shared. `listAccess`
 * answers the owner's own lists, which is the whole truth while nothing can be shared.
 */
export function createMongoSharingUnavailable(ownList: (userId: string, listId: string) => Promise<boolean>): SharingStore {
  return {
    listAccess: async (userId, listId) => ((await ownList(userId, listId)) ? { ownerId: userId, role: 'owner' } : null),
    sharedLists: () => Promise.resolve([]),
    listMembers: () => Promise.resolve([]),
    putMember: unavailable,
    removeMember: unavailable,
    transferOwnership: unavailable,
    unshareAccount: () => Promise.resolve({ changed: false, fanOut: [] }),
    putInvitation: unavailable,
    findInvitation: () => Promise.resolve(null),
    invitationsFor: () => Promise.resolve([]),
    listInvitations: () => Promise.resolve([]),
    deleteInvitation: () => Promise.resolve(false),
  };
}
