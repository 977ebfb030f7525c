import { Router } from 'express';
import { z } from 'zod';
import { taskIdSchema } from '@tasklane/shared/domain/task-schema';
import { createTaskInputSchema, patchTaskInputSchema } from '@tasklane/shared/domain/task-input';
import { parseMessage } from '@tasklane/shared/protocol/parse-message';
import type { TaskCommands } from '../sync/task-commands';
import { IDEMPOTENCY_KEY_HEADER, IDEMPOTENT_REPLAYED_HEADER, idempotencyHeadersSchema } from './idempotency-key';
import { authenticatedUserId } from './require-user';
import { taskListQuerySchema } from './task-list-query';

const idParamsSchema = z.object({ id: taskIdSchema });

export function createTaskRoutes(tasks: TaskCommands): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    const { assignee, ...query } = parseMessage(taskListQuerySchema, req.query, 'task query');
    const userId = authenticatedUserId(res);
    // [AS5] `me` is the caller: the store filters by their id.
    res.json(await tasks.list(userId, assignee === 'me' ? { ...query, assignee: userId } : query));
  });

  router.post('/', async (req, res) => {
    const input = parseMessage(createTaskInputSchema, req.body, 'task');
    const headers = parseMessage(idempotencyHeadersSchema, { [IDEMPOTENCY_KEY_HEADER]: req.get(IDEMPOTENCY_KEY_HEADER) }, 'header');
    const key = headers[IDEMPOTENCY_KEY_HEADER];
    if (key === undefined) {
      res.status(201).json(await tasks.create(authenticatedUserId(res), input));
      return;
    }
    // [R10] A retry gets the same 201 and the same task, marked as a replay.
    const { task, replayed } = await tasks.createIdempotent(authenticatedUserId(res), input, key);
    if (replayed) res.set(IDEMPOTENT_REPLAYED_HEADER, 'true');
    res.status(201).json(task);
  });

  router.get('/:id', async (req, res) => {
    const { id } = parseMessage(idParamsSchema, req.params, 'task id');
    res.json(await tasks.get(authenticatedUserId(res), id));
  });

  router.patch('/:id', async (req, res) => {
    const { id } = parseMessage(idParamsSchema, req.params, 'task id');
    const patch = parseMessage(patchTaskInputSchema, req.body, 'task patch');
    const headers = parseMessage(idempotencyHeadersSchema, { [IDEMPOTENCY_KEY_HEADER]: req.get(IDEMPOTENCY_KEY_HEADER) }, 'header');
    // [LR6] A retried edit that landed is answered with the task as it is, and writes nothing.
    const { task, replayed } = await tasks.patch(authenticatedUserId(res), id, patch, headers[IDEMPOTENCY_KEY_HEADER]);
    if (replayed) res.set(IDEMPOTENT_REPLAYED_HEADER, 'true');
    res.json(task);
  });

  router.delete('/:id', async (req, res) => {
    const { id } = parseMessage(idParamsSchema, req.params, 'task id');
    await tasks.remove(authenticatedUserId(res), id);
    res.status(204).end();
  });

  return router;
}
