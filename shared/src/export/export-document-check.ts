import type { ParseResult } from '../domain/parse-result';
import { checkDeleted, checkIsoDateTime, checkSeq, checkTask, TASK_FIELD_CHECKS } from '../domain/task-check';
import { checkTaskList } from '../domain/task-list-check';
import { upgradeTask, type TaskV1 } from '../domain/task-upgrade';
import { checkArray, checkNullable, checkObject, isRecord, Problems, type Path } from '../domain/value-check';
import type { ExportDocument, ExportedList, ExportedTask } from './export-document';
import {
  EXPORT_FORMAT,
  EXPORT_FORMAT_MESSAGE,
  EXPORT_VERSION,
  exportVersionMessage,
  READABLE_EXPORT_VERSIONS,
  repeatedIds,
  upgradeExportDocument,
  withLaterTaskFields,
  type ExportCollection,
  type ExportDocumentV1,
} from './export-format';

/*
 * [ZF3] The import's rules (`export-document.ts`) without zod, for the PWA's offline import ([ED11]): the same header,
 * documents and rows, the same paths in every reason; `export-document-check.test.ts` proves that both accept
 * exactly the same files.
 */

export type ExportHeader = { format: typeof EXPORT_FORMAT; version: (typeof READABLE_EXPORT_VERSIONS)[number] };

function checkHeader(input: unknown, problems: Problems): input is ExportHeader & Record<string, unknown> {
  if (!isRecord(input)) {
    problems.add([], `must be an object, not ${Array.isArray(input) ? 'array' : input === null ? 'null' : typeof input}`);
    return false;
  }
  return problems.clean(() => {
    if (input.format !== EXPORT_FORMAT) problems.add(['format'], EXPORT_FORMAT_MESSAGE);
    if (!(READABLE_EXPORT_VERSIONS as readonly unknown[]).includes(input.version))
      problems.add(['version'], exportVersionMessage(input.version));
  });
}

/** `exportHeaderSchema` without zod: what the file says it is ([EX4]). */
export function checkedExportHeader(input: unknown): ParseResult<ExportHeader> {
  const problems = new Problems();
  return checkHeader(input, problems)
    ? { ok: true, value: { format: input.format, version: input.version } }
    : { ok: false, reasons: problems.reasons };
}

const V1_TASK_FIELDS = ['id', 'title', 'description', 'status', 'priority', 'tags', 'createdAt', 'updatedAt', 'completedAt'] as const;
const V1_TASK_KEYS = [...V1_TASK_FIELDS, 'seq', 'dueAt', '_deleted'];

/** A task of a version-1 file: the version-1 document with `dueAt`, never deleted (`exportedTaskV1Schema`). */
function checkTaskV1(value: unknown, path: Path, problems: Problems): value is TaskV1 {
  if (!isRecord(value)) return checkObject(value, V1_TASK_KEYS, path, problems);
  return problems.clean(() => {
    checkObject(value, V1_TASK_KEYS, path, problems);
    for (const field of V1_TASK_FIELDS) TASK_FIELD_CHECKS[field](value[field], [...path, field], problems);
    checkSeq(value.seq, [...path, 'seq'], problems, false);
    checkNullable(value.dueAt, () => checkIsoDateTime(value.dueAt, [...path, 'dueAt'], problems));
    checkDeleted(value._deleted, [...path, '_deleted'], problems, true, 'tasks');
  });
}

function checkRows(value: unknown, collection: ExportCollection, problems: Problems, row: (item: unknown, path: Path) => boolean): boolean {
  if (!checkArray(value, [collection], problems, Infinity, row)) return false;
  const repeated = repeatedIds(value as { id: string }[]);
  for (const { index, message } of repeated) problems.add([collection, index, 'id'], message);
  return repeated.length === 0;
}

/** [ZF3] `parseExportDocument` without zod: the header first, then the document of its version, a version-1 one upgraded. */
export function checkedExportDocument(input: unknown): ParseResult<ExportDocument> {
  const problems = new Problems();
  if (!checkHeader(input, problems)) return { ok: false, reasons: problems.reasons };
  const version2 = input.version === EXPORT_VERSION;
  const tasks = version2 && Array.isArray(input.tasks) ? input.tasks.map(withLaterTaskFields) : input.tasks;
  const valid = problems.clean(() => {
    checkObject(
      input,
      version2 ? ['format', 'version', 'exportedAt', 'lists', 'tasks'] : ['format', 'version', 'exportedAt', 'tasks'],
      [],
      problems,
    );
    checkIsoDateTime(input.exportedAt, ['exportedAt'], problems);
    if (version2) {
      checkRows(input.lists, 'lists', problems, (item, path) => checkTaskList(item, path, problems, 'exported'));
      checkRows(tasks, 'tasks', problems, (item, path) => checkTask(item, path, problems, 'exported'));
    } else {
      checkRows(input.tasks, 'tasks', problems, (item, path) => checkTaskV1(item, path, problems));
    }
  });
  if (!valid) return { ok: false, reasons: problems.reasons };
  return {
    ok: true,
    value: version2 ? ({ ...input, tasks } as unknown as ExportDocument) : upgradeExportDocument(input as unknown as ExportDocumentV1),
  };
}

function rowResult<T>(check: (item: unknown, path: Path, problems: Problems) => boolean, item: unknown): ParseResult<T> {
  const problems = new Problems();
  return check(item, [], problems) ? { ok: true, value: item as T } : { ok: false, reasons: problems.reasons };
}

/** One row of a version-2 file's `lists`, checked alone (the import keeps the valid rows of a file with refused ones). */
export const checkedExportedList = (item: unknown): ParseResult<ExportedList> =>
  rowResult((value, path, problems) => checkTaskList(value, path, problems, 'exported'), item);

/** One row of a version-2 file's `tasks`, checked alone. */
export const checkedExportedTask = (item: unknown): ParseResult<ExportedTask> =>
  rowResult((value, path, problems) => checkTask(value, path, problems, 'exported'), withLaterTaskFields(item));

/** One row of a version-1 file's `tasks`, checked alone and upgraded ([DM19]). */
export function checkedExportedTaskV1(item: unknown): ParseResult<ExportedTask> {
  const row = rowResult<TaskV1>(checkTaskV1, item);
  return row.ok ? { ok: true, value: { ...upgradeTask(row.value), _deleted: false } } : row;
}
