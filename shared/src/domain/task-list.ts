import type { z } from 'zod';
import type { storedTaskListSchema, taskListObjectSchema } from './task-list-schema';

/** The colours a list may have: names, not values, so each theme (light, dark) picks its own accessible shade. */
export const LIST_COLOURS = ['grey', 'red', 'orange', 'yellow', 'green', 'teal', 'blue', 'indigo', 'purple', 'pink'] as const;
export type ListColour = (typeof LIST_COLOURS)[number];

/**
 * Every account's Inbox has this id. Ids are per user (docs/protocol.md [X1]), so two devices that create the Inbox
 * offline create the same document, and replication merges them into one instead of making two Inboxes.
 */
export const INBOX_LIST_ID = 'inbox';

export const TASK_LIST_LIMITS = { nameMaxLength: 100 } as const;

/** The list document's keys in the order the server writes them (`task-list-schema.ts` follows it). */
export const TASK_LIST_KEYS = ['id', 'name', 'colour', 'order', 'archived', 'inbox', 'createdAt', 'updatedAt', '_deleted', 'seq'] as const;

/** Fields the three-way merge of two versions of a list walks over; `id` and `inbox` never change. */
export const TASK_LIST_EDITABLE_FIELDS = ['name', 'colour', 'order', 'archived', '_deleted'] as const;

export type TaskList = z.infer<typeof taskListObjectSchema>;
export type StoredTaskList = z.infer<typeof storedTaskListSchema>;

/**
 * [CM4] [LR8] The Inbox of an account before any device has stored one: every device starts with this document and
 * the server lists it until one is stored. Its clocks are at the epoch, so any stored edit of it (a rename, a colour)
 * wins every field of a merge without a base ([M6]).
 */
export const DEFAULT_INBOX: TaskList = {
  id: INBOX_LIST_ID,
  name: 'Inbox',
  colour: 'grey',
  order: 'a0',
  archived: false,
  inbox: true,
  createdAt: '1970-01-01T00:00:00.000Z',
  updatedAt: '1970-01-01T00:00:00.000Z',
  _deleted: false,
};

/** [DM18] The rules of the Inbox that a list's own fields cannot see, as `{ path, message }`. */
export function inboxProblems(list: Pick<TaskList, 'id' | 'inbox' | 'archived' | '_deleted'>): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  if (list.inbox !== (list.id === INBOX_LIST_ID)) {
    problems.push({ path: 'inbox', message: `the Inbox, and only the Inbox, has the id "${INBOX_LIST_ID}"` });
  }
  if (list.inbox && list.archived) problems.push({ path: 'archived', message: 'the Inbox cannot be archived' });
  if (list.inbox && list._deleted) problems.push({ path: '_deleted', message: 'the Inbox cannot be deleted' });
  return problems;
}
