import type { ReplicatedCollection } from '@tasklane/shared/protocol/collections';
import type { Checkpoint } from '@tasklane/shared/protocol/checkpoint';
import { checkpointSeq, fromAnotherGeneration } from '@tasklane/shared/sync/checkpoint-position';
import type { CheckpointTracker } from './changes-stream';

type SeqRange = { previous: Checkpoint | null; checkpoint: Checkpoint };

/**
 * [CM5] What this device has heard of each collection. `seq` is one per-user sequence over tasks and lists ([DM22])
 * while each collection keeps its own checkpoint, so the `previous` of a task event is often the seq of a list write,
 * past the task checkpoint without any task having been missed. Per collection, `heard` is a seq up to which every
 * change of that collection has reached the device (or is known not to exist):
 * - its own checkpoint;
 * - a `changes` event of another collection holds every seq of its range ([CH2], [CO3]), so it extends `heard` of the
 *   others when it starts within it;
 * - a pull of the collection that came back empty was answered after everything the device knew when it sent the
 *   request had been committed, and seqs are taken in order ([P4]), so the collection has nothing unseen up to the
 *   highest seq the device knew then.
 * An event leaves a gap for its collection only when its `previous` is past that collection's `heard`: a list write
 * never makes the tasks pull again, nor the reverse, and the pull a gap causes asks from the collection's checkpoint.
 */
export type StreamPosition = {
  /** Adds a collection and the checkpoint tracker of its replication. */
  track(collection: ReplicatedCollection, checkpoints: CheckpointTracker): void;
  /** Every `changes` event received, of any collection. */
  received(collection: ReplicatedCollection, event: SeqRange): void;
  /** Whether an event of `collection` starting after `previous` leaves a gap ([CH3] across collections). */
  leavesGap(collection: ReplicatedCollection, previous: Checkpoint | null): boolean;
  /** The highest seq this device knows was committed: to note before a pull request is sent. */
  knownSeq(): number;
  /** A pull of `collection` sent while the device knew `knownSeq` came back empty. */
  caughtUp(collection: ReplicatedCollection, knownSeq: number): void;
};

export function createStreamPosition(): StreamPosition {
  const trackers = new Map<ReplicatedCollection, CheckpointTracker>();
  const heard = new Map<ReplicatedCollection, number>();
  /** The generation of the seqs in `heard` and `highest`; seqs of another generation do not compare ([G5]). */
  let generation: string | undefined;
  let highest = 0;

  const heardOf = (collection: ReplicatedCollection) =>
    Math.max(heard.get(collection) ?? 0, checkpointSeq(trackers.get(collection)?.get() ?? null));

  function sameGeneration(checkpoint: Checkpoint | null): boolean {
    for (const tracker of trackers.values()) if (fromAnotherGeneration(checkpoint, tracker.get())) return false;
    if (checkpoint?.generation === undefined) return true;
    if (generation !== undefined && generation !== checkpoint.generation) return false;
    generation = checkpoint.generation;
    return true;
  }

  return {
    track(collection, checkpoints) {
      trackers.set(collection, checkpoints);
    },
    received(collection, event) {
      if (!sameGeneration(event.checkpoint)) return;
      highest = Math.max(highest, event.checkpoint.seq);
      for (const other of trackers.keys()) {
        if (other !== collection && checkpointSeq(event.previous) <= heardOf(other)) {
          heard.set(other, Math.max(heardOf(other), event.checkpoint.seq));
        }
      }
    },
    leavesGap(collection, previous) {
      return checkpointSeq(previous) > heardOf(collection);
    },
    knownSeq() {
      let known = highest;
      for (const collection of trackers.keys()) known = Math.max(known, heardOf(collection));
      return known;
    },
    caughtUp(collection, knownSeq) {
      heard.set(collection, Math.max(heardOf(collection), knownSeq));
    },
  };
}
