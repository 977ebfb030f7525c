import { checkpointSchema, serverCheckpointSchema } from '../protocol/checkpoint';
import { changesLeaveGap, checkpointSeq, fromAnotherGeneration } from './checkpoint-position';

describe('checkpoint', () => {
  it('[C1] a null checkpoint is the start of the sequence', () => {
    expect(checkpointSeq(null)).toBe(0);
    expect(checkpointSeq({ seq: 7 })).toBe(7);
  });

  it('[CH3] changes leave a gap only when they start after the client checkpoint', () => {
    expect(changesLeaveGap({ seq: 5 }, { seq: 5 })).toBe(false);
    expect(changesLeaveGap({ seq: 4 }, { seq: 5 })).toBe(false);
    expect(changesLeaveGap(null, null)).toBe(false);
    expect(changesLeaveGap({ seq: 6 }, { seq: 5 })).toBe(true);
    expect(changesLeaveGap({ seq: 1 }, null)).toBe(true);
  });
});

describe('checkpoint generations', () => {
  it('[G5] checkpoints of two named generations do not compare; a missing generation never counts as another', () => {
    expect(fromAnotherGeneration({ seq: 3, generation: 'a' }, { seq: 9, generation: 'b' })).toBe(true);
    expect(fromAnotherGeneration({ seq: 3, generation: 'a' }, { seq: 9, generation: 'a' })).toBe(false);
    expect(fromAnotherGeneration({ seq: 3 }, { seq: 9, generation: 'b' })).toBe(false);
    expect(fromAnotherGeneration({ seq: 3, generation: 'a' }, null)).toBe(false);
  });

  it('[G4] a client may send a checkpoint without a generation; the server always names one', () => {
    expect(checkpointSchema.safeParse({ seq: 4 }).success).toBe(true);
    expect(checkpointSchema.safeParse({ seq: 4, generation: 'f3b1c2d4-0000-4000-8000-000000000000' }).success).toBe(true);
    expect(serverCheckpointSchema.safeParse({ seq: 4 }).success).toBe(false);
    for (const generation of ['', 'x'.repeat(65), 'with space', { $ne: '' }]) {
      expect(checkpointSchema.safeParse({ seq: 4, generation }).success).toBe(false);
    }
  });
});
