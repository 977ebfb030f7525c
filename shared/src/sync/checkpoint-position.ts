import type { Checkpoint } from '../protocol/checkpoint';

/** Position in one user's change sequence; `null` is the beginning. Plain functions, no schema library. */
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
