import { z } from 'zod';
import { documentIdSchema } from '@tasklane/shared/domain/document-id-schema';
import { TASK_STATUSES } from '@tasklane/shared/domain/task-fields';
import { timeZoneSchema } from '@tasklane/shared/domain/zoned-time-schema';
import { TASK_VIEWS } from '../sync/task-views';

/** Query of `GET /api/tasks`; every value arrives as a string, so `limit` is coerced. */
export const taskListQuerySchema = z
  .strictObject({
    status: z.enum(TASK_STATUSES).optional(),
    q: z.string().max(200).optional(),
    /** [LR7] Only the tasks of this list. */
    listId: documentIdSchema.optional(),
    /** [AS5] Only the tasks assigned to the caller; `me` is the one value. */
    assignee: z.literal('me', { error: 'the only value is "me": the tasks assigned to you' }).optional(),
    /** [DM23] [LR7] Today or Upcoming, computed in `tz`. */
    view: z.enum(TASK_VIEWS).optional(),
    /** The IANA time zone the user is in: what "today" means for a view ([DM2], [DM3]). */
    tz: timeZoneSchema.optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z.string().max(512).optional(),
  })
  .superRefine((query, context) => {
    if (query.view !== undefined && query.tz === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['tz'],
        message: `view=${query.view} needs the user's IANA time zone, e.g. tz=Europe/Berlin`,
      });
    }
    if (query.view === undefined && query.tz !== undefined) {
      context.addIssue({ code: 'custom', path: ['tz'], message: 'tz is only used with view=today or view=upcoming' });
    }
  });
