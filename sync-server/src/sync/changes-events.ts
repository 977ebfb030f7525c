import type { ReplicatedCollection } from '@tasklane/shared/protocol/collections';
import type { ChangesEventOf, DocumentOf } from './replicated-documents';

/**
 * Splits the documents one push wrote into events whose `seq`s are contiguous, so that `previous` is exactly the
 * checkpoint before each event's first document ([CH2]) and every seq after `previous`, up to `checkpoint`, is a
 * document of the event. Seqs are one sequence per user across collections, so an event also tells a client that
 * the other collections had no change in its range ([CO3]). Checkpoints name the store's generation ([G2]).
 */
export function toChangesEvents<C extends ReplicatedCollection>(
  collection: C,
  written: DocumentOf<C>[],
  generation: string,
): ChangesEventOf<C>[] {
  const sorted = [...written].sort((a, b) => a.seq - b.seq);
  const events: ChangesEventOf<C>[] = [];
  let run: DocumentOf<C>[] = [];
  const flush = () => {
    const first = run[0];
    const last = run[run.length - 1];
    if (!first || !last) return;
    events.push({
      collection,
      documents: run,
      checkpoint: { seq: last.seq, generation },
      previous: first.seq > 1 ? { seq: first.seq - 1, generation } : null,
    });
    run = [];
  };
  for (const document of sorted) {
    const last = run[run.length - 1];
    if (last && document.seq !== last.seq + 1) flush();
    run.push(document);
  }
  flush();
  return events;
}
