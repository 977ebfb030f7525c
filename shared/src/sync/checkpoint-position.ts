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

/**
 * Whether `received` comes from another store generation than `own` ([G5]): the
 * server was reset, so seqs cannot be compared and the client must pull (and be refused).
 * Unknown when either side names no generation (null, or a legacy checkpoint).
 */
export function fromAnotherGeneration(received: Checkpoint | null, own: Checkpoint | null): boolean {
  return received?.generation !== undefined && own?.generation !== undefined && received.generation !== own.generation;
}
