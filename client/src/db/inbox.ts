import { INBOX_LIST_ID, type TaskList } from '@tasklane/shared/domain/task-list';
import type { TaskListCollection } from './create-task-db';

/**
 * Every device's Inbox before it has heard from the server: the same document everywhere, with clocks at the epoch.
 * Two devices that create it offline create one document, and where a server copy differs (renamed, recoloured on
 * another device) the server's fields win the base-less merge ([M6]): the local copy is older in every field.
 */
export const LOCAL_INBOX: TaskList = {
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

/** [CM4] Inserts the Inbox when this database has none (insert-if-missing; another tab inserting it too is fine). */
export async function ensureInbox(lists: TaskListCollection): Promise<void> {
  const [existing] = await lists.storageInstance.findDocumentsById([INBOX_LIST_ID], true);
  if (existing) return;
  const { _deleted, ...insertable } = LOCAL_INBOX;
  try {
    await lists.insert(insertable as TaskList);
  } catch (error) {
    const [inserted] = await lists.storageInstance.findDocumentsById([INBOX_LIST_ID], true);
    if (!inserted) throw error;
  }
}
