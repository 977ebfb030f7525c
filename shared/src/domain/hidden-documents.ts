import type { Task } from './task';
import type { TaskList } from './task-list';
import { newTask } from './task-defaults';

/** What a document a user may no longer see becomes on their devices ([SH5]): a tombstone that tells nothing of it. */
const NO_ACCESS = 'No access';

export function hiddenTask(id: string, at: string): Omit<Task, 'seq'> {
  return newTask({ id, title: NO_ACCESS, createdAt: at, updatedAt: at, _deleted: true });
}

export function hiddenList(id: string, at: string): Omit<TaskList, 'seq'> {
  return { id, name: NO_ACCESS, colour: 'grey', order: 'a0', archived: false, inbox: false, createdAt: at, updatedAt: at, _deleted: true };
}
