import type { RxCollection } from 'rxdb/plugins/core';
import type { ParseResult } from '@tasklane/shared/domain/parse-result';
import type { Task } from '@tasklane/shared/domain/task';
import type { TaskList } from '@tasklane/shared/domain/task-list';
import {
  checkedExportDocument,
  checkedExportedList,
  checkedExportedTask,
  checkedExportedTaskV1,
  checkedExportHeader,
} from '@tasklane/shared/export/export-document-check';
import { EXPORT_VERSION } from '@tasklane/shared/export/export-format';
import { mergeList, sameListContent } from '@tasklane/shared/sync/merge-list';
import { mergeTask, sameTaskContent } from '@tasklane/shared/sync/merge-task';
import { toTaskList } from '../../db/to-task-list';
import { toTask } from '../../db/to-task';
import { listWithSafeText, taskWithSafeText } from '../sync-problems/safe-text';

/** Where an import writes: the local collections (replication carries the writes to the server like any edit). */
export type ImportTarget = { tasks: RxCollection<Task>; lists: RxCollection<TaskList> };

export type ImportCounts = { created: number; updated: number; unchanged: number };
export type RefusedRow = { path: string; reasons: string[] };
export type ImportReport = { ok: true; lists: ImportCounts; tasks: ImportCounts; refused: RefusedRow[] } | { ok: false; reasons: string[] };

type Rows = { lists: TaskList[]; tasks: Task[]; refused: RefusedRow[]; exportedAt: string };

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * The rows of a file: the whole document through the shared check (the server's rules without zod, [ZF3]); when it
 * refuses rows, each row on its own, so the valid ones still import and each refused one is reported with its reasons.
 * A file that is not an export of a version this app reads is refused whole.
 */
function rowsOf(input: unknown): Rows | { reasons: string[] } {
  const whole = checkedExportDocument(input);
  if (whole.ok) return { lists: whole.value.lists, tasks: whole.value.tasks, refused: [], exportedAt: whole.value.exportedAt };
  const header = checkedExportHeader(input);
  if (!header.ok || !isRecord(input)) return { reasons: header.ok ? whole.reasons : header.reasons };
  const exportedAt = typeof input.exportedAt === 'string' && !Number.isNaN(Date.parse(input.exportedAt)) ? input.exportedAt : null;
  if (exportedAt === null || !Array.isArray(input.tasks) || (header.value.version === EXPORT_VERSION && !Array.isArray(input.lists))) {
    return { reasons: whole.reasons };
  }
  const rows: Rows = { lists: [], tasks: [], refused: [], exportedAt };
  const take = <T extends { id: string }>(
    collection: 'lists' | 'tasks',
    items: unknown[],
    parse: (item: unknown) => ParseResult<T>,
    into: T[],
  ) => {
    const seen = new Set<string>();
    items.forEach((item, index) => {
      const parsed = parse(item);
      if (!parsed.ok) rows.refused.push({ path: `${collection}.${index}`, reasons: parsed.reasons });
      else if (seen.has(parsed.value.id))
        rows.refused.push({ path: `${collection}.${index}`, reasons: [`id "${parsed.value.id}" appears more than once`] });
      else {
        seen.add(parsed.value.id);
        into.push(parsed.value);
      }
    });
  };
  if (header.value.version === EXPORT_VERSION) {
    take('lists', input.lists as unknown[], checkedExportedList, rows.lists);
    take('tasks', input.tasks, checkedExportedTask, rows.tasks);
  } else {
    take('tasks', input.tasks, checkedExportedTaskV1, rows.tasks);
  }
  return rows;
}

/** No imported time lies after the file was written, nor after now: a far-future `updatedAt` would win every merge ([EX11]). */
function heldToFileTime<T extends { createdAt: string; updatedAt: string; completedAt?: string | null }>(document: T, latest: string): T {
  const held = { ...document };
  const limit = Date.parse(latest);
  if (Date.parse(held.createdAt) > limit) held.createdAt = latest;
  if (Date.parse(held.updatedAt) > limit) held.updatedAt = latest;
  if (held.completedAt && Date.parse(held.completedAt) > limit) held.completedAt = latest;
  return held;
}

function withoutServerFields<T extends { seq?: number; _deleted: boolean }>(document: T): Omit<T, 'seq' | '_deleted'> {
  const { seq: _seq, _deleted, ...rest } = document;
  return rest;
}

async function importInto<T extends { id: string; seq?: number; _deleted: boolean }>(
  collection: RxCollection<T>,
  documents: readonly T[],
  plain: (stored: T) => T,
  merge: (imported: T, stored: T) => T,
  same: (a: T, b: T) => boolean,
): Promise<ImportCounts> {
  const counts: ImportCounts = { created: 0, updated: 0, unchanged: 0 };
  const stored = await collection.storageInstance.findDocumentsById(
    documents.map((document) => document.id),
    true,
  );
  const byId = new Map(stored.map((document) => [document.id, document as unknown as T]));
  const inserts: T[] = [];
  for (const imported of documents) {
    const existing = byId.get(imported.id);
    if (!existing) {
      inserts.push(withoutServerFields(imported) as T);
      counts.created += 1;
      continue;
    }
    // a document deleted on this account stays deleted: an import never brings one back ([EX11])
    if (existing._deleted) {
      counts.unchanged += 1;
      continue;
    }
    const current = plain(existing);
    const merged = merge(imported, current);
    if (same(merged, current)) {
      counts.unchanged += 1;
      continue;
    }
    const doc = await collection.findOne(imported.id).exec();
    await doc?.incrementalModify((data) => ({ ...data, ...withoutServerFields(merge(imported, plain(data as T))) }));
    counts.updated += 1;
  }
  for (let start = 0; start < inserts.length; start += 500) await collection.bulkInsert(inserts.slice(start, start + 500));
  return counts;
}

/**
 * [ED11] Imports an export file into this device's database, offline: lists first, then tasks; a new id is inserted,
 * an id the device holds is merged with it as replication merges a conflict without a base ([M6], [DM21]: each
 * field to the later edit, the recurrence fields and checklist joined) and written only when that changes it; a
 * deleted document stays deleted. So importing a file twice changes nothing the second time. Texts lose the characters the
 * server refuses ([UC10]), as typing drops them, so an imported row is never refused for them. The report counts
 * created, updated and unchanged documents per collection, and names each refused row with its reasons.
 */
export async function importExportText(text: string, target: ImportTarget, now: Date = new Date()): Promise<ImportReport> {
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch {
    return { ok: false, reasons: ['The file is not JSON: choose a Tasklane export (.json).'] };
  }
  const rows = rowsOf(input);
  if ('reasons' in rows) return { ok: false, reasons: rows.reasons };
  const latest = Date.parse(rows.exportedAt) < now.getTime() ? new Date(rows.exportedAt).toISOString() : now.toISOString();
  const lists = await importInto(
    target.lists,
    rows.lists.map((list) => listWithSafeText(heldToFileTime(list, latest))),
    toTaskList,
    (imported, stored) => mergeList({ local: imported, master: stored, base: undefined }),
    sameListContent,
  );
  const tasks = await importInto(
    target.tasks,
    rows.tasks.map((task) => taskWithSafeText(heldToFileTime(task, latest))),
    toTask,
    (imported, stored) => mergeTask({ local: imported, master: stored, base: undefined }).merged,
    sameTaskContent,
  );
  return { ok: true, lists, tasks, refused: rows.refused };
}
