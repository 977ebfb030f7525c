import { z } from 'zod';
import { storedTaskSchema } from './task-schema';

/** `GET /api/tasks`: one page, newest `createdAt` first; `nextCursor` is null on the last page. */
export const taskListPageSchema = z.strictObject({
  tasks: z.array(storedTaskSchema),
  nextCursor: z.string().nullable(),
});
export type TaskListPage = z.infer<typeof taskListPageSchema>;
