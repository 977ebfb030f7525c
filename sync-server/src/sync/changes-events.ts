import type { ReplicatedCollection } from '@tasklane/shared/protocol/collections';
import type { ChangesEventOf, DocumentOf } from './replicated-documents';
import type { FanOut } from '../store/sharing-store';
import type { ChangeNotifier } from './change-notifier';

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

/** [SH6] Tells other users' devices, on any instance, what a write or membership change did to what they hold. */
export async function publishFanOut(
  notifier: ChangeNotifier,
  generation: () => Promise<string>,
  fanOut: FanOut | undefined,
): Promise<void> {
  if (!fanOut || fanOut.length === 0) return;
  const current = await generation();
  for (const { userId, tasks, lists } of fanOut) {
    if (tasks.length > 0) for (const event of toChangesEvents('tasks', tasks, current)) notifier.publish(userId, event);
    if (lists.length > 0) for (const event of toChangesEvents('lists', lists, current)) notifier.publish(userId, event);
  }
}

/**
 * One change path for every listener: each event goes to the sockets' notifier and then to `listeners` (the GraphQL
 * subscriptions of docs/graphql.md [GQ9]), so whatever a user's sockets hear, they hear too.
 */
export function withListeners(notifier: ChangeNotifier, ...listeners: ChangeNotifier[]): ChangeNotifier {
  return {
    publish(userId, event) {
      notifier.publish(userId, event);
      for (const listener of listeners) listener.publish(userId, event);
    },
  };
}
