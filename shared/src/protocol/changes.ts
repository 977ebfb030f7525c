import { z } from 'zod';
import { storedTaskSchema } from '../domain/task';
import { serverCheckpointSchema } from './checkpoint';

/** Server → client after every accepted write of the user (docs/protocol.md [CH1], [CH2]). */
export const changesEventSchema = z.strictObject({
  documents: z.array(storedTaskSchema),
  checkpoint: serverCheckpointSchema,
  previous: serverCheckpointSchema.nullable(),
});
export type ChangesEvent = z.infer<typeof changesEventSchema>;
