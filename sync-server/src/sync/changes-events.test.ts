import { makeTask } from '@tasklane/testkit/task-fixture';
import { toChangesEvents } from './changes-events';

const written = (...seqs: number[]) => seqs.map((seq) => ({ ...makeTask({ title: `at ${seq}` }), seq }));

describe('changes events', () => {
  it('[CH2] written documents become events of contiguous seqs, each with the checkpoint just before it as previous', () => {
    const events = toChangesEvents(written(7, 3, 4, 1));
    const shape = events.map(({ documents, checkpoint, previous }) => ({ seqs: documents.map((task) => task.seq), checkpoint, previous }));
    expect(shape).toEqual([
      { seqs: [1], checkpoint: { seq: 1 }, previous: null },
      { seqs: [3, 4], checkpoint: { seq: 4 }, previous: { seq: 2 } },
      { seqs: [7], checkpoint: { seq: 7 }, previous: { seq: 6 } },
    ]);
  });

  it('[CH2] nothing written is no event', () => {
    expect(toChangesEvents([])).toEqual([]);
  });
});
