import { Router } from 'express';
import { z } from 'zod';
import { taskIdSchema, type StoredTask } from '@tasklane/shared/domain/task';
import { createTaskInputSchema, patchTaskInputSchema } from '@tasklane/shared/domain/task-input';
import type { TaskListPage } from '@tasklane/shared/domain/task-list-page';
import { parseMessage } from '@tasklane/shared/protocol/parse-message';
import type { TaskCommands } from '../sync/task-commands';
import { authenticatedUserId } from './require-user';
import { taskListQuerySchema } from './task-list-query';

const idParamsSchema = z.object({ id: taskIdSchema });

export function createTaskRoutes(tasks: TaskCommands): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    const query = parseMessage(taskListQuerySchema, req.query, 'task query');
    const page: TaskListPage = await tasks.list(authenticatedUserId(res), query);
    res.json(page);
  });

  router.post('/', async (req, res) => {
    const input = parseMessage(createTaskInputSchema, req.body, 'task');
    const created: StoredTask = await tasks.create(authenticatedUserId(res), input);
    res.status(201).json(created);
  });

  router.get('/:id', async (req, res) => {
    const { id } = parseMessage(idParamsSchema, req.params, 'task id');
    const task: StoredTask = await tasks.get(authenticatedUserId(res), id);
    res.json(task);
  });

  router.patch('/:id', async (req, res) => {
    const { id } = parseMessage(idParamsSchema, req.params, 'task id');
    const patch = parseMessage(patchTaskInputSchema, req.body, 'task patch');
    const patched: StoredTask = await tasks.patch(authenticatedUserId(res), id, patch);
    res.json(patched);
  });

  router.delete('/:id', async (req, res) => {
    const { id } = parseMessage(idParamsSchema, req.params, 'task id');
    await tasks.remove(authenticatedUserId(res), id);
    res.status(204).end();
  });

  return router;
}
