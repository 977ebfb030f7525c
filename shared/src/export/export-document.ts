import { z } from 'zod';
import { isoDateTimeSchema } from '../domain/iso-timestamp-schema';
import type { ParseResult } from '../domain/parse-result';
import { parseWithReasons } from '../domain/parse-result';
import { checkTaskFields, taskObjectSchema } from '../domain/task-schema';
import { taskListSchema } from '../domain/task-list-schema';
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
} from './export-format';

const notDeleted = (what: string) => z.literal(false, { error: `an export holds no deleted ${what}` });

/** An exported task: every field as stored, `seq` included (the importer ignores it); never a tombstone ([EX1]). */
export const exportedTaskSchema = z.preprocess(
  withLaterTaskFields,
  taskObjectSchema.extend({ _deleted: notDeleted('tasks') }).superRefine(checkTaskFields),
);
export type ExportedTask = z.infer<typeof exportedTaskSchema>;

/** An exported list ([LR13]): every field as stored, `seq` included (ignored on import); never a tombstone. */
export const exportedListSchema = taskListSchema.safeExtend({ _deleted: notDeleted('lists') });
export type ExportedList = z.infer<typeof exportedListSchema>;

/** A task of a version-1 file: the task document of protocol version 1, with `dueAt` and none of the version-2 fields. */
export const exportedTaskV1Schema = taskObjectSchema
  .pick({
    id: true,
    title: true,
    description: true,
    status: true,
    priority: true,
    tags: true,
    createdAt: true,
    updatedAt: true,
    completedAt: true,
    seq: true,
  })
  .extend({ dueAt: isoDateTimeSchema.nullable(), _deleted: notDeleted('tasks') });

/**
 * The fields that say what a document is, checked before anything else so that a file of another kind or of
 * another version is refused with that reason, not with a list of fields it does not have ([EX4]).
 */
export const exportHeaderSchema = z.object({
  format: z.literal(EXPORT_FORMAT, { error: EXPORT_FORMAT_MESSAGE }),
  version: z.literal(READABLE_EXPORT_VERSIONS, { error: (issue) => exportVersionMessage(issue.input) }),
});

function refuseRepeatedIds(documents: readonly { id: string }[], collection: ExportCollection, context: z.RefinementCtx): void {
  for (const { index, message } of repeatedIds(documents)) context.addIssue({ code: 'custom', path: [collection, index, 'id'], message });
}

/** [LR13] The export document of version 2, as `GET /api/export` writes it: lists, then tasks. */
export const exportDocumentSchema = z
  .strictObject({
    format: exportHeaderSchema.shape.format,
    version: z.literal(EXPORT_VERSION),
    exportedAt: isoDateTimeSchema,
    lists: z.array(exportedListSchema),
    tasks: z.array(exportedTaskSchema),
  })
  .superRefine((document, context) => {
    refuseRepeatedIds(document.lists, 'lists', context);
    refuseRepeatedIds(document.tasks, 'tasks', context);
  });
export type ExportDocument = z.infer<typeof exportDocumentSchema>;

/** A file of version 1 (before lists): tasks with `dueAt`. Still importable ([LR13]). */
export const exportDocumentV1Schema = z
  .strictObject({
    format: exportHeaderSchema.shape.format,
    version: z.literal(1),
    exportedAt: isoDateTimeSchema,
    tasks: z.array(exportedTaskV1Schema),
  })
  .superRefine((document, context) => refuseRepeatedIds(document.tasks, 'tasks', context));

/** What `POST /api/import` accepts: a document of either version (described for OpenAPI; parse with `parseImportDocument`). */
export const importDocumentSchema = z.union([exportDocumentSchema, exportDocumentV1Schema]);

/**
 * Parses an import (the server's `POST /api/import`; the PWA's offline import runs the same rules without zod,
 * `export-document-check.ts`): the header first, then the document of its version, a version-1 one upgraded. Every
 * reason is `path: message`, the header's first.
 */
export function parseExportDocument(input: unknown): ParseResult<ExportDocument> {
  const header = parseWithReasons(exportHeaderSchema, input);
  if (!header.ok) return header;
  if (header.value.version === EXPORT_VERSION) return parseWithReasons(exportDocumentSchema, input);
  const v1 = parseWithReasons(exportDocumentV1Schema, input);
  return v1.ok ? { ok: true, value: upgradeExportDocument(v1.value) } : v1;
}
