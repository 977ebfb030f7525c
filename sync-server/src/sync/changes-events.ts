import type { StoredTask } from '@tasklane/shared/domain/task';
import type { ChangesEvent } from '@tasklane/shared/protocol/changes';

/**
 * Splits written documents into events whose `seq`s are contiguous, so that
 * `previous` is exactly the checkpoint before each event's first document and
 * a client can tell when something in between never reached it.
 */
export function toChangesEvents(written: StoredTask[]): ChangesEvent[] {
  const sorted = [...written].sort((a, b) => a.seq - b.seq);
  const events: ChangesEvent[] = [];
  let run: StoredTask[] = [];
  const flush = () => {
    const first = run[0];
    const last = run[run.length - 1];
    if (!first || !last) return;
    events.push({
      documents: run,
      checkpoint: { seq: last.seq },
      previous: first.seq > 1 ? { seq: first.seq - 1 } : null,
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
