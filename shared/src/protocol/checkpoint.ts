import { z } from 'zod';

/** Position in one user's change sequence: every change with `seq` ≤ this has been seen. */
export const checkpointSchema = z.strictObject({
  seq: z.number().int().nonnegative(),
});
export type Checkpoint = z.infer<typeof checkpointSchema>;
