import { z } from 'zod';
import { storedTaskSchema } from '../domain/task';
import { checkpointSchema, serverCheckpointSchema } from './checkpoint';
import { PROTOCOL_LIMITS } from './limits';

export const pullRequestSchema = z.strictObject({
  checkpoint: checkpointSchema.nullable(),
  limit: z.number().int().min(1).max(PROTOCOL_LIMITS.pullMaxLimit),
});
export type PullRequest = z.infer<typeof pullRequestSchema>;

export const pullResponseSchema = z.strictObject({
  documents: z.array(storedTaskSchema),
  checkpoint: serverCheckpointSchema.nullable(),
});
export type PullResponse = z.infer<typeof pullResponseSchema>;
