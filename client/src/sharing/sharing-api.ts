import type { InvitationView, MemberView, SharedListView } from '@tasklane/shared/domain/sharing-schema';
import type { MemberRole } from '@tasklane/shared/domain/list-sharing';
import { authorizedRequests } from '../session/account-api';
import type { TokenSource } from '../session/token-source';

export type { InvitationView, MemberView, SharedListView };

/** [SC1] The sharing routes of docs/protocol.md §10, with the session's token (the account screens' request helper). */
export type SharingApi = ReturnType<typeof createSharingApi>;

const at = (listId: string) => `/api/lists/${encodeURIComponent(listId)}`;

export function createSharingApi(tokens: TokenSource) {
  const request = authorizedRequests(tokens);
  return {
    invite: (listId: string, email: string, role: MemberRole) =>
      request<InvitationView>('POST', `${at(listId)}/invitations`, { email, role }),
    invitationsOf: async (listId: string) =>
      (await request<{ invitations: InvitationView[] }>('GET', `${at(listId)}/invitations`)).invitations,
    withdraw: (listId: string, invitationId: string) => request('DELETE', `${at(listId)}/invitations/${encodeURIComponent(invitationId)}`),
    members: async (listId: string) => (await request<{ members: MemberView[] }>('GET', `${at(listId)}/members`)).members,
    setRole: (listId: string, userId: string, role: MemberRole) =>
      request<{ members: MemberView[] }>('PATCH', `${at(listId)}/members/${encodeURIComponent(userId)}`, { role }),
    /** The owner removes a member; a member removes themself (leaves). */
    remove: (listId: string, userId: string) => request('DELETE', `${at(listId)}/members/${encodeURIComponent(userId)}`),
    makeOwner: (listId: string, userId: string) => request<{ members: MemberView[] }>('POST', `${at(listId)}/owner`, { userId }),
    myInvitations: async () => (await request<{ invitations: InvitationView[] }>('GET', '/api/invitations')).invitations,
    accept: (invitationId: string) =>
      request<{ members: MemberView[] }>('POST', `/api/invitations/${encodeURIComponent(invitationId)}/accept`),
    decline: (invitationId: string) => request('POST', `/api/invitations/${encodeURIComponent(invitationId)}/decline`),
    memberships: async () => (await request<{ lists: SharedListView[] }>('GET', '/api/memberships')).lists,
    /** [AC5] The existing "send the link again" of the Account dialog: accepting needs a confirmed address. */
    resendVerification: () => request('POST', '/api/auth/verify-email/resend', {}),
  };
}
