import { z } from 'zod';
import { LIST_TASK_DISPOSALS } from '../sync/list-commands';

/** Query of `GET /api/lists` ([LR8]): lists in their manual order, a page at a time. */
export const listListQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(512).optional(),
});

/** Query of `DELETE /api/lists/:id` ([LR11]): what to do with the list's tasks; there is no default, the caller decides. */
export const deleteListQuerySchema = z.strictObject({
  tasks: z.enum(LIST_TASK_DISPOSALS, { error: `tasks must be ${LIST_TASK_DISPOSALS.join(' or ')}: what becomes of the list's tasks` }),
});
