import { z } from 'zod';
import { documentIdSchema as taskIdSchema } from './document-id-schema';
import { isoDateTimeSchema } from './iso-timestamp-schema';
import { orderKeySchema } from './order-key-schema';
import { inboxProblems, LIST_COLOURS, TASK_LIST_LIMITS, type TASK_LIST_KEYS } from './task-list';

const TASK_LIST_FIELD_SCHEMAS = {
  id: taskIdSchema,
  name: z
    .string()
    .max(TASK_LIST_LIMITS.nameMaxLength, `must be at most ${TASK_LIST_LIMITS.nameMaxLength} characters`)
    .refine((name) => name.trim().length > 0, { message: 'must not be empty' }),
  colour: z.enum(LIST_COLOURS, { error: `must be one of ${LIST_COLOURS.join(', ')}` }),
  order: orderKeySchema,
  archived: z.boolean(),
  inbox: z.boolean(),
  createdAt: isoDateTimeSchema,
  updatedAt: isoDateTimeSchema,
  _deleted: z.boolean(),
  seq: z.number().int().nonnegative().optional(),
} satisfies Record<(typeof TASK_LIST_KEYS)[number], z.ZodType>;

/** The list without the rules between fields: what `pick` and `extend` start from. */
export const taskListObjectSchema = z.strictObject(TASK_LIST_FIELD_SCHEMAS);

function checkInbox(list: z.infer<typeof taskListObjectSchema>, context: z.RefinementCtx): void {
  for (const { path, message } of inboxProblems(list)) context.addIssue({ code: 'custom', message, path: [path] });
}

/**
 * [DM18] The replicated list document: like a task, a flat record with a soft delete and a server-assigned `seq`
 * (optional on input; the same rules as docs/protocol.md [D2]). The Inbox is the list whose id is `inbox`; it is
 * never archived or deleted.
 */
export const taskListSchema = taskListObjectSchema.superRefine(checkInbox);

/** A list as the server stores and returns it: it always carries its `seq`. */
export const storedTaskListSchema = taskListObjectSchema.extend({ seq: z.number().int().nonnegative() }).superRefine(checkInbox);
