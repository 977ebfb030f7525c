import { map, type Observable } from 'rxjs';
import { compareOrdered } from '@tasklane/shared/domain/order-key';
import { INBOX_LIST_ID, type TaskList } from '@tasklane/shared/domain/task-list';
import type { TaskListCollection } from './create-task-db';
import { toTaskList } from './to-task-list';

/** The Inbox first, then the others by their manual order ([DM17]). */
export function byListOrder(a: TaskList, b: TaskList): number {
  if (a.id === INBOX_LIST_ID || b.id === INBOX_LIST_ID) return a.id === INBOX_LIST_ID ? (b.id === INBOX_LIST_ID ? 0 : -1) : 1;
  return compareOrdered(a, b);
}

/** [CM9] Every list that is not deleted (archived ones included), live, in the order the app shows them. A few dozen documents: RxDB's live query suffices. */
export function liveLists(collection: TaskListCollection): Observable<TaskList[]> {
  return collection.find().$.pipe(map((docs) => docs.map((doc) => toTaskList(doc.toJSON() as TaskList)).sort(byListOrder)));
}
