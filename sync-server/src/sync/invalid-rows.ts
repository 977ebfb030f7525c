import { z } from 'zod';
import { documentIdSchema } from '@tasklane/shared/domain/document-id-schema';
import type { Task } from '@tasklane/shared/domain/task';
import type { TaskList } from '@tasklane/shared/domain/task-list';
import { taskListSchema } from '@tasklane/shared/domain/task-list-schema';
import { taskSchema } from '@tasklane/shared/domain/task-schema';
import { REPLICATED_COLLECTIONS } from '@tasklane/shared/protocol/collections';
import { PROTOCOL_LIMITS } from '@tasklane/shared/protocol/limits';
import { listPushRowSchema, pushRowSchema, type ListPushRow, type PushRow, type RefusedRow } from '@tasklane/shared/protocol/push';

const MAX_REPORTED_ISSUES = 3;
const MAX_ISSUE_CHARACTERS = 140;

/** The id of a pushed document, read without copying anything else of it; `undefined` when it has no valid one. */
function idOf(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || !Object.hasOwn(value, 'id')) return undefined;
  const id = (value as { id: unknown }).id;
  return documentIdSchema.safeParse(id).success ? (id as string) : undefined;
}

/** A document as the envelope sees it: any object with a valid id, passed on untouched for the row's own check. */
const documentHeadSchema = z.custom<{ id: string }>((value) => idOf(value) !== undefined, {
  message: 'must be a document with a valid "id" (1–64 characters of A–Z, a–z, 0–9, _ and -)',
});

const rowHeadSchema = z.strictObject({ newDocumentState: documentHeadSchema, assumedMasterState: documentHeadSchema.optional() });

/**
 * An unknown key is the sender's text, so no message names it — also where a union's message (`due`, a reminder)
 * quotes the reason of the branch it meant, which the top-level issue code does not show.
 */
const unknownKeysUnnamed = (issue: { code?: string }) => (issue.code === 'unrecognized_keys' ? 'unknown field' : undefined);

/** Why a row is not a valid row, in at most 500 characters ([RJ1]'s bound of `message`). */
function describeIssues(error: z.ZodError, pathPrefix: string[] = []): string {
  const issues = error.issues.slice(0, MAX_REPORTED_ISSUES).map((issue) => {
    const path = [...pathPrefix, ...issue.path.map(String)];
    const where = path.length > 0 ? path.join('.') : '(root)';
    const text = `${where}: ${issue.message}`;
    return text.length > MAX_ISSUE_CHARACTERS ? `${text.slice(0, MAX_ISSUE_CHARACTERS - 1)}…` : text;
  });
  const more = error.issues.length > MAX_REPORTED_ISSUES ? ` (and ${error.issues.length - MAX_REPORTED_ISSUES} more)` : '';
  return `not a valid document for this server: ${issues.join('; ')}${more}`;
}

/** The rows of a push split into the valid ones and the refusals of the others ([RJ9]). */
export type ScreenedPush<C extends 'tasks' | 'lists', R> = { collection: C; rows: R[]; invalid: RefusedRow[] };

function pushEnvelopeSchemaOf<C extends 'tasks' | 'lists', D, R extends { newDocumentState: D }>(
  collection: z.ZodType<C>,
  rowSchema: z.ZodType<R>,
  documentSchema: z.ZodType<D>,
) {
  return z
    .strictObject({ collection, rows: z.array(rowHeadSchema).min(1).max(PROTOCOL_LIMITS.pushMaxRows) })
    .refine((request) => request.rows.every((row) => !row.assumedMasterState || row.assumedMasterState.id === row.newDocumentState.id), {
      message: 'assumedMasterState.id must equal newDocumentState.id',
    })
    .refine((request) => new Set(request.rows.map((row) => row.newDocumentState.id)).size === request.rows.length, {
      message: 'a push may hold each document id only once',
    })
    .transform((request): ScreenedPush<C, R> => {
      const screened: ScreenedPush<C, R> = { collection: request.collection, rows: [], invalid: [] };
      for (const row of request.rows) {
        const parsed = rowSchema.safeParse(row, { error: unknownKeysUnnamed });
        if (parsed.success) {
          screened.rows.push(parsed.data);
          continue;
        }
        // The reason is the new document's own: under [RJ10] the base's faults never matter to the sender.
        const next = documentSchema.safeParse(row.newDocumentState, { error: unknownKeysUnnamed });
        if (!next.success) {
          const message = describeIssues(next.error, ['newDocumentState']);
          screened.invalid.push({ id: row.newDocumentState.id, code: 'INVALID_MESSAGE', message });
        } else if (row.assumedMasterState) {
          // [RJ10] A base that is no valid document never matches: the row is decided as if it had none ([W1], [W4]).
          screened.rows.push({ newDocumentState: next.data } as R);
        } else {
          screened.invalid.push({ id: row.newDocumentState.id, code: 'INVALID_MESSAGE', message: describeIssues(parsed.error) });
        }
      }
      return screened;
    });
}

/**
 * [RJ9] A push of tasks checked as an envelope (its shape, 1–500 rows, each an object with a valid id, the ids distinct
 * and matching), each row then against the task schema on its own: a row that fails is refused with `INVALID_MESSAGE`
 * and the others are decided as ever, so one bad document cannot hold back every other row of a device.
 */
export const taskPushEnvelopeSchema = pushEnvelopeSchemaOf<'tasks', Task, PushRow>(
  z.literal('tasks', { error: `must be one of ${REPLICATED_COLLECTIONS.join(', ')}` }).default('tasks'),
  pushRowSchema,
  taskSchema,
);

/** [RJ9] The same for a push of lists. */
export const listPushEnvelopeSchema = pushEnvelopeSchemaOf<'lists', TaskList, ListPushRow>(
  z.literal('lists'),
  listPushRowSchema,
  taskListSchema,
);
