import { z } from 'zod';
import { canonicalInstantSchema } from './canonical-instant-schema';
import { CHECKLIST_LIMITS } from './checklist';
import { documentIdSchema as taskIdSchema } from './document-id-schema';
import { orderKeySchema } from './order-key-schema';

/**
 * [DM13] A checklist item. Each editable field has its own clock (`textAt`, `doneAt`, `orderAt`), so two devices
 * that change different fields of one item both keep their change ([DM14]).
 */
export const checklistItemSchema = z.strictObject({
  id: taskIdSchema,
  text: z.string().min(1).max(CHECKLIST_LIMITS.textMaxLength),
  done: z.boolean(),
  order: orderKeySchema,
  textAt: canonicalInstantSchema,
  doneAt: canonicalInstantSchema,
  orderAt: canonicalInstantSchema,
});

/** [DM15] What is left of a removed item: its id and when it was removed, so that no merge brings it back. */
export const removedChecklistItemSchema = z.strictObject({ id: taskIdSchema, removedAt: canonicalInstantSchema });

export const checklistEntrySchema = z.union([checklistItemSchema, removedChecklistItemSchema]);

/** [DM13] A task's checklist: live items and removed ones (tombstones), each id once, in any order. */
export const checklistSchema = z
  .array(checklistEntrySchema)
  .max(CHECKLIST_LIMITS.maxEntries)
  .refine((entries) => new Set(entries.map((entry) => entry.id)).size === entries.length, { message: 'item ids must be unique' });
