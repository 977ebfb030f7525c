import { z } from 'zod';
import { isoDateTimeSchema } from './iso-timestamp';
import { orderKeySchema } from './order-key';
import { taskIdSchema } from './task';

/** The colours a list may have: names, not values, so each theme (light, dark) picks its own accessible shade. */
export const LIST_COLOURS = ['grey', 'red', 'orange', 'yellow', 'green', 'teal', 'blue', 'indigo', 'purple', 'pink'] as const;
export type ListColour = (typeof LIST_COLOURS)[number];

/**
 * Every account's Inbox has this id. Ids are per user (docs/protocol.md [X1]), so two devices that create the Inbox
 * offline create the same document, and replication merges them into one instead of making two Inboxes.
 */
export const INBOX_LIST_ID = 'inbox';

export const TASK_LIST_LIMITS = { nameMaxLength: 100 } as const;

/**
 * [DM18] The replicated list document: like a task, a flat record with a soft delete and a server-assigned `seq`
 * (optional on input; the same rules as docs/protocol.md [D2]). The Inbox is the list whose id is `inbox`; it is
 * never archived or deleted.
 */
export const taskListSchema = z
  .strictObject({
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
  })
  .superRefine((list, context) => {
    if (list.inbox !== (list.id === INBOX_LIST_ID)) {
      context.addIssue({ code: 'custom', message: `the Inbox, and only the Inbox, has the id "${INBOX_LIST_ID}"`, path: ['inbox'] });
    }
    if (list.inbox && list.archived) context.addIssue({ code: 'custom', message: 'the Inbox cannot be archived', path: ['archived'] });
    if (list.inbox && list._deleted) context.addIssue({ code: 'custom', message: 'the Inbox cannot be deleted', path: ['_deleted'] });
  });

export type TaskList = z.infer<typeof taskListSchema>;
