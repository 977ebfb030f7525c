import { z } from 'zod';
import { isoDateTimeSchema } from './iso-timestamp';
import { TASK_LIMITS, TASK_PRIORITIES, TASK_STATUSES } from './task-fields';
import { tagsAreDistinct } from './task-tags';

export const taskIdSchema = z
  .string()
  .min(1)
  .max(TASK_LIMITS.idMaxLength)
  .regex(/^[A-Za-z0-9_-]+$/, 'id may contain only letters, digits, "-" and "_"');

const tagSchema = z.string().min(1).max(TASK_LIMITS.tagMaxLength);

/**
 * The replicated task document (docs/protocol.md [D1]–[D3]). `seq` is assigned by the server on
 * every accepted write; clients send back whatever they last received and the
 * server ignores it except as the revision in `assumedMasterState`.
 */
export const taskSchema = z.strictObject({
  id: taskIdSchema,
  title: z.string().min(1).max(TASK_LIMITS.titleMaxLength),
  description: z.string().max(TASK_LIMITS.descriptionMaxLength),
  status: z.enum(TASK_STATUSES),
  priority: z.enum(TASK_PRIORITIES),
  dueAt: isoDateTimeSchema.nullable(),
  // Tags are a set (docs/protocol.md [D5]): a duplicate, also one that differs only in Unicode composition, is
  // refused, not silently merged away.
  tags: z.array(tagSchema).max(TASK_LIMITS.tagsMaxCount).refine(tagsAreDistinct, { message: 'tags must be unique' }),
  createdAt: isoDateTimeSchema,
  updatedAt: isoDateTimeSchema,
  completedAt: isoDateTimeSchema.nullable(),
  _deleted: z.boolean(),
  seq: z.number().int().nonnegative().optional(),
});

export type Task = z.infer<typeof taskSchema>;

/** A task as the server stores and returns it: it always carries its `seq`. */
export const storedTaskSchema = taskSchema.extend({ seq: z.number().int().nonnegative() });
export type StoredTask = z.infer<typeof storedTaskSchema>;
