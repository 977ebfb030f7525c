import { changesLeaveGap, checkpointSeq } from './checkpoint-position';

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
