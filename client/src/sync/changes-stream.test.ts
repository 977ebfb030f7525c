import { Subject } from 'rxjs';
import type { ChangesEvent } from '@tasklane/shared/protocol/changes';
import { createCheckpointTracker, createPullStream } from './changes-stream';
import { createStreamPosition } from './stream-position';

function setup(initialSeq: number | null) {
  const changes$ = new Subject<ChangesEvent>();
  const reconnected$ = new Subject<void>();
  const safetyTick$ = new Subject<number>();
  const checkpoints = createCheckpointTracker();
  if (initialSeq !== null) checkpoints.advance({ seq: initialSeq });
  const position = createStreamPosition();
  position.track('tasks', checkpoints);
  const out: unknown[] = [];
  createPullStream({ collection: 'tasks', changes$, reconnected$, safetyTick$, checkpoints, position }).subscribe((item) => out.push(item));
  return { changes$, reconnected$, safetyTick$, checkpoints, out };
}

const event = (previous: number | null, seq: number, generation = 'g1'): ChangesEvent => ({
  collection: 'tasks',
  documents: [],
  checkpoint: { seq, generation },
  previous: previous === null ? null : { seq: previous, generation },
});

describe('pull stream (changes → RxDB stream$)', () => {
  it('passes a changes event that follows the client checkpoint and advances it', () => {
    const s = setup(4);
    s.changes$.next(event(4, 5));
    expect(s.out).toEqual([{ documents: [], checkpoint: { seq: 5, generation: 'g1' } }]);
    expect(s.checkpoints.get()).toEqual({ seq: 5, generation: 'g1' });
  });

  it('[CH3] emits RESYNC, not the documents, when previous is past the client checkpoint (a gap)', () => {
    const s = setup(4);
    s.changes$.next(event(6, 7));
    expect(s.out).toEqual(['RESYNC']);
    expect(s.checkpoints.get()).toEqual({ seq: 4 });
  });

  it('treats the first event of an empty client as a gap unless it starts at the beginning', () => {
    const fresh = setup(null);
    fresh.changes$.next(event(null, 1));
    expect(fresh.out).toEqual([{ documents: [], checkpoint: { seq: 1, generation: 'g1' } }]);
    const behind = setup(null);
    behind.changes$.next(event(3, 4));
    expect(behind.out).toEqual(['RESYNC']);
  });

  it('drops events already covered by a pull', () => {
    const s = setup(10);
    s.changes$.next(event(7, 9));
    expect(s.out).toEqual([]);
  });

  it('[G5] a changes event from another store generation makes the client RESYNC, whatever its seq, and keeps the checkpoint', () => {
    const s = setup(null);
    s.checkpoints.advance({ seq: 10, generation: 'before-reset' });
    s.changes$.next(event(null, 1, 'after-reset'));
    s.changes$.next(event(10, 11, 'after-reset'));
    expect(s.out).toEqual(['RESYNC', 'RESYNC']);
    expect(s.checkpoints.get()).toEqual({ seq: 10, generation: 'before-reset' });
    s.checkpoints.advance({ seq: 12, generation: 'after-reset' });
    expect(s.checkpoints.get()).toEqual({ seq: 10, generation: 'before-reset' });
  });

  it('[G4] a legacy checkpoint without a generation learns it from the next checkpoint and never moves back', () => {
    const s = setup(5);
    s.checkpoints.advance({ seq: 5, generation: 'g1' });
    expect(s.checkpoints.get()).toEqual({ seq: 5, generation: 'g1' });
    s.checkpoints.advance({ seq: 3, generation: 'g1' });
    expect(s.checkpoints.get()).toEqual({ seq: 5, generation: 'g1' });
  });

  it('[CH4] emits RESYNC on every reconnect and on the safety timer', () => {
    const s = setup(1);
    s.reconnected$.next();
    s.safetyTick$.next(1);
    expect(s.out).toEqual(['RESYNC', 'RESYNC']);
  });
});
