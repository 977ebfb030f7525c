import type { Task } from '../domain/task';
import { csvRecord } from './csv-cell';

/** The columns of the CSV export, in order ([EX2]); the header row names them so. */
export const TASK_CSV_COLUMNS = [
  'id',
  'title',
  'description',
  'status',
  'priority',
  'dueAt',
  'tags',
  'createdAt',
  'updatedAt',
  'completedAt',
] as const;

/** Separates tags within their one cell. A tag may itself contain it: the CSV is for reading, the JSON export for re-importing. */
export const TASK_CSV_TAG_SEPARATOR = ', ';

/** A UTF-8 byte order mark: without it Excel opens a UTF-8 CSV in the system's legacy code page and garbles every non-ASCII title. */
export const CSV_BYTE_ORDER_MARK = '\uFEFF';

function cellOf(task: Task, column: (typeof TASK_CSV_COLUMNS)[number]): string {
  if (column === 'tags') return task.tags.join(TASK_CSV_TAG_SEPARATOR);
  return task[column] ?? '';
}

export function taskCsvRecord(task: Task): string {
  return csvRecord(TASK_CSV_COLUMNS.map((column) => cellOf(task, column)));
}

/** The CSV export of `tasks` ([EX2]), one piece per task (header first), so any number of tasks streams. */
export async function* taskCsvText(tasks: AsyncIterable<Task> | Iterable<Task>): AsyncGenerator<string> {
  yield CSV_BYTE_ORDER_MARK + csvRecord(TASK_CSV_COLUMNS);
  for await (const task of tasks) yield taskCsvRecord(task);
}
