import type { StoredTask } from '@tasklane/shared/domain/task';
import type { ChangesEvent } from '@tasklane/shared/protocol/changes';

/**
 * Splits written documents into events whose `seq`s are contiguous, so that
 * `previous` is exactly the checkpoint before each event's first document and
 * a client can tell when something in between never reached it. Checkpoints
 * name the store's generation (docs/protocol.md [G2]).
 */
export function toChangesEvents(written: StoredTask[], generation: string): ChangesEvent[] {
  const sorted = [...written].sort((a, b) => a.seq - b.seq);
  const events: ChangesEvent[] = [];
  let run: StoredTask[] = [];
  const flush = () => {
    const first = run[0];
    const last = run[run.length - 1];
    if (!first || !last) return;
    events.push({
      documents: run,
      checkpoint: { seq: last.seq, generation },
      previous: first.seq > 1 ? { seq: first.seq - 1, generation } : null,
    });
    run = [];
  };
  for (const task of sorted) {
    const last = run[run.length - 1];
    if (last && task.seq !== last.seq + 1) flush();
    run.push(task);
  }
  flush();
  return events;
}
