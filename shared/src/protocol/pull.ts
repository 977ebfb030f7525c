import { z } from 'zod';
import { storedTaskSchema } from '../domain/task-schema';
import { storedTaskListSchema } from '../domain/task-list-schema';
import { checkpointSchema, serverCheckpointSchema } from './checkpoint';
import { collectionSchema } from './collections';
import { PROTOCOL_LIMITS } from './limits';

export const pullRequestSchema = z.strictObject({
  collection: collectionSchema,
  checkpoint: checkpointSchema.nullable(),
  limit: z.number().int().min(1).max(PROTOCOL_LIMITS.pullMaxLimit),
});
export type PullRequest = z.infer<typeof pullRequestSchema>;

/** A pull's answer: documents of the requested collection, in `seq` order. */
export const pullResponseSchema = z.strictObject({
  documents: z.union([z.array(storedTaskSchema), z.array(storedTaskListSchema)]),
  checkpoint: serverCheckpointSchema.nullable(),
});
export type PullResponse = z.infer<typeof pullResponseSchema>;
