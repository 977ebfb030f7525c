import type { z } from 'zod';
import type { storedTaskSchema, taskObjectSchema } from './task-schema';

/** The task document's keys in the order the server writes them, so equal content has one JSON text (`task-schema.ts` follows it). */
export const TASK_KEYS = [
  'id',
  'title',
  'description',
  'status',
  'priority',
  'listId',
  'assignee',
  'due',
  'recurrence',
  'recurrenceEditedAt',
  'occurrence',
  'completions',
  'checklist',
  'reminders',
  'order',
  'tags',
  'createdAt',
  'updatedAt',
  'completedAt',
  '_deleted',
  'seq',
] as const;

export type Task = z.infer<typeof taskObjectSchema>;
export type StoredTask = z.infer<typeof storedTaskSchema>;
