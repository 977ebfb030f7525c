import type { Task } from '../domain/task';
import { INBOX_LIST_ID, type TaskList } from '../domain/task-list';
import { visibleItems } from '../domain/checklist';
import { isTimedDue } from '../domain/due';
import { csvRecord } from './csv-cell';

/** The columns of the CSV export, in order ([EX2]); the header row names them so. */
export const TASK_CSV_COLUMNS = [
  'id',
  'title',
  'description',
  'status',
  'priority',
  'listId',
  'list',
  'due',
  'dueTimeZone',
  'tags',
  'checklist',
  'createdAt',
  'updatedAt',
  'completedAt',
] as const;

/** Separates tags within their one cell. A tag may itself contain it: the CSV is for reading, the JSON export for re-importing. */
export const TASK_CSV_TAG_SEPARATOR = ', ';

/** A UTF-8 byte order mark: without it Excel opens a UTF-8 CSV in the system's legacy code page and garbles every non-ASCII title. */
export const CSV_BYTE_ORDER_MARK = '\uFEFF';

/** Checklist items in their order, ticked ones marked: `[x] Eggs; [ ] Milk`. */
export const TASK_CSV_CHECKLIST_SEPARATOR = '; ';

/** The name of every list by id; a task whose list is not among them shows in the Inbox, as in the app. */
export type ListNames = ReadonlyMap<string, string>;

/** [LR14] The names of `lists` by id, the Inbox's default name included. */
export function listNamesOf(lists: Iterable<Pick<TaskList, 'id' | 'name'>>): ListNames {
  const names = new Map([[INBOX_LIST_ID, 'Inbox']]);
  for (const list of lists) names.set(list.id, list.name);
  return names;
}

function cellOf(task: Task, column: (typeof TASK_CSV_COLUMNS)[number], lists: ListNames): string {
  switch (column) {
    case 'list':
      return lists.get(task.listId) ?? lists.get(INBOX_LIST_ID) ?? '';
    case 'tags':
      return task.tags.join(TASK_CSV_TAG_SEPARATOR);
    case 'due':
      return task.due === null ? '' : isTimedDue(task.due) ? task.due.at : task.due.date;
    case 'dueTimeZone':
      return task.due !== null && isTimedDue(task.due) ? task.due.timeZone : '';
    case 'checklist':
      return visibleItems(task.checklist)
        .map((item) => `[${item.done ? 'x' : ' '}] ${item.text}`)
        .join(TASK_CSV_CHECKLIST_SEPARATOR);
    default:
      return task[column] ?? '';
  }
}

export function taskCsvRecord(task: Task, lists: ListNames = listNamesOf([])): string {
  return csvRecord(TASK_CSV_COLUMNS.map((column) => cellOf(task, column, lists)));
}

/**
 * The CSV export of `tasks` ([EX2]), one piece per task (header first), so any number of tasks streams; `lists` name
 * the `list` column ([LR14]).
 */
export async function* taskCsvText(
  tasks: AsyncIterable<Task> | Iterable<Task>,
  lists: ListNames = listNamesOf([]),
): AsyncGenerator<string> {
  yield CSV_BYTE_ORDER_MARK + csvRecord(TASK_CSV_COLUMNS);
  for await (const task of tasks) yield taskCsvRecord(task, lists);
}
