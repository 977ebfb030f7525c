import { z } from 'zod';

/** Position in one user's change sequence: every change with `seq` ≤ this has been seen. */
export const checkpointSchema = z.strictObject({
  seq: z.number().int().nonnegative(),
});
export type Checkpoint = z.infer<typeof checkpointSchema>;

export function checkpointSeq(checkpoint: Checkpoint | null): number {
  return checkpoint === null ? 0 : checkpoint.seq;
}

/**
 * A `changes` event leaves a gap when it starts after the client's checkpoint:
 * something committed in between was never delivered, so the client must pull.
 */
export function changesLeaveGap(previous: Checkpoint | null, own: Checkpoint | null): boolean {
  return checkpointSeq(previous) > checkpointSeq(own);
}
