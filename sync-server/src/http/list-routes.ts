import { Router } from 'express';
import { z } from 'zod';
import { documentIdSchema } from '@tasklane/shared/domain/document-id-schema';
import { createListInputSchema, patchListInputSchema } from '@tasklane/shared/domain/task-input';
import { parseMessage } from '@tasklane/shared/protocol/parse-message';
import type { ListCommands } from '../sync/list-commands';
import { IDEMPOTENCY_KEY_HEADER, IDEMPOTENT_REPLAYED_HEADER, idempotencyHeadersSchema } from './idempotency-key';
import { deleteListQuerySchema, listListQuerySchema } from './list-query';
import { authenticatedUserId } from './require-user';

const idParamsSchema = z.object({ id: documentIdSchema });

/** `/api/lists` ([LR8]–[LR12]): the lists of the signed-in user, written as list pushes ([DM22]). */
export function createListRoutes(lists: ListCommands): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    const query = parseMessage(listListQuerySchema, req.query, 'list query');
    res.json(await lists.list(authenticatedUserId(res), query));
  });

  router.post('/', async (req, res) => {
    const input = parseMessage(createListInputSchema, req.body, 'list');
    const headers = parseMessage(idempotencyHeadersSchema, { [IDEMPOTENCY_KEY_HEADER]: req.get(IDEMPOTENCY_KEY_HEADER) }, 'header');
    const key = headers[IDEMPOTENCY_KEY_HEADER];
    if (key === undefined) {
      res.status(201).json(await lists.create(authenticatedUserId(res), input));
      return;
    }
    const { list, replayed } = await lists.createIdempotent(authenticatedUserId(res), input, key);
    if (replayed) res.set(IDEMPOTENT_REPLAYED_HEADER, 'true');
    res.status(201).json(list);
  });

  router.get('/:id', async (req, res) => {
    const { id } = parseMessage(idParamsSchema, req.params, 'list id');
    res.json(await lists.get(authenticatedUserId(res), id));
  });

  router.patch('/:id', async (req, res) => {
    const { id } = parseMessage(idParamsSchema, req.params, 'list id');
    const patch = parseMessage(patchListInputSchema, req.body, 'list patch');
    res.json(await lists.patch(authenticatedUserId(res), id, patch));
  });

  router.delete('/:id', async (req, res) => {
    const { id } = parseMessage(idParamsSchema, req.params, 'list id');
    const { tasks } = parseMessage(deleteListQuerySchema, req.query, 'list delete query');
    await lists.remove(authenticatedUserId(res), id, tasks);
    res.status(204).end();
  });

  return router;
}
