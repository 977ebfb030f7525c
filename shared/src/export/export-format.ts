import type { z } from 'zod';
import { upgradeTask, type TaskV1 } from '../domain/task-upgrade';
import type { exportDocumentV1Schema, ExportDocument, ExportedTask } from './export-document';

/** What `GET /api/export` writes and `POST /api/import` reads (docs/protocol.md [EX1], [EX4]). */
export const EXPORT_FORMAT = 'tasklane-export';
/** The version an export is written in: 2, the data model of docs/data-model-v2.md, with lists ([LR13]). */
export const EXPORT_VERSION = 2;
/** The versions an import reads: version-1 files (tasks only, protocol version 1) are upgraded as they are read ([DM19]). */
export const READABLE_EXPORT_VERSIONS = [1, 2] as const;

/**
 * The collections of an export, in the order they are written ([LR13]): lists first, so that an import creates a
 * task's list before the task.
 */
export const EXPORT_COLLECTIONS = ['lists', 'tasks'] as const;
export type ExportCollection = (typeof EXPORT_COLLECTIONS)[number];

/** What a refusal of the header says ([EX4]): a file of another kind, or of a version this Tasklane does not read. */
export const EXPORT_FORMAT_MESSAGE = `not a Tasklane export: "format" must be "${EXPORT_FORMAT}"`;

export function exportVersionMessage(version: unknown): string {
  const readable = READABLE_EXPORT_VERSIONS.join(' and ');
  return typeof version === 'number' && Number.isInteger(version) && version > EXPORT_VERSION
    ? `export version ${version} was written by a newer Tasklane; this one reads versions ${readable}`
    : `unsupported export version; this Tasklane reads versions ${readable}`;
}

/** Each id at most once per collection: an import would otherwise depend on the order of its own rows. */
export function repeatedIds(documents: readonly { id: string }[]): { index: number; message: string }[] {
  const seen = new Set<string>();
  const repeated: { index: number; message: string }[] = [];
  documents.forEach((document, index) => {
    if (seen.has(document.id)) repeated.push({ index, message: `id "${document.id}" appears more than once` });
    seen.add(document.id);
  });
  return repeated;
}

export type ExportDocumentV1 = z.infer<typeof exportDocumentV1Schema>;

/**
 * [RM6] [AS2] [IN2] A task of a version-2 file written before reminders (protocol 2) has none, and one written before
 * protocol 4 is assigned to nobody and logs no completions: it reads as `reminders: []`, `assignee: null` and
 * `completions: []`, as the server reads
 * such a stored task. The file's version stays 2: the fields are additions old files simply lack.
 */
export function withLaterTaskFields(input: unknown): unknown {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return input;
  if ('reminders' in input && 'assignee' in input && 'completions' in input) return input;
  return {
    ...input,
    reminders: 'reminders' in input ? input.reminders : [],
    assignee: 'assignee' in input ? input.assignee : null,
    completions: 'completions' in input ? input.completions : [],
  };
}

/** [DM19] [LR13] A version-1 file as version 2: no lists, every task upgraded as the server upgrades a stored one. */
export function upgradeExportDocument(document: ExportDocumentV1): ExportDocument {
  const tasks = document.tasks.map((task): ExportedTask => ({ ...upgradeTask<TaskV1>(task), _deleted: false }));
  return { format: document.format, version: EXPORT_VERSION, exportedAt: document.exportedAt, lists: [], tasks };
}
