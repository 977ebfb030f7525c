import { z } from 'zod';
import { storedTaskSchema, taskSchema } from '../domain/task-schema';
import { storedTaskListSchema, taskListSchema } from '../domain/task-list-schema';
import { documentIdSchema } from '../domain/document-id-schema';
import { REPLICATED_COLLECTIONS } from './collections';
import { ERROR_CODES } from './error-codes';
import { PROTOCOL_LIMITS } from './limits';

function pushRowSchemaOf<D extends z.ZodType<{ id: string }>>(documentSchema: D) {
  return z.strictObject({ newDocumentState: documentSchema, assumedMasterState: documentSchema.optional() });
}

function pushRequestSchemaOf<R extends z.ZodType<{ newDocumentState: { id: string }; assumedMasterState?: { id: string } | undefined }>>(
  collection: z.ZodType<'tasks' | 'lists'>,
  rowSchema: R,
) {
  return z
    .strictObject({
      collection,
      rows: z.array(rowSchema).min(1).max(PROTOCOL_LIMITS.pushMaxRows),
    })
    .refine((request) => request.rows.every((row) => !row.assumedMasterState || row.assumedMasterState.id === row.newDocumentState.id), {
      message: 'assumedMasterState.id must equal newDocumentState.id',
    })
    .refine((request) => new Set(request.rows.map((row) => row.newDocumentState.id)).size === request.rows.length, {
      message: 'a push may hold each document id only once',
    });
}

export const pushRowSchema = pushRowSchemaOf(taskSchema);
export type PushRow = z.infer<typeof pushRowSchema>;

/** A push of tasks: `collection` is `tasks` or absent (protocol version 1 had no other). */
export const pushRequestSchema = pushRequestSchemaOf(
  z.literal('tasks', { error: `must be one of ${REPLICATED_COLLECTIONS.join(', ')}` }).default('tasks'),
  pushRowSchema,
);
export type PushRequest = z.infer<typeof pushRequestSchema>;

export const listPushRowSchema = pushRowSchemaOf(taskListSchema);
export type ListPushRow = z.infer<typeof listPushRowSchema>;

/** [DM22] A push of lists: the same rules as for tasks, with `collection: "lists"`. */
export const listPushRequestSchema = pushRequestSchemaOf(z.literal('lists'), listPushRowSchema);
export type ListPushRequest = z.infer<typeof listPushRequestSchema>;

/** The schema of a push, chosen by its `collection` (a push without one is of tasks). */
export function pushRequestSchemaFor(payload: unknown): typeof pushRequestSchema | typeof listPushRequestSchema {
  const collection = payload !== null && typeof payload === 'object' ? (payload as { collection?: unknown }).collection : undefined;
  return collection === 'lists' ? listPushRequestSchema : pushRequestSchema;
}

/**
 * [RJ1] A row the server will not write as it is (a cap, unsafe text, a permission): nothing of it changed and it got no
 * `seq`. The client keeps its document and shows `message`; pushing the document again retries it.
 */
export const refusedRowSchema = z.strictObject({ id: documentIdSchema, code: z.enum(ERROR_CODES), message: z.string().max(500) });
export type RefusedRow = z.infer<typeof refusedRowSchema>;

/**
 * Conflicts are return values: the server's current document of every row that was not written. `refused` is
 * present only when some row was refused ([RJ1]), so an acknowledgement without refusals is what it always was.
 */
export const pushResponseSchema = z.strictObject({
  conflicts: z.union([z.array(storedTaskSchema), z.array(storedTaskListSchema)]),
  refused: z.array(refusedRowSchema).optional(),
});
export type PushResponse = z.infer<typeof pushResponseSchema>;
