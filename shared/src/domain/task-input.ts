import type { z } from 'zod';
import { taskSchema } from './task';

/** REST `POST /api/tasks`: the server fills defaults, `id` is optional. */
export const createTaskInputSchema = taskSchema
  .pick({
    id: true,
    title: true,
    description: true,
    status: true,
    priority: true,
    dueAt: true,
    tags: true,
    createdAt: true,
    updatedAt: true,
    completedAt: true,
  })
  .partial()
  .required({ title: true })
  .strict();
export type CreateTaskInput = z.infer<typeof createTaskInputSchema>;

/** REST `PATCH /api/tasks/:id`: any editable field, at least one. */
export const patchTaskInputSchema = taskSchema
  .pick({
    title: true,
    description: true,
    status: true,
    priority: true,
    dueAt: true,
    tags: true,
    completedAt: true,
    updatedAt: true,
  })
  .partial()
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, { message: 'the patch changes no field' });
export type PatchTaskInput = z.infer<typeof patchTaskInputSchema>;
