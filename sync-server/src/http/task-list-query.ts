import { z } from 'zod';
import { TASK_STATUSES } from '@tasklane/shared/domain/task-fields';

/** Query of `GET /api/tasks`; every value arrives as a string, so `limit` is coerced. */
export const taskListQuerySchema = z.strictObject({
  status: z.enum(TASK_STATUSES).optional(),
  q: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(512).optional(),
});
