import { z } from 'zod';
import { storedTaskSchema } from '../domain/task-schema';
import { storedTaskListSchema } from '../domain/task-list-schema';
import { serverCheckpointSchema } from './checkpoint';
import { REPLICATED_COLLECTIONS } from './collections';

/** Server → client after every accepted write of the user (docs/protocol.md [CH1], [CH2]); one collection per event. */
export const changesEventSchema = z.strictObject({
  collection: z.enum(REPLICATED_COLLECTIONS),
  documents: z.union([z.array(storedTaskSchema), z.array(storedTaskListSchema)]),
  checkpoint: serverCheckpointSchema,
  previous: serverCheckpointSchema.nullable(),
});
export type ChangesEvent = z.infer<typeof changesEventSchema>;
