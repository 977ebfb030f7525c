import { Router } from 'express';
import { parseMessage } from '@tasklane/shared/protocol/parse-message';
import {
  invitationInputSchema,
  invitationParamsSchema,
  listInvitationParamsSchema,
  listParamsSchema,
  memberParamsSchema,
  memberRoleInputSchema,
  ownerInputSchema,
} from '@tasklane/shared/domain/sharing-schema';
import type { SharingService } from '../sync/sharing-service';
import { authenticatedUserId } from './require-user';

/** `/api/lists/:id/{invitations,members,owner}` ([SH1]–[SH4], [SH10]): who shares a list, changed by its owner. */
export function createListSharingRoutes(sharing: SharingService): Router {
  const router = Router();

  router.post('/:id/invitations', async (req, res) => {
    const { id } = parseMessage(listParamsSchema, req.params, 'list id');
    const input = parseMessage(invitationInputSchema, req.body, 'invitation');
    res.status(201).json(await sharing.invite(authenticatedUserId(res), id, input));
  });

  router.get('/:id/invitations', async (req, res) => {
    const { id } = parseMessage(listParamsSchema, req.params, 'list id');
    res.json({ invitations: await sharing.listInvitations(authenticatedUserId(res), id) });
  });

  router.delete('/:id/invitations/:invitationId', async (req, res) => {
    const { id, invitationId } = parseMessage(listInvitationParamsSchema, req.params, 'invitation id');
    await sharing.withdraw(authenticatedUserId(res), id, invitationId);
    res.status(204).end();
  });

  router.get('/:id/members', async (req, res) => {
    const { id } = parseMessage(listParamsSchema, req.params, 'list id');
    res.json({ members: await sharing.members(authenticatedUserId(res), id) });
  });

  router.patch('/:id/members/:userId', async (req, res) => {
    const { id, userId } = parseMessage(memberParamsSchema, req.params, 'member');
    const { role } = parseMessage(memberRoleInputSchema, req.body, 'member role');
    res.json({ members: await sharing.setRole(authenticatedUserId(res), id, userId, role) });
  });

  router.delete('/:id/members/:userId', async (req, res) => {
    const { id, userId } = parseMessage(memberParamsSchema, req.params, 'member');
    await sharing.removeMember(authenticatedUserId(res), id, userId);
    res.status(204).end();
  });

  router.post('/:id/owner', async (req, res) => {
    const { id } = parseMessage(listParamsSchema, req.params, 'list id');
    const { userId } = parseMessage(ownerInputSchema, req.body, 'new owner');
    res.json({ members: await sharing.transfer(authenticatedUserId(res), id, userId) });
  });

  return router;
}

/** `/api/invitations` ([SH3]): the invitations addressed to the signed-in user, accepted or declined by them. */
export function createInvitationRoutes(sharing: SharingService): Router {
  const router = Router();

  router.get('/', async (_req, res) => {
    res.json({ invitations: await sharing.myInvitations(authenticatedUserId(res)) });
  });

  router.post('/:invitationId/accept', async (req, res) => {
    const { invitationId } = parseMessage(invitationParamsSchema, req.params, 'invitation id');
    res.json({ members: await sharing.accept(authenticatedUserId(res), invitationId) });
  });

  router.post('/:invitationId/decline', async (req, res) => {
    const { invitationId } = parseMessage(invitationParamsSchema, req.params, 'invitation id');
    await sharing.decline(authenticatedUserId(res), invitationId);
    res.status(204).end();
  });

  return router;
}

/** `GET /api/memberships` ([SH13]): every shared list the signed-in user holds, with their role on it. */
export function createMembershipRoutes(sharing: SharingService): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    res.json({ lists: await sharing.sharedLists(authenticatedUserId(res)) });
  });
  return router;
}
