import { z } from 'zod';
import type { StoredTask } from '../domain/task';
import { checkpointSchema, type Checkpoint } from './checkpoint';
import { PROTOCOL_LIMITS } from './limits';

export const pullRequestSchema = z.strictObject({
  checkpoint: checkpointSchema.nullable(),
  limit: z.number().int().min(1).max(PROTOCOL_LIMITS.pullMaxLimit),
});
export type PullRequest = z.infer<typeof pullRequestSchema>;

export type PullResponse = { documents: StoredTask[]; checkpoint: Checkpoint | null };
