import type { RxCollection } from 'rxdb/plugins/core';
import type { Task } from '@tasklane/shared/domain/task';
import type { TaskList } from '@tasklane/shared/domain/task-list';
import type { ExportedList, ExportedTask } from '@tasklane/shared/export/export-document';
import { exportDocumentText } from '@tasklane/shared/export/export-text';
import { taskCsvText } from '@tasklane/shared/export/task-csv';
import { storedDocuments } from '../../db/stored-tasks';
import { toTaskList } from '../../db/to-task-list';
import { toTask } from '../../db/to-task';

export type ExportSource = { tasks: RxCollection<Task>; lists: RxCollection<TaskList> };

async function liveDocuments(source: ExportSource): Promise<{ lists: ExportedList[]; tasks: ExportedTask[] }> {
  const [lists, tasks] = await Promise.all([storedDocuments(source.lists), storedDocuments(source.tasks)]);
  return {
    lists: lists.map((list) => toTaskList(list) as ExportedList),
    tasks: tasks.map((task) => toTask(task) as ExportedTask),
  };
}

async function collect(parts: AsyncIterable<string>): Promise<string[]> {
  const collected: string[] = [];
  for await (const part of parts) collected.push(part);
  return collected;
}

/** `2026-05-04`, the device's day, for the file name. */
function fileDay(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export type ExportFile = { name: string; type: string; parts: string[]; counts: { lists: number; tasks: number } };

/**
 * [ED10] The whole local database as the JSON export document of [EX1]/[LR13] (lists first, then tasks, every field
 * as stored, no tombstones), built by the shared writer from what this device holds — so it works offline and
 * includes edits not yet synced. Re-importable, here or over REST.
 */
export async function jsonExport(source: ExportSource, now: Date = new Date()): Promise<ExportFile> {
  const { lists, tasks } = await liveDocuments(source);
  const parts = await collect(exportDocumentText({ exportedAt: now.toISOString(), lists, tasks }));
  return {
    name: `tasklane-export-${fileDay(now)}.json`,
    type: 'application/json',
    parts,
    counts: { lists: lists.length, tasks: tasks.length },
  };
}

/** [ED10] The local tasks as the CSV of [EX2] (for spreadsheets; not re-importable). */
export async function csvExport(source: ExportSource, now: Date = new Date()): Promise<ExportFile> {
  const { lists, tasks } = await liveDocuments(source);
  const parts = await collect(taskCsvText(tasks));
  return {
    name: `tasklane-tasks-${fileDay(now)}.csv`,
    type: 'text/csv;charset=utf-8',
    parts,
    counts: { lists: lists.length, tasks: tasks.length },
  };
}

/** Saves a file through a Blob and a temporary download link (no network, so offline too). */
export function download(file: ExportFile): void {
  const url = URL.createObjectURL(new Blob(file.parts, { type: file.type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // the browser has taken the Blob once the click's navigation started
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
