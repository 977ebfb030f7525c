import { z } from 'zod';
import { storedTaskSchema, taskSchema } from '../domain/task';
import { PROTOCOL_LIMITS } from './limits';

export const pushRowSchema = z.strictObject({
  newDocumentState: taskSchema,
  assumedMasterState: taskSchema.optional(),
});
export type PushRow = z.infer<typeof pushRowSchema>;

export const pushRequestSchema = z
  .strictObject({
    rows: z.array(pushRowSchema).min(1).max(PROTOCOL_LIMITS.pushMaxRows),
  })
  .refine((request) => request.rows.every((row) => !row.assumedMasterState || row.assumedMasterState.id === row.newDocumentState.id), {
    message: 'assumedMasterState.id must equal newDocumentState.id',
  })
  .refine((request) => new Set(request.rows.map((row) => row.newDocumentState.id)).size === request.rows.length, {
    message: 'a push may hold each document id only once',
  });
export type PushRequest = z.infer<typeof pushRequestSchema>;

/** Conflicts are return values: the server's current document of every row that was not written. */
export const pushResponseSchema = z.strictObject({ conflicts: z.array(storedTaskSchema) });
export type PushResponse = z.infer<typeof pushResponseSchema>;
