import { z } from 'zod';
import { documentIdSchema } from './document-id-schema';
import { MEMBER_ROLES } from './list-sharing';

/** `POST /api/lists/:id/invitations` ([SH3]). */
export const invitationInputSchema = z.strictObject({
  email: z.email().max(254),
  role: z.enum(MEMBER_ROLES),
});
export type InvitationInput = z.infer<typeof invitationInputSchema>;

/** `PATCH /api/lists/:id/members/:userId`. */
export const memberRoleInputSchema = z.strictObject({ role: z.enum(MEMBER_ROLES) });

/** `POST /api/lists/:id/owner` ([SH10]): a member becomes the owner. */
export const ownerInputSchema = z.strictObject({ userId: z.uuid() });

/** Path parameters of the sharing routes. */
export const listParamsSchema = z.strictObject({ id: documentIdSchema });
export const memberParamsSchema = z.strictObject({ id: documentIdSchema, userId: z.uuid() });
export const invitationParamsSchema = z.strictObject({ invitationId: z.uuid() });
export const listInvitationParamsSchema = z.strictObject({ id: documentIdSchema, invitationId: z.uuid() });

export const memberViewSchema = z.strictObject({
  userId: z.string(),
  email: z.string(),
  role: z.enum(['owner', ...MEMBER_ROLES]),
  since: z.string(),
});
export type MemberView = z.infer<typeof memberViewSchema>;

export const invitationViewSchema = z.strictObject({
  id: z.string(),
  listId: z.string(),
  listName: z.string(),
  role: z.enum(MEMBER_ROLES),
  email: z.string(),
  invitedBy: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
});
export type InvitationView = z.infer<typeof invitationViewSchema>;

/** [SH13] `GET /api/memberships`: the shared lists the caller holds, with their role, so a device knows it offline. */
export const sharedListViewSchema = z.strictObject({
  listId: z.string(),
  role: z.enum(['owner', ...MEMBER_ROLES]),
  ownerEmail: z.string(),
  members: z.number().int().nonnegative(),
});
export type SharedListView = z.infer<typeof sharedListViewSchema>;
