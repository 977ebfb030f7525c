import { z } from 'zod';
import { documentIdSchema } from '@tasklane/shared/domain/document-id-schema';
import { SHARING_LIMITS } from '@tasklane/shared/domain/list-sharing';
import type { ErrorCode } from '@tasklane/shared/protocol/error-codes';
import type { OperationSpec } from './openapi-operations';

const ALWAYS: ErrorCode[] = ['RATE_LIMITED', 'INTERNAL', 'UNAVAILABLE'];
const WITH_BODY: ErrorCode[] = ['INVALID_MESSAGE', 'PAYLOAD_TOO_LARGE'];
const SIGNED_IN: ErrorCode[] = ['UNAUTHENTICATED', ...ALWAYS];
const listPath = { id: documentIdSchema };
const userPath = { id: documentIdSchema, userId: z.uuid() };

/** The sharing routes of docs/protocol.md §10 ([SH1]–[SH13]). */
export const SHARING_OPERATIONS: OperationSpec[] = [
  {
    method: 'post',
    path: '/api/lists/{id}/invitations',
    operationId: 'inviteToList',
    tag: 'sharing',
    summary: 'Invite someone to a list by e-mail, as editor or viewer',
    description: `Owner only (403 for a member, 404 for anyone else; the Inbox is never shared, 403). Answered the same whether or not the address has an account; the address is mailed a link to the invitations screen. Inviting an address again replaces its invitation. At most ${SHARING_LIMITS.maxMembers} members and ${SHARING_LIMITS.maxPendingInvitations} pending invitations per list (409). Rules SH3, SH9.`,
    bearerAuth: true,
    pathParams: listPath,
    body: { schema: 'InvitationInput', required: true },
    responses: { 201: { description: 'The invitation', schema: 'InvitationView' } },
    errors: [...WITH_BODY, 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', ...SIGNED_IN],
  },
  {
    method: 'get',
    path: '/api/lists/{id}/invitations',
    operationId: 'listInvitationsOfList',
    tag: 'sharing',
    summary: "A list's pending invitations (owner only)",
    bearerAuth: true,
    pathParams: listPath,
    responses: { 200: { description: 'Pending invitations', schema: 'Invitations' } },
    errors: ['INVALID_MESSAGE', 'FORBIDDEN', 'NOT_FOUND', ...SIGNED_IN],
  },
  {
    method: 'delete',
    path: '/api/lists/{id}/invitations/{invitationId}',
    operationId: 'withdrawInvitation',
    tag: 'sharing',
    summary: 'Withdraw an invitation (owner only)',
    bearerAuth: true,
    pathParams: { id: documentIdSchema, invitationId: z.uuid() },
    responses: { 204: { description: 'Withdrawn' } },
    errors: ['INVALID_MESSAGE', 'FORBIDDEN', 'NOT_FOUND', ...SIGNED_IN],
  },
  {
    method: 'get',
    path: '/api/invitations',
    operationId: 'myInvitations',
    tag: 'sharing',
    summary: "The invitations addressed to the caller's e-mail address",
    description: 'Where the server sends mail and the address is not verified yet, `listName` and `invitedBy` are empty (rule SH3).',
    bearerAuth: true,
    responses: { 200: { description: 'Pending invitations', schema: 'Invitations' } },
    errors: SIGNED_IN,
  },
  {
    method: 'post',
    path: '/api/invitations/{invitationId}/accept',
    operationId: 'acceptInvitation',
    tag: 'sharing',
    summary: 'Join the list: every device of the caller receives it through the normal pull',
    description:
      "Someone else's, expired or answered invitation: 404. Where the server sends mail, the caller's address must be verified (403). 409 when a document of the list has an id the caller already holds, or the list is full (rules SH3, SH11).",
    bearerAuth: true,
    pathParams: { invitationId: z.uuid() },
    responses: { 200: { description: 'The members of the list, the caller among them', schema: 'Members' } },
    errors: ['INVALID_MESSAGE', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', ...SIGNED_IN],
  },
  {
    method: 'post',
    path: '/api/invitations/{invitationId}/decline',
    operationId: 'declineInvitation',
    tag: 'sharing',
    summary: 'Decline an invitation',
    description: "Where the server sends mail, the caller's address must be verified (403, rule SH3).",
    bearerAuth: true,
    pathParams: { invitationId: z.uuid() },
    responses: { 204: { description: 'Declined' } },
    errors: ['INVALID_MESSAGE', 'FORBIDDEN', 'NOT_FOUND', ...SIGNED_IN],
  },
  {
    method: 'get',
    path: '/api/lists/{id}/members',
    operationId: 'listMembers',
    tag: 'sharing',
    summary: 'The members of a list the caller holds, the owner first',
    bearerAuth: true,
    pathParams: listPath,
    responses: { 200: { description: 'Members', schema: 'Members' } },
    errors: ['INVALID_MESSAGE', 'NOT_FOUND', ...SIGNED_IN],
  },
  {
    method: 'patch',
    path: '/api/lists/{id}/members/{userId}',
    operationId: 'setMemberRole',
    tag: 'sharing',
    summary: "Change a member's role (owner only)",
    bearerAuth: true,
    pathParams: userPath,
    body: { schema: 'MemberRoleInput', required: true },
    responses: { 200: { description: 'Members', schema: 'Members' } },
    errors: [...WITH_BODY, 'FORBIDDEN', 'NOT_FOUND', ...SIGNED_IN],
  },
  {
    method: 'delete',
    path: '/api/lists/{id}/members/{userId}',
    operationId: 'removeMember',
    tag: 'sharing',
    summary: 'Remove a member (owner), or leave (a member naming themself)',
    description:
      'Every device of that user drops the list and its tasks on its next sync; later access is refused (rule SH5). The owner cannot leave (409): hand the list over first.',
    bearerAuth: true,
    pathParams: userPath,
    responses: { 204: { description: 'Removed' } },
    errors: ['INVALID_MESSAGE', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', ...SIGNED_IN],
  },
  {
    method: 'post',
    path: '/api/lists/{id}/owner',
    operationId: 'transferList',
    tag: 'sharing',
    summary: 'Make a member the owner; the former owner stays as an editor (rule SH10)',
    bearerAuth: true,
    pathParams: listPath,
    body: { schema: 'OwnerInput', required: true },
    responses: { 200: { description: 'Members, the new owner first', schema: 'Members' } },
    errors: [...WITH_BODY, 'FORBIDDEN', 'NOT_FOUND', 'LIST_LIMIT', ...SIGNED_IN],
  },
  {
    method: 'get',
    path: '/api/memberships',
    operationId: 'sharedLists',
    tag: 'sharing',
    summary: 'Every shared list the caller holds, with their role (rule SH13)',
    bearerAuth: true,
    responses: { 200: { description: 'Shared lists', schema: 'SharedLists' } },
    errors: ['UNAUTHENTICATED', ...ALWAYS],
  },
];
