import { z } from 'zod';
import { canonicalInstantSchema } from './canonical-instant-schema';
import { checklistSchema } from './checklist-schema';
import { completionsAgainstTask, completionsProblem } from './completions';
import { MAX_OCCURRENCE } from './recurring-state';
import { documentIdSchema } from './document-id-schema';
import { dueSchema } from './due-schema';
import { isoDateTimeSchema } from './iso-timestamp-schema';
import { orderKeySchema } from './order-key-schema';
import { checkRecurringFields, RECURRING_FIELD_SCHEMAS } from './recurring-state-schema';
import { remindersSchema } from './reminder-schema';
import type { Task, TASK_KEYS } from './task';
import { TASK_LIMITS, TASK_PRIORITIES, TASK_STATUSES } from './task-fields';
import { tagsAreDistinct } from './task-tags';
import { USER_ID_PATTERN } from './user-id';

export const taskIdSchema = documentIdSchema;

const tagSchema = z.string().min(1).max(TASK_LIMITS.tagMaxLength);

/**
 * The fields of the replicated task document, version 2 (docs/protocol.md [D1]–[D3], docs/data-model-v2.md §2), in
 * the order of `TASK_KEYS`. `seq` is assigned by the server on every accepted write; clients send back whatever they
 * last received and the server ignores it except as the revision in `assumedMasterState`.
 */
export const TASK_FIELD_SCHEMAS = {
  id: taskIdSchema,
  title: z.string().min(1).max(TASK_LIMITS.titleMaxLength),
  description: z.string().max(TASK_LIMITS.descriptionMaxLength),
  status: z.enum(TASK_STATUSES),
  priority: z.enum(TASK_PRIORITIES),
  /** The list the task belongs to; a list the device does not hold (or a deleted one) shows as the Inbox. */
  listId: documentIdSchema,
  /** [AS1] The user the task is assigned to (a member of its shared list, or its owner); null: nobody (version 4 of the task document). */
  assignee: z.string().regex(USER_ID_PATTERN, "must be a user's id (a lowercase UUID)").nullable(),
  due: dueSchema.nullable(),
  ...RECURRING_FIELD_SCHEMAS,
  /** [IN2] When each earlier occurrence of a series was completed (version 4 of the task document). */
  completions: z
    .array(z.strictObject({ occurrence: z.number().int().min(0).max(MAX_OCCURRENCE), at: canonicalInstantSchema }))
    .superRefine((completions, context) => {
      const problem = completionsProblem(completions);
      if (problem) context.addIssue({ code: 'custom', message: problem });
    }),
  checklist: checklistSchema,
  /** [RM1] Reminders at an instant or a span before the due (version 3 of the task document). */
  reminders: remindersSchema,
  /** Manual order within the list ([DM16]); null: never placed by hand. */
  order: orderKeySchema.nullable(),
  // Tags are a set (docs/protocol.md [D5]): a duplicate, also one that differs only in Unicode composition, is
  // refused, not silently merged away.
  tags: z.array(tagSchema).max(TASK_LIMITS.tagsMaxCount).refine(tagsAreDistinct, { message: 'tags must be unique' }),
  createdAt: isoDateTimeSchema,
  updatedAt: isoDateTimeSchema,
  completedAt: isoDateTimeSchema.nullable(),
  _deleted: z.boolean(),
  seq: z.number().int().nonnegative().optional(),
} satisfies Record<(typeof TASK_KEYS)[number], z.ZodType>;

/** The task without the rules between fields: what `pick` and `extend` start from. */
export const taskObjectSchema = z.strictObject(TASK_FIELD_SCHEMAS);

/** The rules between fields: the recurrence fields ([DM9]) and the completions log against them ([IN2]). */
export function checkTaskFields(task: Task, context: z.RefinementCtx): void {
  checkRecurringFields(task, context);
  const problem = completionsAgainstTask(task);
  if (problem) context.addIssue({ code: 'custom', message: problem, path: ['completions'] });
}

export const taskSchema = taskObjectSchema.superRefine(checkTaskFields);

/** A task as the server stores and returns it: it always carries its `seq`. */
export const storedTaskSchema = taskObjectSchema.extend({ seq: z.number().int().nonnegative() }).superRefine(checkTaskFields);
