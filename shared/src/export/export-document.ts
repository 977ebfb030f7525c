import { z } from 'zod';
import { isoDateTimeSchema } from '../domain/iso-timestamp';
import type { ParseResult } from '../domain/parse-result';
import { parseWithReasons } from '../domain/parse-result';
import { taskSchema } from '../domain/task';

/** What `GET /api/export` writes and `POST /api/import` reads (docs/protocol.md [EX1], [EX4]). */
export const EXPORT_FORMAT = 'tasklane-export';
export const EXPORT_VERSION = 1;

/**
 * The collections of an export, in the order they are written. Lists will join tasks here (docs/data-model-v2.md):
 * a new key of the document, counted and imported like tasks.
 */
export const EXPORT_COLLECTIONS = ['tasks'] as const;
export type ExportCollection = (typeof EXPORT_COLLECTIONS)[number];

/** An exported task: every field as stored, `seq` included (the importer ignores it); never a tombstone ([EX1]). */
export const exportedTaskSchema = taskSchema.extend({
  _deleted: z.literal(false, { error: 'an export holds no deleted tasks' }),
});
export type ExportedTask = z.infer<typeof exportedTaskSchema>;

/**
 * The fields that say what a document is, checked before anything else so that a file of another kind or of
 * another version is refused with that reason, not with a list of fields it does not have ([EX4]).
 */
export const exportHeaderSchema = z.object({
  format: z.literal(EXPORT_FORMAT, { error: `not a Tasklane export: "format" must be "${EXPORT_FORMAT}"` }),
  version: z.literal(EXPORT_VERSION, {
    error: (issue) =>
      typeof issue.input === 'number' && Number.isInteger(issue.input) && issue.input > EXPORT_VERSION
        ? `export version ${issue.input} was written by a newer Tasklane; this one reads version ${EXPORT_VERSION}`
        : `unsupported export version; this Tasklane reads version ${EXPORT_VERSION}`,
  }),
});

/** Each id at most once per collection: an import would otherwise depend on the order of its own rows. */
function refuseRepeatedIds(documents: readonly { id: string }[], collection: ExportCollection, context: z.RefinementCtx): void {
  const seen = new Set<string>();
  documents.forEach((document, index) => {
    if (seen.has(document.id)) {
      context.addIssue({ code: 'custom', path: [collection, index, 'id'], message: `id "${document.id}" appears more than once` });
    }
    seen.add(document.id);
  });
}

export const exportDocumentSchema = z
  .strictObject({
    format: exportHeaderSchema.shape.format,
    version: exportHeaderSchema.shape.version,
    exportedAt: isoDateTimeSchema,
    tasks: z.array(exportedTaskSchema),
  })
  .superRefine((document, context) => refuseRepeatedIds(document.tasks, 'tasks', context));
export type ExportDocument = z.infer<typeof exportDocumentSchema>;

/** Parses an export file (the PWA's offline import); every reason is `path: message`, the header's first. */
export function parseExportDocument(input: unknown): ParseResult<ExportDocument> {
  const header = parseWithReasons(exportHeaderSchema, input);
  if (!header.ok) return header;
  return parseWithReasons(exportDocumentSchema, input);
}
