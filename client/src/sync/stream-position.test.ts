import type { Checkpoint } from '@tasklane/shared/protocol/checkpoint';
import { createCheckpointTracker } from './changes-stream';
import { createStreamPosition } from './stream-position';

const at = (seq: number): Checkpoint => ({ seq, generation: 'g1' });
const range = (previous: number, seq: number) => ({ previous: at(previous), checkpoint: at(seq) });

function setup(tasksAt: number, listsAt: number) {
  const tasks = createCheckpointTracker();
  const lists = createCheckpointTracker();
  tasks.advance(at(tasksAt));
  lists.advance(at(listsAt));
  const position = createStreamPosition();
  position.track('tasks', tasks);
  position.track('lists', lists);
  return { tasks, lists, position };
}

describe('what a device has heard of each collection', () => {
  it('[CM5] [CO3] an event of the other collection covers its seqs: a task event after a list event it heard follows without a pull', () => {
    const { position, tasks, lists } = setup(10, 10);
    expect(position.leavesGap('lists', at(10))).toBe(false);
    position.received('lists', range(10, 11)); // a list written at seq 11 …
    lists.advance(at(11)); // … which the list stream takes
    expect(position.leavesGap('tasks', at(11))).toBe(false);
    position.received('tasks', range(11, 13));
    tasks.advance(at(13));
    expect(position.leavesGap('lists', at(13))).toBe(false);
  });

  it('[CM5] [CH3] a missed event is still a gap, for the collection it belonged to', () => {
    const { position } = setup(10, 10);
    // seq 11 (a list) never arrived; a task event starts after it.
    expect(position.leavesGap('tasks', at(11))).toBe(true);
    position.received('tasks', range(11, 12));
    // Tasks do not know 11 either: the task collection pulls; lists too when their next event comes.
    expect(position.leavesGap('lists', at(12))).toBe(true);
  });

  it('[CM5] a pull that comes back empty covers everything the device knew when it was sent', () => {
    const { position, tasks } = setup(4, 20);
    tasks.advance(at(5));
    const known = position.knownSeq();
    expect(known).toBe(20);
    position.caughtUp('tasks', known);
    expect(position.leavesGap('tasks', at(20))).toBe(false);
    expect(position.leavesGap('tasks', at(21))).toBe(true);
  });

  it('[CM5] [G5] events of another store generation tell nothing about this one', () => {
    const { position } = setup(10, 10);
    position.received('lists', { previous: { seq: 10, generation: 'other' }, checkpoint: { seq: 11, generation: 'other' } });
    expect(position.leavesGap('tasks', at(11))).toBe(true);
  });
});
