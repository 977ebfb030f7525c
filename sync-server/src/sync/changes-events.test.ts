import { makeTask } from '@tasklane/testkit/task-fixture';
import { toChangesEvents } from './changes-events';

const written = (...seqs: number[]) => seqs.map((seq) => ({ ...makeTask({ title: `at ${seq}` }), seq }));

describe('changes events', () => {
  it('[CH2] written documents become events of contiguous seqs, each with the checkpoint just before it as previous', () => {
    const events = toChangesEvents('tasks', written(7, 3, 4, 1), 'g1');
    const shape = events.map(({ documents, checkpoint, previous }) => ({ seqs: documents.map((task) => task.seq), checkpoint, previous }));
    expect(shape).toEqual([
      { seqs: [1], checkpoint: { seq: 1, generation: 'g1' }, previous: null },
      { seqs: [3, 4], checkpoint: { seq: 4, generation: 'g1' }, previous: { seq: 2, generation: 'g1' } },
      { seqs: [7], checkpoint: { seq: 7, generation: 'g1' }, previous: { seq: 6, generation: 'g1' } },
    ]);
  });

  it('[CH2] nothing written is no event', () => {
    expect(toChangesEvents('tasks', [], 'g1')).toEqual([]);
  });
});
