import { z } from 'zod';
import { CHECKLIST_LIMITS } from './checklist';
import { documentIdSchema } from './document-id-schema';
import { isoDateTimeSchema } from './iso-timestamp-schema';
import { recurrenceRuleSchema } from './recurrence-schema';
import { remindersInputSchema } from './reminder-schema';
import { taskObjectSchema } from './task-schema';
import { taskListObjectSchema } from './task-list-schema';

/**
 * A checklist item as REST takes it ([DM20]): the server keeps the clocks, so a third party writes only the text, the
 * tick and, to edit an existing item, its id. The array is the whole visible checklist in its order.
 */
export const checklistItemInputSchema = z.strictObject({
  id: documentIdSchema.optional(),
  text: z.string().min(1).max(CHECKLIST_LIMITS.textMaxLength),
  done: z.boolean().optional(),
});
export type ChecklistItemInput = z.infer<typeof checklistItemInputSchema>;

/**
 * The fields REST adds to the document's own ([DM20]): `recurrence` is a rule (the series starts at the task's due,
 * which it needs), `checklist` the visible items, `reminders` in any ISO spelling ([RM7]), and `dueAt` the version-1 spelling of a due, accepted for one
 * release and converted to a date as a version-1 document is upgraded ([DM19]).
 */
const restOnlyFields = {
  recurrence: recurrenceRuleSchema.nullable(),
  checklist: z
    .array(checklistItemInputSchema)
    .max(CHECKLIST_LIMITS.maxLiveItems)
    .refine(
      (items) => new Set(items.flatMap((item) => (item.id === undefined ? [] : [item.id]))).size === items.filter((item) => item.id).length,
      {
        message: 'item ids must be unique',
      },
    ),
  dueAt: isoDateTimeSchema.nullable(),
  /** [RM7] The task's whole list of reminders (replaces what it had); stored in canonical spelling. */
  reminders: remindersInputSchema,
};

function dueOnce(input: { due?: unknown; dueAt?: unknown }, context: z.RefinementCtx): void {
  if (input.due !== undefined && input.dueAt !== undefined) {
    context.addIssue({ code: 'custom', message: 'give either due or the older dueAt, not both', path: ['dueAt'] });
  }
}

/** REST `POST /api/tasks`: the server fills defaults, `id` is optional; a task without `listId` goes to the Inbox. */
export const createTaskInputSchema = taskObjectSchema
  .pick({
    id: true,
    title: true,
    description: true,
    status: true,
    priority: true,
    listId: true,
    assignee: true,
    due: true,
    order: true,
    tags: true,
    createdAt: true,
    updatedAt: true,
    completedAt: true,
  })
  .extend(restOnlyFields)
  .partial()
  .required({ title: true })
  .strict()
  .superRefine(dueOnce);
export type CreateTaskInput = z.infer<typeof createTaskInputSchema>;

/** REST `PATCH /api/tasks/:id`: any editable field, at least one. */
export const patchTaskInputSchema = taskObjectSchema
  .pick({
    title: true,
    description: true,
    status: true,
    priority: true,
    listId: true,
    assignee: true,
    due: true,
    order: true,
    tags: true,
    completedAt: true,
    updatedAt: true,
  })
  .extend(restOnlyFields)
  .partial()
  .strict()
  .superRefine(dueOnce)
  .refine((patch) => Object.keys(patch).length > 0, { message: 'the patch changes no field' });
export type PatchTaskInput = z.infer<typeof patchTaskInputSchema>;

/** REST `POST /api/lists` ([LR8]): the server fills defaults, `id` is optional; `inbox` follows from the id. */
export const createListInputSchema = taskListObjectSchema
  .pick({ id: true, name: true, colour: true, order: true, archived: true, createdAt: true, updatedAt: true })
  .partial()
  .required({ name: true })
  .strict();
export type CreateListInput = z.infer<typeof createListInputSchema>;

/** REST `PATCH /api/lists/:id` ([LR8]): any editable field, at least one; deleting is `DELETE` ([LR11]). */
export const patchListInputSchema = taskListObjectSchema
  .pick({ name: true, colour: true, order: true, archived: true, updatedAt: true })
  .partial()
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, { message: 'the patch changes no field' });
export type PatchListInput = z.infer<typeof patchListInputSchema>;
