import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import { createMongoSharingUnavailable } from './mongo-sharing-unavailable';

describe('sharing on MongoDB', () => {
  const sharing = createMongoSharingUnavailable((userId, listId) => Promise.resolve(userId === 'owner' && listId === 'mine'));
  const at = '2026-11-29T12:00:00.000Z';

  it("[SH12] every membership and invitation change is refused with SHARING_UNAVAILABLE; a list is its owner's alone", async () => {
    const refusals = [
      sharing.putMember('owner', 'mine', 'other', 'editor', at),
      sharing.removeMember('owner', 'mine', 'other', at),
      sharing.transferOwnership('owner', 'mine', 'other', at, 500),
      sharing.putInvitation({
        id: 'i',
        listId: 'mine',
        ownerId: 'owner',
        inviterId: 'owner',
        email: 'a@example.com',
        role: 'viewer',
        createdAt: at,
        expiresAt: at,
      }),
    ];
    for (const refusal of refusals) {
      await expect(refusal).rejects.toBeInstanceOf(ProtocolError);
      await expect(refusal).rejects.toMatchObject({ code: 'SHARING_UNAVAILABLE' });
    }
    await expect(sharing.listAccess('owner', 'mine')).resolves.toEqual({ ownerId: 'owner', role: 'owner' });
    await expect(sharing.listAccess('other', 'mine')).resolves.toBeNull();
    await expect(sharing.invitationsFor('a@example.com', at)).resolves.toEqual([]);
  });
});
