import { z } from 'zod';
import { storedTaskSchema } from '../domain/task';
import { checkpointSchema } from './checkpoint';

/** Server → client after every accepted write of the user (docs/protocol.md [CH1], [CH2]). */
export const changesEventSchema = z.strictObject({
  documents: z.array(storedTaskSchema),
  checkpoint: checkpointSchema,
  previous: checkpointSchema.nullable(),
});
export type ChangesEvent = z.infer<typeof changesEventSchema>;
