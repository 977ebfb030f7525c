import { DEFAULT_INBOX, INBOX_LIST_ID, type TaskList } from '@tasklane/shared/domain/task-list';
import type { TaskListCollection } from './create-task-db';

/** [CM4] Inserts the Inbox when this database has none (insert-if-missing; another tab inserting it too is fine). */
export async function ensureInbox(lists: TaskListCollection): Promise<void> {
  const [existing] = await lists.storageInstance.findDocumentsById([INBOX_LIST_ID], true);
  if (existing) return;
  const { _deleted, ...insertable } = DEFAULT_INBOX;
  try {
    await lists.insert(insertable as TaskList);
  } catch (error) {
    const [inserted] = await lists.storageInstance.findDocumentsById([INBOX_LIST_ID], true);
    if (!inserted) throw error;
  }
}
